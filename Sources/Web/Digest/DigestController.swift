import Digest
import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// Email digests on the web: the subscribe form (double opt-in for an address, none for a
/// signed-in account's own verified address), the confirm page, the page to change or end a
/// subscription (reached by the link in every digest; its token is the only key), RFC 8058
/// one-click unsubscribe, a browser preview and a feed of each subscription.
struct DigestController: Controller {
    let app: WebApp

    static func managePath(_ token: String) -> String { "/subscriptions/" + token }

    /// A subscription as a link to its page, in words.
    static func link(_ s: Subscription) -> LinkView {
        LinkView(label: "\(s.filter.summary), \(s.schedule.summary)", href: managePath(s.token))
    }

    func addRoutes(to routes: Routes) {
        routes.add("/subscribe", get: { r, c in try await form(r, c) }, post: { r, c in try await subscribe(r, c) })
        routes.add("/subscribe/confirm/:token", get: { r, c in try await confirmPage(r, c) }, post: { r, c in try await confirm(r, c) })
        routes.add("/subscriptions/:token", get: { r, c in try await manage(r, c) }, post: { r, c in try await update(r, c) })
        routes.add("/subscriptions/:token/end", post: { r, c in try await end(r, c, oneClick: false) })
        routes.add("/subscriptions/:token/preview", get: { r, c in try await preview(r, c) })
        routes.add("/subscriptions/:token/:file", get: { r, c in try await feed(r, c) })
        routes.add("/digest/preview", get: { r, c in try await myPreview(r, c) })
        // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` with no cookie, so no
        // CSRF token: the secret in the URL is the authority. GET shows the manage page.
        routes.add("/unsubscribe/:token", get: { r, c in try await manage(r, c) }, oneClickPost: { r, c in try await end(r, c, oneClick: true) })
    }

    private var digests: DigestPages { app.digests }

    // MARK: Subscribing

    func form(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let params = try QueryParams(request)
        var values = SubscriptionForm.Values()
        values.categories = params.string("cat") ?? ""
        values.exclude = params.string("exclude") ?? ""
        values.queries = params.string("q") ?? ""
        values.collections = params.string("collection") ?? ""
        values.email = context.viewer?.user.email ?? ""
        return try await formPage(request, context, values: values)
    }

    private func formPage(_ request: Request, _ context: AppRequestContext, values: SubscriptionForm.Values, error: String? = nil,
                          status: HTTPResponse.Status = .ok) async throws -> Response {
        let csrf = formCSRF(request, context)
        var mine: [Subscription] = []
        if let viewer = context.viewer { mine = try await digests.store.subscriptions(userID: viewer.user.id) }
        let existing = mine.filter(\.status.isLive).map(Self.link)
        let intro = context.viewer == nil
            ? "A mail of the papers you care about, daily on arXiv announcement days or weekly. We send a link to confirm first; nothing else arrives before you click it."
            : "Digests to your account's address need no confirmation. Include your For you ranking to get what it learns you like."
        let view = SubscribeView(
            layout: layout("Get papers in your inbox", path: "/subscribe"), heading: "Get trending papers in your inbox", intro: intro,
            error: error, csrf: csrf.token, action: "/subscribe", submit: "Subscribe",
            form: SubscriptionForm(values, signedIn: context.viewer != nil), existing: existing)
        return accountPage(request, view, "subscribe", viewer: context.viewer, status: status, cookies: csrf.cookie.map { [$0] } ?? [])
    }

    func subscribe(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let values = SubscriptionForm.Values(context.form)
        if let wait = try await app.throttles.subscribe.wait(context.clientKey) { throw throttled(wait, what: "subscriptions from your address") }
        let viewer = context.viewer
        // An account's own verified address needs no second confirmation.
        let own = viewer.map { $0.user.emailVerified && $0.user.email.lowercased() == values.email.trimmingCharacters(in: .whitespaces).lowercased() } ?? false
        do {
            let subscription = try await digests.desk.subscribe(NewSubscription(
                email: values.email, userID: viewer?.user.id, schedule: try values.schedule(), filter: try values.filter(), confirmed: own))
            try await app.throttles.subscribe.fail(context.clientKey)
            if subscription.status == .pending {
                return message(request, viewer: context.viewer, heading: "Check your inbox",
                               text: "We sent a link to \(subscription.email). Nothing is mailed until you follow it.", status: .created)
            }
            return redirect(Self.managePath(subscription.token) + "?made=1")
        } catch let error as SubscriptionError {
            return try await formPage(request, context, values: values, error: "\(error.field.capitalizedFirst): \(error.why)", status: .unprocessableContent)
        }
    }

