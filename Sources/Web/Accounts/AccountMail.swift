import PaperboyCore

/// The mails the hub sends people, each with a text and an HTML part.
enum AccountMail {
    static func verify(user: User, link: String) -> OutgoingMail {
        message(to: user.email, subject: "Confirm your email address for Paperboy",
                greeting: "Hello \(user.username),",
                body: "Please confirm that \(user.email) is your address by opening this link (valid for 3 days):",
                action: "Confirm my address", link: link,
                footer: "If you did not sign up for Paperboy, ignore this mail: nothing happens without the click.")
    }

    static func reset(user: User, link: String) -> OutgoingMail {
        message(to: user.email, subject: "Reset your Paperboy password",
                greeting: "Hello \(user.username),",
                body: "Someone asked to reset the password of your account. To choose a new one, open this link (valid for one hour):",
                action: "Choose a new password", link: link,
                footer: "If it was not you, ignore this mail: your password stays as it is.")
    }

    static func notice(to user: User, actor: String, kind: Notice.Kind, paperTitle: String, link: String) -> OutgoingMail {
        let what = kind == .reply ? "\(actor) replied to your comment" : "\(actor) mentioned you"
        return message(to: user.email, subject: "\(what) on Paperboy",
                       greeting: "Hello \(user.username),", body: "\(what) under “\(paperTitle)”:",
                       action: "Read it", link: link,
                       footer: "You get these mails because you asked for them; turn them off in your settings.")
    }

    private static func message(to: String, subject: String, greeting: String, body: String, action: String, link: String, footer: String) -> OutgoingMail {
        let text = "\(greeting)\n\n\(body)\n\n\(link)\n\n\(footer)\n\n-- \nPaperboy\n"
        let html = """
            <!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a">
            <p>\(Escape.html(greeting))</p><p>\(Escape.html(body))</p>
            <p><a href="\(Escape.html(link))" style="display:inline-block;padding:8px 14px;background:#ffd21e;color:#1a1a1a;text-decoration:none;border-radius:6px">\(Escape.html(action))</a></p>
            <p style="font-size:13px;color:#555">Or paste this address into your browser: \(Escape.html(link))</p>
            <p style="font-size:13px;color:#555">\(Escape.html(footer))</p></body></html>
            """
        return OutgoingMail(to: to, subject: subject, text: text, html: html)
    }
}
