import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// Upvotes: the vote button's form (`POST /papers/{id}/upvote`, which works without
/// JavaScript and answers `app.js` with JSON) and the API (`POST`/`DELETE
/// /api/papers/{id}/upvote`, with a token or a session). One vote per person and paper.
struct VoteController: Controller {
    let app: WebApp

    func addRoutes(to routes: Routes) {
        routes.add("/papers/:id/upvote", post: { r, c in try await formVote(r, c, rawID: try c.parameters.require("id")) })
        routes.add("/papers/:id/:number/upvote", post: { r, c in try await formVote(r, c, rawID: try oldStyleID(c)) })
        routes.add("/api/papers/:id/upvote",
                   post: { r, c in try await apiVote(r, c, rawID: try c.parameters.require("id"), up: true) },
                   delete: { r, c in try await apiVote(r, c, rawID: try c.parameters.require("id"), up: false) })
        routes.add("/api/papers/:id/:number/upvote",
                   post: { r, c in try await apiVote(r, c, rawID: try oldStyleID(c), up: true) },
                   delete: { r, c in try await apiVote(r, c, rawID: try oldStyleID(c), up: false) })
    }

    /// The form sends the state it wants (`up=1` or `up=0`), so a double click or a resent
    /// form leaves the vote as the person last saw it instead of flipping it back.
    func formVote(_ request: Request, _ context: AppRequestContext, rawID: String) async throws -> Response {
        let id = try paperID(rawID)
        let back = Self.returnPath(request, fallback: CardBuilder.paperPath(id))
        guard let viewer = context.viewer else { return redirect("/login?next=" + Escape.queryValue(back)) }
        let tally = try await vote(viewer, id, up: context.form["up"] != "0")
        if request.headers[.accept]?.contains("application/json") == true { return noStore(json(tally), request) }
        return redirect(back)
    }

    func apiVote(_ request: Request, _ context: AppRequestContext, rawID: String, up: Bool) async throws -> Response {
        guard let viewer = context.viewer else { throw APIController.unauthorized }
        return noStore(json(try await vote(viewer, try paperID(rawID), up: up)), request)
    }

    private func vote(_ viewer: Viewer, _ id: String, up: Bool) async throws -> VoteTally {
        let key = "vote:\(viewer.user.id)"
        // Counted first, so the vote past the limit is the one refused.
        try await app.throttles.votes.fail(key)
        if let wait = try await app.throttles.votes.wait(key) { throw throttled(wait, what: "votes") }
        do {
            return try await community.setVote(userID: viewer.user.id, paperID: id, up: up, now: Date())
        } catch CommunityError.noSuchPaper(let id) {
            throw WebError.notFound("no paper \(id) in this hub")
        }
    }

    /// Back to the page the button was on: the path of the Referer (never another site, as
    /// only the path is kept), else `fallback`.
    static func returnPath(_ request: Request, fallback: String) -> String {
        guard let referer = request.headers[.referer], let url = URLComponents(string: referer), !url.path.isEmpty else { return fallback }
        return AccountController.safeNext(url.path + (url.percentEncodedQuery.map { "?" + $0 } ?? ""))
    }

    private func paperID(_ raw: String) throws -> String {
        try arxivID(try PathSegment.decode(raw)).base
    }

    private func noStore(_ reply: Reply, _ request: Request) -> Response {
        var reply = reply
        reply.cacheControl = CachePolicy.none
        return reply.response(for: request)
    }
}
