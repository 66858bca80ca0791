import Foundation
import PaperboyCore
import PaperboyStore

/// The digest as mail: a subject with the date and count, a text part and an HTML part (inline
/// styles, no remote images, readable in light and dark clients), and the list headers of RFC
/// 2369 and RFC 8058 so a client can offer one-click unsubscribe.
struct DigestMessage {
    /// `path` on the hub's public URL.
    let link: (String) -> String
    /// The sender address, for the `mailto:` unsubscribe.
    let from: String
    let hubName = "Paperboy"

    struct Item {
        var paper: ListedPaper
        var code: String?
        /// Shared by both parts.
        var teaser: String
        var authors: String

        init(paper: ListedPaper, code: String?) {
            self.paper = paper; self.code = code
            teaser = DigestMessage.teaser(paper.paper.abstract)
            authors = DigestMessage.authors(paper.paper)
        }
    }

    func mail(_ subscription: Subscription, period: DigestPeriod, items: [Item]) -> OutgoingMail {
        let manage = link("/subscriptions/" + subscription.token)
        let oneClick = link("/unsubscribe/" + subscription.token)
        let subject = "\(hubName) \(subscription.schedule.weekday == nil ? "daily" : "weekly") digest, \(period.title): "
            + "\(items.count) paper\(items.count == 1 ? "" : "s")"
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let headers = [
            OutgoingMail.Header("List-Id", "\(hubName) digest <digest.\(domain)>"),
            OutgoingMail.Header("List-Unsubscribe", "<\(oneClick)>, <mailto:\(from)?subject=unsubscribe%20\(subscription.token)>"),
            OutgoingMail.Header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
            OutgoingMail.Header("Auto-Submitted", "auto-generated"),
        ]
        return OutgoingMail(to: subscription.email, subject: subject, text: text(subscription, period, items, manage: manage),
                            html: html(subscription, period, items, manage: manage), headers: headers)
    }

    /// About two lines of a mail client: whole words, whitespace (and LaTeX line breaks)
    /// folded. Only the start of the abstract is looked at.
    static func teaser(_ abstract: String, limit: Int = 180) -> String {
        let scalars = abstract.unicodeScalars
        let head = scalars.prefix(limit + 64)
        var out = String.UnicodeScalarView()
        var length = 0
        // ASCII white space is all an abstract's metadata holds.
        for word in head.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            if length + word.count + 1 > limit { return String(out) + "…" }
            if length > 0 { out.append(" "); length += 1 }
            out.append(contentsOf: word)
            length += word.count
        }
        return String(out) + (head.endIndex == scalars.endIndex ? "" : "…")
    }

    static func authors(_ paper: Paper) -> String {
        let names = paper.authors.map(\.name)
        return names.count > 5 ? names.prefix(5).joined(separator: ", ") + " et al." : names.joined(separator: ", ")
    }

    private func links(_ item: Item) -> [(String, String)] {
        let id = ArxivID(base: item.paper.paper.id, version: nil)
        var links = [("Paper page", link("/papers/" + item.paper.paper.id)), ("arXiv", id.absURL), ("PDF", id.pdfURL)]
        if let code = item.code { links.append(("Code", code)) }
        return links
    }

    private func text(_ s: Subscription, _ period: DigestPeriod, _ items: [Item], manage: String) -> String {
        var out = "\(hubName) digest, \(period.title): \(s.filter.summary).\n\n"
        for (n, item) in items.enumerated() {
            let p = item.paper.paper
            out += "\(n + 1). \(Self.flat(p.title))\n   \(item.authors)\n   \(item.teaser)\n"
            out += "   ▲ \(item.paper.votes) vote\(item.paper.votes == 1 ? "" : "s")\n"
            out += links(item).map { "   \($0.0): \($0.1)\n" }.joined() + "\n"
        }
        out += "Change or end this subscription: \(manage)\nFeed of it: \(link("/subscriptions/\(s.token)/feed.atom"))\n"
        return out
    }

    private func html(_ s: Subscription, _ period: DigestPeriod, _ items: [Item], manage: String) -> String {
        func e(_ s: String) -> String { HTMLEscape.text(s) }
        // Colours chosen to read on white and when a dark client inverts or overrides them.
        var out = """
            <!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
            <title>\(e(hubName)) digest</title>
            <style>@media (prefers-color-scheme: dark) { .pb-body { background: #111 !important; color: #eee !important; }
            .pb-muted { color: #bbb !important; } .pb-link { color: #8ab4f8 !important; } }</style></head>
            <body class="pb-body" style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;background:#ffffff;">
            <div style="max-width:640px;margin:0 auto;">
            <h1 style="font-size:20px;margin:0 0 4px;">\(e(hubName)) digest, \(e(period.title))</h1>
            <p class="pb-muted" style="margin:0 0 16px;color:#555;">\(e(s.filter.summary))</p>

            """
        for (n, item) in items.enumerated() {
            let p = item.paper.paper
            let links = links(item).map { "<a class=\"pb-link\" style=\"color:#1a56c4;\" href=\"\(e($0.1))\">\(e($0.0))</a>" }.joined(separator: " · ")
            out += """
                <div style="margin:0 0 18px;padding:0 0 14px;border-bottom:1px solid #8884;">
                <h2 style="font-size:17px;margin:0 0 2px;">\(n + 1). <a class="pb-link" style="color:#1a56c4;text-decoration:none;" href="\(e(link("/papers/" + p.id)))">\(e(Self.flat(p.title)))</a></h2>
                <p class="pb-muted" style="margin:0 0 4px;color:#555;font-size:13px;">\(e(item.authors))</p>
                <p style="margin:0 0 4px;">\(e(item.teaser))</p>
                <p style="margin:0;font-size:13px;">▲ \(item.paper.votes) · \(links)</p>
                </div>

                """
        }
        out += """
            <p class="pb-muted" style="font-size:12px;color:#555;">You get this because \(e(s.email)) subscribed to \(e(s.schedule.summary)).
            <a class="pb-link" style="color:#1a56c4;" href="\(e(manage))">Change or end this subscription</a> ·
            <a class="pb-link" style="color:#1a56c4;" href="\(e(link("/subscriptions/\(s.token)/feed.atom")))">Atom feed</a></p>
            </div></body></html>

            """
        return out
    }

    /// Titles carry line breaks from the metadata; a title is one line.
    static func flat(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
}
