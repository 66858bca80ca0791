import Foundation
import Hummingbird
import PaperboyCore

/// `/settings`: email, password, API tokens, sessions, export and deletion.
struct SettingsController: Controller {
    let app: WebApp
    var service: AccountService { app.accounts }

    func addRoutes(to routes: Routes) {
        routes.add("/settings", get: { r, c in try await settings(r, c) })
        routes.add("/settings/email", post: { r, c in try await changeEmail(r, c) })
        routes.add("/settings/password", post: { r, c in try await changePassword(r, c) })
        routes.add("/settings/tokens", post: { r, c in try await createToken(r, c) })
        routes.add("/settings/tokens/:id/revoke", post: { r, c in try await revokeToken(r, c) })
        routes.add("/settings/sessions/end", post: { r, c in try await endSessions(r, c) })
        routes.add("/settings/export.json", get: { r, c in try await export(r, c) })
        routes.add("/settings/delete", post: { r, c in try await deleteAccount(r, c) })
    }

    /// Messages a redirect back to the page may ask for (`?done=`): fixed texts only, so the
    /// query string cannot put words on the page.
    static let notices = [
        "email": "We sent a link to the new address. Your email changes when you follow it.",
        "password": "Your password is changed.",
        "revoked": "The token is revoked; requests with it now get 401.",
        "resent": "We sent the confirmation link again.",
        "notifications": "Your notification setting is saved.",
    ]

    private func render(_ request: Request, _ viewer: Viewer, status: HTTPResponse.Status = .ok, error: String? = nil,
                        notice: String? = nil, newToken: NewTokenView? = nil) async throws -> Response {
        let user = try await service.accounts.user(id: viewer.user.id) ?? viewer.user
        let csrf = viewer.csrfToken ?? ""
        let tokens = try await service.accounts.apiTokens(userID: user.id).map { t in
            TokenView(id: t.id, name: t.name, created: CardBuilder.displayDate(Day(t.createdAt)),
                      lastUsed: t.lastUsedAt.map { "last used " + CardBuilder.displayDate(Day($0)) } ?? "never used", csrf: csrf)
        }
        let digests = try await app.digests.store.subscriptions(userID: user.id).filter(\.status.isLive).map(DigestController.link)
        let view = SettingsView(layout: layout("Settings", path: "/settings"), username: user.username, email: user.email,
                                emailVerified: user.emailVerified, role: user.role.rawValue, notifyByMail: user.notifyByMail,
                                csrf: csrf, error: error,
                                notice: notice ?? request.uri.queryParameters["done"].flatMap { Self.notices[String($0)] },
                                newToken: newToken, tokens: tokens, digests: digests, hasDigests: !digests.isEmpty)
        return accountPage(request, view, "settings", viewer: viewer, status: status)
    }

    func settings(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/settings") { try await render(request, $0) }
    }

    /// Runs a settings form; a `FormError` shows the page again with the message.
    private func form(_ request: Request, _ context: AppRequestContext,
                      _ body: (Viewer) async throws -> Response) async throws -> Response {
        try await signedIn(context, "/settings") { viewer in
            do { return try await body(viewer) } catch let error as FormError {
                return try await render(request, viewer, status: .unprocessableContent, error: error.message)
            }
        }
    }