    func confirmPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let subscription = try await find(context)
        let csrf = formCSRF(request, context)
        guard subscription.status == .pending else { return redirect(Self.managePath(subscription.token)) }
        var view = SubscribeView(layout: layout("Confirm your digest", path: "/subscribe"), heading: "Confirm your digest",
                                 intro: "Digests of \(subscription.filter.summary), \(subscription.schedule.summary), to \(subscription.email).",
                                 csrf: csrf.token, action: "/subscribe/confirm/\(subscription.token)", submit: "Confirm subscription")
        view.confirm = true
        return accountPage(request, view, "subscribe", viewer: context.viewer, cookies: csrf.cookie.map { [$0] } ?? [])
    }

    func confirm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let token = try find(token: context)
        guard let subscription = try await digests.store.confirmSubscription(token: token, now: Date()) else { throw notFound }
        return redirect(Self.managePath(subscription.token) + (subscription.status == .active ? "?confirmed=1" : ""))
    }

    // MARK: Managing

    func manage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let subscription = try await find(context)
        let params = try QueryParams(request)
        return try await managePage(request, context, subscription, values: SubscriptionForm.Values(subscription),
                                    notice: params.string("confirmed") != nil ? "Confirmed: your first digest comes at the next send time."
                                        : params.string("made") != nil ? "Subscribed." : params.string("saved") != nil ? "Saved." : nil)
    }

    private func managePage(_ request: Request, _ context: AppRequestContext, _ s: Subscription, values: SubscriptionForm.Values,
                            notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let csrf = formCSRF(request, context)
        let live = s.status.isLive
        let sent = try await digests.store.editions(subscriptionID: s.id, limit: 5)
        var view = SubscribeView(
            layout: layout("Your digest", path: Self.managePath(s.token)), heading: "Your digest to \(s.email)",
            intro: Self.describe(s), error: error, notice: notice, csrf: csrf.token, action: Self.managePath(s.token), submit: "Save changes",
            form: live ? SubscriptionForm(values, signedIn: s.userID != nil, emailFixed: true) : nil)
        view.manage = live ? ManageLinks(token: s.token) : nil
        view.sent = Section(sent.map { "\(DigestPeriod(key: $0.edition.key, first: $0.edition.first, last: $0.edition.last).title): \($0.edition.paperIDs.count) papers" })
        return accountPage(request, view, "subscribe", viewer: context.viewer, status: status, cookies: csrf.cookie.map { [$0] } ?? [])
    }

    static func describe(_ s: Subscription) -> String {
        switch s.status {
        case .pending: return "Waiting for the address to be confirmed: follow the link in the mail we sent."
        case .active: return "Active: \(s.filter.summary), \(s.schedule.summary)."
        case .unsubscribed: return "Ended: nothing more is sent. Subscribe again any time."
        case .suppressed: return "Stopped: the address's mail server refused our mail (\(s.reason ?? "a permanent error"))."
        }
    }

    func update(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let subscription = try await find(context)
        var values = SubscriptionForm.Values(context.form)
        values.email = subscription.email
        do {
            guard try await digests.desk.update(token: subscription.token, schedule: try values.schedule(), filter: try values.filter()) != nil
            else { throw notFound }
            return redirect(Self.managePath(subscription.token) + "?saved=1")
        } catch let error as SubscriptionError {
            return try await managePage(request, context, subscription, values: values, error: "\(error.field.capitalizedFirst): \(error.why)",
                                        status: .unprocessableContent)
        }
    }

    /// Ends the subscription at once: the manage page's button, or a mail client's one-click
    /// POST (which gets a plain 200 and no redirect, as RFC 8058 asks).
    func end(_ request: Request, _ context: AppRequestContext, oneClick: Bool) async throws -> Response {
        let token = try find(token: context)
        guard try await digests.store.endSubscription(token: token, now: Date()) != nil else { throw notFound }
        if oneClick {
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: CachePolicy.none],
                            body: .init(byteBuffer: .init(string: "Unsubscribed: no more digests are sent to this address.\n")))
        }
        return message(request, viewer: context.viewer, heading: "Unsubscribed", text: "No more digests are sent on this subscription.",
                       links: [LinkView(label: "Subscribe again", href: "/subscribe")])
    }

    // MARK: Reading

    func preview(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await throttle(context)
        return try await previewPage(request, try await find(context), viewer: context.viewer)
    }

    /// Each preview and feed selects a digest: a client gets a few a minute.
    private func throttle(_ context: AppRequestContext) async throws {
        if let wait = try await app.throttles.digestReads.wait(context.clientKey) { throw throttled(wait, what: "digest previews and feeds") }
        try await app.throttles.digestReads.fail(context.clientKey)
    }

    func myPreview(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/digest/preview") { viewer in
            let mine = try await digests.store.subscriptions(userID: viewer.user.id).filter(\.status.isLive)
            guard let subscription = mine.first else { return redirect("/subscribe") }
            try await throttle(context)
            return try await previewPage(request, subscription, viewer: viewer)
        }
    }

    /// The HTML part exactly as mailed: a standalone document, as a mail client shows it.
    private func previewPage(_ request: Request, _ s: Subscription, viewer: Viewer?) async throws -> Response {
        guard let preview = try await digests.service.preview(s, now: Date()) else {
            return message(request, viewer: viewer, heading: "Nothing to preview yet",
                           text: "No paper of the latest edition matches \(s.filter.summary).",
                           links: [LinkView(label: "Change the subscription", href: Self.managePath(s.token))])
        }
        return Reply(contentType: "text/html; charset=utf-8", body: preview.mail.html, cacheControl: CachePolicy.none).response(for: request)
    }

    func feed(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let file = try context.parameters.require("file")
        guard file.hasPrefix("feed."), let format = FeedFormat(rawValue: String(file.dropFirst(5))) else {
            throw WebError.notFound("no page \(file.prefix(60)) here; the feeds are feed.rss, feed.atom and feed.json")
        }
        try await throttle(context)
        let s = try await find(context)
        let papers = try await digests.service.feedPapers(s).map(\.paper)
        let doc = FeedDocument(
            title: "Paperboy digest: \(s.filter.summary)", description: "The papers of the last week that this digest selects",
            homeURL: absolute(Self.managePath(s.token)), selfURL: absolute(request.uri.path),
            updated: papers.map { FeedDocument.item($0, publicURL: "").updated }.max() ?? Date(),
            items: papers.map { FeedDocument.item($0, publicURL: config.publicURL) })
        return Reply(contentType: format.contentType, body: format.render(doc), cacheControl: CachePolicy.privatePage).response(for: request)
    }

    // MARK: Helpers

    private var notFound: WebError { WebError.notFound("no such subscription: the link may be mistyped, or from a subscription that was removed") }

    private func find(token context: AppRequestContext) throws -> String {
        let token = try context.parameters.require("token")
        guard token.count == 48, token.allSatisfy(\.isHexDigit) else { throw notFound }
        return token
    }

    private func find(_ context: AppRequestContext) async throws -> Subscription {
        guard let subscription = try await digests.store.subscription(token: try find(token: context)) else { throw notFound }
        return subscription
    }

    private func message(_ request: Request, viewer: Viewer?, heading: String, text: String,
                         links: [LinkView] = [], status: HTTPResponse.Status = .ok) -> Response {
        var view = SubscribeView(layout: layout(heading, path: "/subscribe"), heading: heading, intro: nil, notice: text, csrf: "", action: "", submit: "")
        view.links = links
        return accountPage(request, view, "subscribe", viewer: viewer, status: status)
    }
}

private extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
