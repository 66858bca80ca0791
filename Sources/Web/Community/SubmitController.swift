import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// `/submit`: a signed-in person puts a paper on the community list by arXiv id or URL;
/// papers the hub does not have are fetched from arXiv first. Moderators take submissions
/// off the list again (`POST /papers/{id}/submission/remove`).
struct SubmitController: Controller {
    let app: WebApp

    func addRoutes(to routes: Routes) {
        routes.add("/submit", get: { r, c in try await submitForm(r, c) }, post: { r, c in try await submit(r, c) })
        routes.add("/papers/:id/submission/remove", post: { r, c in try await remove(r, c, rawID: try c.parameters.require("id")) })
        routes.add("/papers/:id/:number/submission/remove", post: { r, c in
            try await remove(r, c, rawID: try oldStyleID(c))
        })
    }

    func submitForm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/submit") { viewer in
            accountPage(request, form(viewer), "account-form", viewer: viewer)
        }
    }

    func submit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/submit") { viewer in
            let typed = (context.form["paper"] ?? "").trimmingCharacters(in: .whitespaces)
            do {
                let id = try await paperToSubmit(typed, by: viewer.user)
                _ = try await community.submit(paperID: id, userID: viewer.user.id, now: Date())
                return redirect(CardBuilder.paperPath(id))
            } catch let error as SubmitError {
                return accountPage(request, form(viewer, typed: typed, error: error.message), "account-form", viewer: viewer, status: error.status)
            }
        }
    }

    func remove(_ request: Request, _ context: AppRequestContext, rawID: String) async throws -> Response {
        guard let viewer = context.viewer else { throw APIController.unauthorized }
        guard viewer.user.role >= .moderator else { throw WebError(.forbidden, "only moderators can remove submissions") }
        let paper = try await lookUp(try PathSegment.decode(rawID))
        if try await community.removeSubmission(paperID: paper.id) {
            try await community.audit(moderatorID: viewer.user.id, action: "remove submission", target: "paper \(paper.id)",
                                      detail: ModerationController.note(context.form["reason"]), now: Date())
        }
        return redirect(CardBuilder.paperPath(paper.id))
    }

    /// The paper `typed` names, in the store (fetched from arXiv when new), once the person
    /// may submit another today.
    private func paperToSubmit(_ typed: String, by user: User) async throws -> String {
        guard !typed.isEmpty else { throw SubmitError(.unprocessableContent, "Enter an arXiv id or an arxiv.org link") }
        guard typed.count <= 300, let id = ArxivID(typed) else {
            throw SubmitError(.unprocessableContent, "'\(typed.prefix(80))' is not an arXiv id (like 2403.01234) or an arxiv.org abs/pdf link")
        }
        if user.role < .moderator {
            let today = Day(Date()).date
            if try await community.submissionCount(userID: user.id, since: today) >= config.submissionsPerDay {
                throw SubmitError(.tooManyRequests, "You have submitted \(config.submissionsPerDay) papers today, the most one person may; try again tomorrow")
            }
        }
        if try await store.paper(id: id.base) != nil { return id.base }
        guard let arxiv = app.arxiv else {
            throw SubmitError(.unprocessableContent, "This hub has no paper \(id.base) and does not fetch papers from arXiv")
        }
        let found: Bool
        do {
            found = try await arxiv.fetchAndStore(ArxivID(base: id.base, version: nil))
        } catch {
            throw SubmitError(.serviceUnavailable, "arXiv could not be asked for \(id.base) just now; try again in a few minutes")
        }
        guard found, try await store.paper(id: id.base) != nil else {
            throw SubmitError(.unprocessableContent, "arXiv has no paper \(id.base)")
        }
        return id.base
    }

    private func form(_ viewer: Viewer, typed: String = "", error: String? = nil) -> AccountFormView {
        AccountFormView(
            layout: layout("Submit a paper", path: "/submit"), heading: "Submit a paper",
            intro: "Put a paper on today's community list. Papers this hub does not have yet are fetched from arXiv.",
            error: error, action: "/submit", csrf: viewer.csrfToken ?? "",
            fields: [FieldView(label: "arXiv id or link", name: "paper", value: typed, maxLength: 300,
                               hint: "e.g. 2403.01234, arXiv:2403.01234v2 or https://arxiv.org/abs/2403.01234")],
            submit: "Submit")
    }
}

/// Why a submission was refused, shown above the form again.
private struct SubmitError: Error {
    let status: HTTPResponse.Status
    let message: String
    init(_ status: HTTPResponse.Status, _ message: String) { self.status = status; self.message = message }
}