    func changeEmail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await form(request, context) { viewer in
            let email = try context.form.required("email", label: "New email address", maxLength: 254)
            // Only a request that sends mail counts against the limit.
            try AccountRules.checkEmail(email)
            let key = "email-change:\(viewer.user.id)"
            if let wait = try await app.throttles.resend.wait(key) { throw throttled(wait, what: "address changes") }
            try await app.throttles.resend.fail(key)
            try await service.requestEmailChange(user: viewer.user, to: email)
            return redirect("/settings?done=email")
        }
    }

    func changePassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await form(request, context) { viewer in
            let key = "account:" + viewer.user.username.lowercased()
            if let wait = try await app.throttles.signIn.wait(key) { throw throttled(wait, what: "failed password checks") }
            do {
                try await service.changePassword(user: viewer.user, current: try context.form.password("current", label: "Current password"),
                                                 new: try context.form.password("password", label: "New password"))
            } catch let error as FormError {
                if error.message == AccountService.wrongPassword { try await app.throttles.signIn.fail(key) }
                throw error
            }
            return redirect("/settings?done=password")
        }
    }

    func createToken(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await form(request, context) { viewer in
            guard try await service.accounts.apiTokens(userID: viewer.user.id).count < 50 else {
                throw FormError("You have 50 tokens; revoke some before making more")
            }
            let name = try context.form.required("name", label: "Token name", maxLength: 60)
            let made = try await service.createToken(user: viewer.user, name: name)
            // Shown on this response only, never stored in the clear: no redirect.
            return try await render(request, viewer, status: .created, newToken: NewTokenView(name: made.token.name, secret: made.secret))
        }
    }

    func revokeToken(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await form(request, context) { viewer in
            guard let id = context.parameters.get("id").flatMap(Int64.init),
                  try await service.accounts.revokeAPIToken(id: id, userID: viewer.user.id) else {
                throw WebError.notFound("you have no such token")
            }
            return redirect("/settings?done=revoked")
        }
    }

    func endSessions(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/settings") { viewer in
            try await service.accounts.deleteSessions(userID: viewer.user.id)
            return redirect("/", cookies: [expiredSessionCookie()])
        }
    }

    /// Everything the hub holds about the person, as JSON (no password hash, no token secrets).
    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/settings") { viewer in
            let user = try await service.accounts.user(id: viewer.user.id) ?? viewer.user
            var collections: [DataExport.Collection] = []
            for c in try await community.collections(ownerID: user.id) {
                collections.append(.init(name: c.name, description: c.description, isPublic: c.isPublic, createdAt: c.createdAt,
                                         papers: try await community.items(collection: c.id).map { .init(id: $0.paper.id, note: $0.note, addedAt: $0.addedAt) }))
            }
            let interests = try await community.interestSignals(userID: user.id)
            let export = DataExport(
                user: user, apiTokens: try await service.accounts.apiTokens(userID: user.id),
                upvoted: try await community.upvotedPapers(userID: user.id), submitted: try await community.submittedPapers(userID: user.id),
                comments: try await community.comments(authorID: user.id).map {
                    .init(id: $0.id, paper: $0.paperID, parent: $0.parentID, text: $0.text, createdAt: $0.createdAt, editedAt: $0.editedAt)
                },
                collections: collections,
                linkCorrections: try await community.linkCorrections(userID: user.id).map {
                    .init(paper: $0.paperID, repository: $0.repository, projectPage: $0.projectPage, correctedAt: $0.correctedAt)
                },
                interests: .init(picked: interests.liked.filter { $0.sources.contains(.picked) }.map(\.paperID),
                                 notInterested: interests.notInterested, categories: interests.categories),
                digests: try await app.digests.store.subscriptions(userID: user.id).map {
                    .init(email: $0.email, status: $0.status.rawValue, schedule: $0.schedule, filter: $0.filter, createdAt: $0.createdAt)
                },
                exportedAt: Date())
            var reply = json(export)
            reply.cacheControl = CachePolicy.none
            var response = reply.response(for: request)
            response.headers[.contentDisposition] = "attachment; filename=\"paperboy-\(user.username).json\""
            return response
        }
    }

    func deleteAccount(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await form(request, context) { viewer in
            guard try await service.authenticate(login: viewer.user.username, password: try context.form.password("password")) != nil else {
                throw FormError("The password is wrong; your account is unchanged")
            }
            try await service.accounts.deleteUser(id: viewer.user.id)
            return redirect("/", cookies: [expiredSessionCookie()])
        }
    }
}

/// `/settings/export.json`: the account and everything its person did on the hub.
struct DataExport: Encodable {
    struct Comment: Encodable { var id: Int64; var paper: String; var parent: Int64?; var text: String; var createdAt: Date; var editedAt: Date? }
    struct Collection: Encodable {
        struct Item: Encodable { var id: String; var note: String; var addedAt: Date }
        var name: String; var description: String; var isPublic: Bool; var createdAt: Date; var papers: [Item]
    }
    var user: User
    var apiTokens: [APIToken]
    var upvoted: [String]
    var submitted: [String]
    var comments: [Comment]
    var collections: [Collection]
    /// The links the person corrected (`LinkCorrection`), as they stand; nil fields cleared a link.
    struct LinkCorrection: Encodable { var paper: String; var repository: String?; var projectPage: String?; var correctedAt: Date }
    var linkCorrections: [LinkCorrection]
    /// What the person told "For you" directly (upvotes and collections are above).
    struct Interests: Encodable { var picked: [String]; var notInterested: [String]; var categories: [String] }
    var interests: Interests
    /// The account's email digest subscriptions (their link tokens left out).
    struct Digest: Encodable { var email: String; var status: String; var schedule: DigestSchedule; var filter: DigestFilter; var createdAt: Date }
    var digests: [Digest]
    var exportedAt: Date
}
