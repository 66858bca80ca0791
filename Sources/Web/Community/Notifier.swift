import Foundation
import PaperboyCore
import PaperboyStore

/// Mails the people a new comment concerns, when they asked for mail (everyone sees their
/// notices on /notifications). Through the outbox, so a mail outage loses nothing.
struct Notifier: Sendable {
    let accounts: any AccountStore
    let outbox: any MailStore
    let publicURL: String

    func mail(_ posted: PostedComment, paperTitle: String, now: Date = Date()) async throws {
        guard !posted.notified.isEmpty, let actor = posted.comment.authorName else { return }
        let link = publicURL + CardBuilder.paperPath(posted.comment.paperID) + "#c\(posted.comment.id)"
        for recipient in posted.notified {
            guard let user = try await accounts.user(id: recipient.userID), user.notifyByMail, user.emailVerified, user.bannedAt == nil else {
                continue
            }
            try await outbox.enqueue(AccountMail.notice(to: user, actor: actor, kind: recipient.kind, paperTitle: paperTitle, link: link), now: now)
        }
    }
}
