import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// `/notifications`: replies to a person's comments and mentions of them, newest first, the
/// unread ones marked (opening the page reads them); and the setting that also mails them.
struct NoticesController: Controller {
    let app: WebApp

    func addRoutes(to routes: Routes) {
        routes.add("/notifications", get: { r, c in try await notices(r, c) })
        routes.add("/settings/notifications", post: { r, c in
            try await signedIn(c, "/settings") { viewer in
                try await app.accounts.accounts.setNotifyByMail(userID: viewer.user.id, c.form["mail"] == "1")
                return redirect("/settings?done=notifications")
            }
        })
    }

    func notices(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/notifications") { viewer in
            let notices = try await community.notices(userID: viewer.user.id, limit: 100)
            if notices.contains(where: { $0.readAt == nil }) { try await community.markNoticesRead(userID: viewer.user.id, now: Date()) }
            var seen = viewer
            seen.unreadNotices = 0
            let view = NoticesView(
                layout: layout("Notifications", path: "/notifications"),
                notices: notices.map { n in
                    let who = n.actorName ?? "Someone"
                    return NoticeView(text: n.kind == .reply ? "\(who) replied to your comment" : "\(who) mentioned you",
                                      href: CardBuilder.paperPath(n.paperID) + "#c\(n.commentID)",
                                      date: CardBuilder.displayDate(Day(n.createdAt)), unread: n.readAt == nil)
                })
            return accountPage(request, view, "notifications", viewer: seen)
        }
    }
}
