import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// Corrections of the links a paper shows (`POST /papers/{id}/links`, the form on the paper
/// page): the person who submitted it and moderators set its repository and project page, or
/// clear them. The links found at import stay on the paper; the correction stands before them.
struct LinksController: Controller {
    let app: WebApp
    static let maxLength = 500

    func addRoutes(to routes: Routes) {
        routes.add("/papers/:id/links", post: { r, c in try await correct(r, c, rawID: try c.parameters.require("id")) })
        routes.add("/papers/:id/:number/links", post: { r, c in try await correct(r, c, rawID: try oldStyleID(c)) })
    }

    func correct(_ request: Request, _ context: AppRequestContext, rawID: String) async throws -> Response {
        let paper = try await lookUp(try PathSegment.decode(rawID))
        let path = CardBuilder.paperPath(paper.id)
        return try await signedIn(context, path) { viewer in
            let submission = try await community.activity(paperIDs: [paper.id])[paper.id]?.submission
            guard mayCorrectLinks(viewer, submission: submission) else {
                throw WebError(.forbidden, "only the person who submitted this paper and moderators can correct its links")
            }
            let repository = try Self.link(context.form, "repository", label: "The repository",
                                           expected: "a GitHub or GitLab repository, like https://github.com/owner/repo") {
                CodeLinks.repository($0)?.url
            }
            let page = try Self.link(context.form, "projectPage", label: "The project page",
                                     expected: "a web address starting with https:// or http://", check: CodeLinks.projectPage)
            try await community.correctLinks(paperID: paper.id, repository: repository, projectPage: page, userID: viewer.user.id, now: Date())
            return redirect(path)
        }
    }

    /// A link field: empty clears the link; anything else must pass `check`, which gives its
    /// normal form, or the person is told (422) what was expected.
    private static func link(_ form: FormData, _ name: String, label: String, expected: String,
                             check: (String) -> String?) throws -> String? {
        let typed = (form[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty else { return nil }
        guard typed.count <= maxLength else { throw FormError("\(label) is longer than \(maxLength) characters") }
        guard let url = check(typed) else { throw FormError("\(label) must be \(expected); '\(typed.prefix(80))' is not") }
        return url
    }
}

extension Controller {
    /// Who may correct a paper's links: moderators and whoever submitted it (claimed authors
    /// are to join them).
    func mayCorrectLinks(_ viewer: Viewer?, submission: Submission?) -> Bool {
        guard let viewer else { return false }
        return viewer.user.role >= .moderator || submission?.userID == viewer.user.id
    }

    /// The correction form of the paper page, filled with what the paper shows now.
    func linksForm(_ paperID: String, shown: CodeLinks?, viewer: Viewer) async throws -> LinksFormView {
        let correction = try await community.linkCorrection(paperID: paperID)
        return LinksFormView(action: CardBuilder.paperPath(paperID) + "/links", csrf: viewer.csrfToken ?? "",
                             repository: shown?.repository?.url ?? "", projectPage: shown?.projectPage ?? "",
                             correctedBy: correction.map { $0.username ?? "a deleted account" },
                             correctedOn: correction.map { CardBuilder.displayDate(Day($0.correctedAt)) })
    }
}

struct LinksFormView {
    var action: String
    var csrf: String
    var repository: String
    var projectPage: String
    var correctedBy: String?
    var correctedOn: String?
}
