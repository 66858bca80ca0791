import Foundation
import Hummingbird
import PaperboyCore

/// Sign-up, sign-in, sign-out, email confirmation, password reset and public profiles.
struct AccountController: Controller {
    let app: WebApp
    var service: AccountService { app.accounts }
    var throttles: Throttles { app.throttles }

    func addRoutes(to routes: Routes) {
        routes.add("/signup", get: { r, c in signUpForm(r, c) }, post: { r, c in try await signUp(r, c) })
        routes.add("/login", get: { r, c in signInForm(r, c) }, post: { r, c in try await signIn(r, c) })
        routes.add("/logout", post: { r, c in try await signOut(r, c) })
        routes.add("/verify", get: { r, c in try confirmForm(r, c) }, post: { r, c in try await confirm(r, c) })
        routes.add("/verify/resend", post: { r, c in try await resendConfirmation(r, c) })
        routes.add("/reset", get: { r, c in resetForm(r, c) }, post: { r, c in try await requestReset(r, c) })
        routes.add("/reset/confirm", get: { r, c in try newPasswordForm(r, c) }, post: { r, c in try await resetPassword(r, c) })
        routes.add("/u/:username", get: { r, c in try await profile(r, c, username: try c.parameters.require("username")) })
    }

    // MARK: Sign-up

    private func signUpView(csrf: String, values: [String: String] = [:], error: String? = nil) -> AccountFormView {
        AccountFormView(
            layout: layout("Sign up", path: "/signup"), heading: "Create your account",
            intro: "Upvote, discuss and collect papers, and get the ones you care about by mail.",
            error: error, action: "/signup", csrf: csrf,
            fields: [
                FieldView(label: "Username", name: "username", value: values["username"] ?? "", autocomplete: "username", maxLength: 32,
                          hint: "3–32 letters, digits, '-' or '_'; shown on what you post"),
                FieldView(label: "Email", name: "email", type: "email", value: values["email"] ?? "", autocomplete: "email", maxLength: 254,
                          hint: "never shown to anyone; we send a link to confirm it"),
                FieldView(label: "Password", name: "password", type: "password", autocomplete: "new-password",
                          hint: "at least 10 characters, not a common password"),
            ],
            submit: "Sign up", links: [LinkView(label: "Have an account? Sign in", href: "/login")])
    }

    func signUpForm(_ request: Request, _ context: AppRequestContext) -> Response {
        if context.viewer != nil { return redirect("/settings") }
        let csrf = anonymousCSRF(request)
        return accountPage(request, signUpView(csrf: csrf.token), "account-form", viewer: nil, cookies: csrf.cookie.map { [$0] } ?? [])
    }

