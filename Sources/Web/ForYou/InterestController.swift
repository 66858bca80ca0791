import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// What a person tells their "For you" ranking directly: `/for-you` (categories, seed papers
/// found by search, and every signal with a way to take it back) and the `POST
/// /papers/{id}/interest` behind "Not interested" and "More like this".
struct InterestController: Controller {
    let app: WebApp
    static let path = "/for-you"
    static let maxCategories = 20

    static func action(_ paperID: String) -> String { CardBuilder.paperPath(paperID) + "/interest" }

    func addRoutes(to routes: Routes) {
        routes.add("/for-you", get: { r, c in try await setup(r, c) })
        routes.add("/for-you/categories", post: { r, c in try await setCategories(r, c) })
        routes.add("/papers/:id/interest", post: { r, c in try await mark(r, c, rawID: try c.parameters.require("id")) })
        routes.add("/papers/:id/:number/interest", post: { r, c in try await mark(r, c, rawID: try oldStyleID(c)) })
    }

    /// `interested=1` (more like this), `0` (not interested) or empty (forget the mark).
    func mark(_ request: Request, _ context: AppRequestContext, rawID: String) async throws -> Response {
        let id = try arxivID(try PathSegment.decode(rawID)).base
        let back = VoteController.returnPath(request, fallback: Self.path)
        return try await signedIn(context, back) { viewer in
            let interested: Bool? = switch context.form["interested"] ?? "" {
            case "1": true
            case "0": false
            case "": nil
            case let other: throw WebError.badRequest("interested is 1, 0 or empty, not '\(other.prefix(20))'")
            }
            let key = "interest:\(viewer.user.id)"
            try await app.throttles.votes.fail(key)
            if let wait = try await app.throttles.votes.wait(key) { throw throttled(wait, what: "changes to your interests") }
            do {
                try await community.setInterest(userID: viewer.user.id, paperID: id, interested: interested, now: Date())
            } catch CommunityError.noSuchPaper(let id) {
                throw WebError.notFound("no paper \(id) in this hub")
            }
            return redirect(back)
        }
    }

    func setCategories(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, Self.path) { viewer in
            let raw = context.form["categories"] ?? ""
            let words = raw.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
            if let bad = words.first(where: { !CategoryFilter.isValidPattern($0) }) {
                return try await setupPage(request, viewer, search: nil, error: "'\(bad.prefix(40))' is not a category: write them like cs.CL, math.PR or cs.*",
                                           categories: raw, status: .unprocessableContent)
            }
            guard words.count <= Self.maxCategories else {
                return try await setupPage(request, viewer, search: nil, error: "Pick at most \(Self.maxCategories) categories",
                                           categories: raw, status: .unprocessableContent)
            }
            try await community.setInterestCategories(userID: viewer.user.id, words)
            return redirect(Self.path)
        }
    }

    func setup(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let search = try searchParams(try QueryParams(request))
        return try await signedIn(context, Self.path + (search.query.isEmpty ? "" : "?q=" + Escape.queryValue(search.query))) { viewer in
            try await setupPage(request, viewer, search: search)
        }
    }

    private func setupPage(_ request: Request, _ viewer: Viewer, search: SearchParams?, error: String? = nil, categories: String? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        let signals = try await community.interestSignals(userID: viewer.user.id)
        var found: [PaperCardView] = []
        if let search, !search.query.isEmpty {
            let results = try await runSearch(search, offset: 0, limit: 10, countsTotal: false)
            let liked = Set(signals.liked.map(\.paperID))
            let extras = try await cardExtras(results.hits.map(\.paper.id), viewer: viewer)
            found = results.hits.filter { !liked.contains($0.paper.id) }.map { hit in
                var card = extras.card(hit.paper)
                card.pickAction = Self.action(hit.paper.id)
                return card
            }
        }
        let rejected = try await store.papers(ids: signals.notInterested)
        let latest = try await latestRange(CategoryFilter(include: signals.categories)).map(RangeParser.path)
        let view = ForYouSetupView(
            layout: layout("For you", path: Self.path), csrf: viewer.csrfToken ?? "", error: error,
            categories: categories ?? signals.categories.joined(separator: ", "), query: search?.query ?? "",
            searched: search?.query.isEmpty == false, found: found,
            liked: signals.liked.map { paper in
                SignalView(title: paper.title, href: CardBuilder.paperPath(paper.paperID), action: Self.action(paper.paperID),
                           context: PersonalRanking.describe(paper.sources), removable: paper.sources.contains(.picked))
            },
            notInterested: rejected.map { SignalView(title: $0.title, href: CardBuilder.paperPath($0.id), action: Self.action($0.id),
                                                      context: "", removable: true) },
            forYouHref: (latest ?? "/") + "?view=" + PaperSelection.forYou.rawValue,
            available: semantic?.recommender != nil)
        return accountPage(request, view, "for-you", viewer: viewer, status: status)
    }
}

struct ForYouSetupView {
    var layout: LayoutView
    var csrf: String
    var error: String?
    var categories: String
    var query: String
    var searched: Bool
    var found: [PaperCardView]
    var liked: [SignalView]
    var notInterested: [SignalView]
    var forYouHref: String
    /// False while the hub has no embeddings: only categories can shape the view then.
    var available: Bool
}

/// One signal on the For you page, with the form that takes it back.
struct SignalView {
    var title: String
    var href: String
    var action: String
    var context: String
    /// Upvotes and saves are taken back where they were made; seeds and rejections here.
    var removable: Bool
}
