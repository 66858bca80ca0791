import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// Reports from anyone signed in, and what moderators do about them: the queue and audit
/// log (`/moderation`), hiding and restoring comments, banning accounts. Every moderator
/// action lands in the audit log.
struct ModerationController: Controller {
    let app: WebApp

    func addRoutes(to routes: Routes) {
        routes.add("/moderation", get: { r, c in try await queue(r, c) })
        routes.add("/moderation/reports/:id/resolve", post: { r, c in try await moderate(c) { moderator in
            let id = try DiscussionController.commentID(c.parameters.get("id") ?? "")
            guard try await community.resolveReport(id: id, moderatorID: moderator.user.id, note: Self.note(c.form["note"]), now: Date()) else {
                throw WebError.notFound("no open report \(id)")
            }
            return "/moderation"
        } })
        for (verb, hidden) in [("hide", true), ("restore", false)] {
            routes.add(RouterPath("/comments/:id/\(verb)"), post: { r, c in try await moderate(c) { moderator in
                let id = try DiscussionController.commentID(c.parameters.get("id") ?? "")
                guard try await community.setCommentHidden(id: id, hidden: hidden, moderatorID: moderator.user.id,
                                                          reason: Self.note(c.form["reason"]), now: Date()),
                      let comment = try await community.comment(id: id) else { throw WebError.notFound("no comment \(id)") }
                return CardBuilder.paperPath(comment.paperID) + "#c\(id)"
            } })
        }
        routes.add("/comments/:id/report", post: { r, c in try await report(c) {
            let id = try DiscussionController.commentID(c.parameters.get("id") ?? "")
            guard let comment = try await community.comment(id: id) else { throw WebError.notFound("no comment \(id)") }
            return (.comment(id), CardBuilder.paperPath(comment.paperID) + "#c\(id)")
        } })
        routes.add("/papers/:id/report", post: { r, c in try await reportPaper(c, rawID: try c.parameters.require("id")) })
        routes.add("/papers/:id/:number/report", post: { r, c in
            try await reportPaper(c, rawID: try oldStyleID(c))
        })
        for (verb, banned) in [("ban", true), ("unban", false)] {
            routes.add(RouterPath("/u/:username/\(verb)"), post: { r, c in try await moderate(c) { moderator in
                try await ban(c.parameters.get("username") ?? "", banned: banned, by: moderator, reason: Self.note(c.form["reason"]))
            } })
        }
    }

    func queue(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/moderation") { viewer in
            guard viewer.user.role >= .moderator else { throw WebError(.forbidden, "the moderation queue is for moderators") }
            let reports = try await community.openReports(limit: 200).map { r -> ReportView in
                let (what, href): (String, String) = switch r.target {
                case .comment(let id): ("Comment \(id)", "/comments/\(id)/history")
                case .paper(let id): ("Paper \(id)", CardBuilder.paperPath(id))
                }
                return ReportView(id: r.id, what: what, href: href, reporter: r.reporterName ?? "a deleted account", reason: r.reason,
                                  date: CardBuilder.displayDate(Day(r.createdAt)))
            }
            let audit = try await community.auditLog(limit: 200).map {
                AuditView(who: $0.moderatorName ?? "a deleted account", action: $0.action, target: $0.target, detail: $0.detail.isEmpty ? nil : $0.detail,
                          date: DateFormats.iso($0.at, milliseconds: false))
            }
            let view = ModerationView(layout: layout("Moderation", path: "/moderation"), csrf: viewer.csrfToken ?? "",
                                      reports: reports, audit: audit)
            return accountPage(request, view, "moderation", viewer: viewer)
        }
    }

    /// A moderator's action; `body` returns where to go after it.
    private func moderate(_ context: AppRequestContext, _ body: (Viewer) async throws -> String) async throws -> Response {
        guard let viewer = context.viewer else { throw APIController.unauthorized }
        guard viewer.user.role >= .moderator else { throw WebError(.forbidden, "only moderators can do this") }
        return redirect(try await body(viewer))
    }

    private func reportPaper(_ context: AppRequestContext, rawID: String) async throws -> Response {
        try await report(context) {
            let paper = try await lookUp(try PathSegment.decode(rawID))
            return (.paper(paper.id), CardBuilder.paperPath(paper.id))
        }
    }

    /// Anyone signed in reports, a few times an hour at most.
    private func report(_ context: AppRequestContext, _ target: () async throws -> (Report.Target, String)) async throws -> Response {
        guard let viewer = context.viewer else { throw APIController.unauthorized }
        let reason = try context.form.required("reason", label: "A reason", maxLength: 500)
        let key = "report:\(viewer.user.id)"
        try await app.throttles.reports.fail(key)
        if let wait = try await app.throttles.reports.wait(key) { throw throttled(wait, what: "reports") }
        let (what, back) = try await target()
        try await community.report(what, reporterID: viewer.user.id, reason: reason, now: Date())
        return redirect(back)
    }

    /// Moderators ban users; only admins ban moderators. A ban ends the account's sessions and
    /// tokens at once (`AccountStore.setBanned`).
    private func ban(_ username: String, banned: Bool, by moderator: Viewer, reason: String) async throws -> String {
        guard username.count <= 64, let user = try await app.accounts.accounts.user(username: username) else {
            throw WebError.notFound("no user \(username.prefix(64))")
        }
        guard user.role < moderator.user.role || moderator.user.role == .admin, user.id != moderator.user.id else {
            throw WebError(.forbidden, "you cannot \(banned ? "ban" : "unban") \(user.username)")
        }
        try await app.accounts.accounts.setBanned(userID: user.id, at: banned ? Date() : nil)
        try await community.audit(moderatorID: moderator.user.id, action: banned ? "ban user" : "lift ban",
                                  target: "user \(user.username)", detail: reason, now: Date())
        return "/u/" + user.username
    }

    static func note(_ raw: String?) -> String {
        String((raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500))
    }
}