    func signUp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let csrf = anonymousCSRF(request).token
        let values = ["username": context.form["username"] ?? "", "email": context.form["email"] ?? ""]
        if let wait = try await throttles.signUp.wait(context.clientKey) { throw throttled(wait, what: "new accounts from your address") }
        do {
            let form = AccountService.SignUp(
                username: try context.form.required("username", label: "Username", maxLength: 32),
                email: try context.form.required("email", label: "Email", maxLength: 254),
                password: try context.form.password("password"))
            let user = try await service.signUp(form)
            try await throttles.signUp.fail(context.clientKey)
            var view = signUpView(csrf: csrf)
            view.heading = "Check your inbox"
            view.intro = nil
            view.notice = "We sent a link to \(user.email). Follow it to confirm your address, then sign in."
            view.showForm = false
            view.links = [LinkView(label: "Sign in", href: "/login")]
            return accountPage(request, view, "account-form", viewer: nil, status: .created)
        } catch let error as FormError {
            return accountPage(request, signUpView(csrf: csrf, values: values, error: error.message), "account-form", viewer: nil, status: .unprocessableContent)
        }
    }

    // MARK: Sign-in and sign-out

    private func signInView(csrf: String, login: String = "", next: String, error: String? = nil, notice: String? = nil) -> AccountFormView {
        AccountFormView(
            layout: layout("Sign in", path: "/login"), heading: "Sign in", error: error, notice: notice, action: "/login", csrf: csrf,
            hidden: next == "/" ? [] : [HiddenField(name: "next", value: next)],
            fields: [
                FieldView(label: "Username or email", name: "login", value: login, autocomplete: "username", maxLength: 254),
                FieldView(label: "Password", name: "password", type: "password", autocomplete: "current-password"),
            ],
            submit: "Sign in",
            links: [LinkView(label: "Forgot your password?", href: "/reset"), LinkView(label: "New here? Create an account", href: "/signup")])
    }

    /// Where to go after signing in: a path on this site only (no open redirect).
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\"), raw.count <= 500,
              raw.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else { return "/" }
        return raw
    }

    func signInForm(_ request: Request, _ context: AppRequestContext) -> Response {
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        if context.viewer != nil { return redirect(next) }
        let csrf = anonymousCSRF(request)
        let notice = request.uri.queryParameters["done"] == "reset" ? "Your password is changed. Sign in with the new one." : nil
        return accountPage(request, signInView(csrf: csrf.token, next: next, notice: notice), "account-form", viewer: nil,
                           cookies: csrf.cookie.map { [$0] } ?? [])
    }

    func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let next = Self.safeNext(context.form["next"])
        let login = (context.form["login"] ?? "").trimmingCharacters(in: .whitespaces)
        let accountKey = "account:" + login.lowercased()
        let clientWait = try await throttles.signIn.wait(context.clientKey), accountWait = try await throttles.signIn.wait(accountKey)
        if let wait = clientWait ?? accountWait {
            app.metrics.recordSignIn(.throttled)
            throw throttled(wait, what: "failed sign-ins")
        }
        let csrf = anonymousCSRF(request).token
        let user: User?
        do {
            user = try await service.authenticate(login: try context.form.required("login", label: "Username or email", maxLength: 254),
                                                  password: try context.form.password("password"))
        } catch let error as FormError {
            return accountPage(request, signInView(csrf: csrf, login: login, next: next, error: error.message), "account-form", viewer: nil,
                               status: .unprocessableContent)
        }
        guard let user else {
            app.metrics.recordSignIn(.wrongPassword)
            try await throttles.signIn.fail(context.clientKey)
            try await throttles.signIn.fail(accountKey)
            return accountPage(request, signInView(csrf: csrf, login: login, next: next, error: "Wrong username or password"),
                               "account-form", viewer: nil, status: .unauthorized)
        }
        // Only the right password learns of a ban, so a ban reveals nothing to a guesser.
        if user.bannedAt != nil {
            return accountPage(request, signInView(csrf: csrf, login: login, next: next, error: "This account is banned by the moderators"),
                               "account-form", viewer: nil, status: .forbidden)
        }
        try await throttles.signIn.reset(accountKey)
        app.metrics.recordSignIn(.ok)
        // A new session id at every sign-in: a cookie planted before cannot ride along.
        if let old = context.viewer?.session { try await service.accounts.deleteSession(secretHash: old.secretHash) }
        let (secret, _) = try await service.startSession(for: user)
        return redirect(next, cookies: [sessionCookie(secret)])
    }

    func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let session = context.viewer?.session { try await service.accounts.deleteSession(secretHash: session.secretHash) }
        return redirect("/", cookies: [expiredSessionCookie()])
    }

    // MARK: Email confirmation

    /// A GET never changes anything (mail scanners open links): the page asks for one click.
    func confirmForm(_ request: Request, _ context: AppRequestContext) throws -> Response {
        let token = try Self.token(request.uri.queryParameters["token"].map(String.init))
        let csrf = formCSRF(request, context)
        let view = AccountFormView(layout: layout("Confirm your email address", path: "/verify"), heading: "Confirm your email address",
                                   action: "/verify", csrf: csrf.token, hidden: [HiddenField(name: "token", value: token)], fields: [],
                                   submit: "Confirm my address")
        return accountPage(request, view, "account-form", viewer: context.viewer, cookies: csrf.cookie.map { [$0] } ?? [])
    }

    func confirm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let token = try Self.token(context.form["token"])
        var view = AccountFormView(layout: layout("Confirm your email address", path: "/verify"), heading: "Address confirmed",
                                   showForm: false, action: "/verify", csrf: "", fields: [], submit: "")
        do {
            if let user = try await service.confirm(token: token) {
                view.notice = "\(user.email) is confirmed. Welcome, \(user.username)!"
                view.links = [context.viewer == nil ? LinkView(label: "Sign in", href: "/login") : LinkView(label: "Back to the papers", href: "/")]
                return accountPage(request, view, "account-form", viewer: context.viewer)
            }
            view.error = "This link is invalid, used or expired. Sign in and ask for a new one on the settings page."
        } catch let error as FormError {
            view.error = error.message
        }
        view.heading = "Cannot confirm"
        return accountPage(request, view, "account-form", viewer: context.viewer, status: .badRequest)
    }

    func resendConfirmation(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await signedIn(context, "/settings") { viewer in
            guard !viewer.user.emailVerified else { return redirect("/settings") }
            let key = "user:\(viewer.user.id)"
            if let wait = try await throttles.resend.wait(key) { throw throttled(wait, what: "confirmation mails") }
            try await throttles.resend.fail(key)
            try await service.sendVerification(to: viewer.user)
            return redirect("/settings?done=resent")
        }
    }

    /// A token from a mail link: the shape `Secrets.make` gives, else a clear 400.
    static func token(_ raw: String?) throws -> String {
        guard let raw, (32...64).contains(raw.count), Secrets.isURLSafe(raw) else {
            throw WebError.badRequest("this link is incomplete: its 'token' is missing or damaged; open it again from the mail, or copy the whole address")
        }
        return raw
    }

    // MARK: Password reset

    func resetForm(_ request: Request, _ context: AppRequestContext) -> Response {
        let csrf = anonymousCSRF(request)
        let view = AccountFormView(
            layout: layout("Reset your password", path: "/reset"), heading: "Reset your password",
            intro: "Give the address of your account; we mail you a link to choose a new password.",
            action: "/reset", csrf: csrf.token,
            fields: [FieldView(label: "Email", name: "email", type: "email", autocomplete: "email", maxLength: 254)], submit: "Send the link")
        return accountPage(request, view, "account-form", viewer: context.viewer, cookies: csrf.cookie.map { [$0] } ?? [])
    }

    func requestReset(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let email = try context.form.required("email", label: "Email", maxLength: 254)
        let key = "email:" + email.lowercased()
        let clientWait = try await throttles.reset.wait(context.clientKey), addressWait = try await throttles.reset.wait(key)
        if let wait = clientWait ?? addressWait { throw throttled(wait, what: "reset requests") }
        try await throttles.reset.fail(context.clientKey)
        try await throttles.reset.fail(key)
        try await service.requestReset(email: email)
        let view = AccountFormView(
            layout: layout("Reset your password", path: "/reset"), heading: "Check your inbox",
            notice: "If an account uses \(email), a link to choose a new password is on its way. It works for one hour.",
            showForm: false, action: "/reset", csrf: "", fields: [], submit: "")
        return accountPage(request, view, "account-form", viewer: context.viewer)
    }

    private func newPasswordView(csrf: String, token: String, error: String? = nil) -> AccountFormView {
        AccountFormView(layout: layout("Choose a new password", path: "/reset/confirm"), heading: "Choose a new password", error: error,
                        action: "/reset/confirm", csrf: csrf, hidden: [HiddenField(name: "token", value: token)],
                        fields: [FieldView(label: "New password", name: "password", type: "password", autocomplete: "new-password",
                                           hint: "at least 10 characters, not a common password")],
                        submit: "Set the new password")
    }

    func newPasswordForm(_ request: Request, _ context: AppRequestContext) throws -> Response {
        let token = try Self.token(request.uri.queryParameters["token"].map(String.init))
        let csrf = formCSRF(request, context)
        return accountPage(request, newPasswordView(csrf: csrf.token, token: token), "account-form", viewer: context.viewer,
                           cookies: csrf.cookie.map { [$0] } ?? [])
    }

    func resetPassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let token = try Self.token(context.form["token"])
        do {
            _ = try await service.resetPassword(token: token, password: try context.form.password("password"))
            return redirect("/login?done=reset", cookies: [expiredSessionCookie()])
        } catch let error as FormError {
            let csrf = formCSRF(request, context).token
            return accountPage(request, newPasswordView(csrf: csrf, token: token, error: error.message), "account-form",
                               viewer: context.viewer, status: .unprocessableContent)
        }
    }

    // MARK: Profiles

    func profile(_ request: Request, _ context: AppRequestContext, username: String) async throws -> Response {
        guard username.count <= 64, let user = try await service.accounts.user(username: username) else {
            throw WebError.notFound("no user \(username.prefix(64)) on this hub")
        }
        let view = ProfileView(layout: layout(user.username, path: "/u/" + user.username), username: user.username,
                               roleLabel: user.role == .user ? "" : user.role.rawValue.capitalized + " · ",
                               since: CardBuilder.displayDate(Day(user.createdAt)),
                               collections: try await community.collections(ownerID: user.id)
                                   .filter { $0.isVisible(to: context.viewer?.user.id) }.map(CollectionSummaryView.init),
                               banned: user.bannedAt != nil,
                               banAction: (context.viewer.map { $0.user.role >= .moderator && $0.user.id != user.id } ?? false)
                                   ? "/u/\(user.username)/\(user.bannedAt == nil ? "ban" : "unban")" : nil,
                               banLabel: user.bannedAt == nil ? "Ban this account" : "Lift the ban")
        // Not from the shared cache: a deleted account's page must go at once.
        return accountPage(request, view, "profile", viewer: context.viewer)
    }
}
