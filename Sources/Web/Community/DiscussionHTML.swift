/// The comments of a paper page as HTML, written directly rather than through Mustache: a
/// page of 300 comments spent most of its time in the template engine's dynamic casts (one
/// set per tag of every comment), about 22 ms of CPU a page. Same markup as a template would
/// give; every value but the sanitised comment HTML is escaped here.
struct DiscussionHTML {
    /// The viewer's CSRF token for the forms (nil for an anonymous visitor: no forms).
    let csrf: String?
    /// Where replies are posted.
    let action: String
    private var out = ""

    init(csrf: String?, action: String) { self.csrf = csrf; self.action = action }

    static func render(_ threads: [CommentView], csrf: String?, action: String) -> String {
        var writer = DiscussionHTML(csrf: csrf, action: action)
        if threads.isEmpty { return "<p class=\"muted\">No comments yet.</p>\n" }
        writer.out.reserveCapacity(threads.count * 1_500)
        for comment in threads { writer.comment(comment) }
        return writer.out
    }

    private mutating func comment(_ c: CommentView) {
        out += "<article class=\"comment\(c.hiddenForOthers ? " hidden-comment" : "")\" id=\"\(c.anchor)\">\n"
        if c.isPlaceholder {
            out += "  <p class=\"muted placeholder\">\(Escape.html(c.placeholder))</p>\n"
        } else {
            out += "  <p class=\"comment-meta\"><a href=\"\(Escape.html(c.authorHref))\"><strong>\(Escape.html(c.author))</strong></a> "
            out += "<a class=\"muted\" href=\"#\(c.anchor)\">\(Escape.html(c.date))</a>"
            if c.edited { out += " · <a class=\"muted\" href=\"\(c.historyHref)\">edited</a>" }
            if c.hiddenForOthers { out += " · <span class=\"chip\">hidden from others</span>" }
            out += "</p>\n  <div class=\"comment-body math\">\(c.html)</div>\n"
        }
        out += "  <div class=\"comment-actions\">\n"
        if let csrf { actions(c, csrf: Escape.html(csrf)) }
        out += "  </div>\n"
        if !c.replies.isEmpty {
            out += "  <div class=\"replies\">"
            for reply in c.replies { comment(reply) }
            out += "</div>\n"
        }
        out += "</article>\n"
    }

    private mutating func actions(_ c: CommentView, csrf: String) {
        let token = "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
        if c.canReply {
            out += "    <details><summary>Reply</summary>\n      <form class=\"stacked\" action=\"\(Escape.html(action))\" method=\"post\">\(token)"
            out += "<input type=\"hidden\" name=\"parent\" value=\"\(c.id)\">\n"
            out += "        <textarea name=\"text\" rows=\"3\" maxlength=\"10000\" required aria-label=\"Your reply\"></textarea>"
            out += "<button type=\"submit\">Reply</button></form></details>\n"
        }
        if c.isOwn {
            out += "    <details><summary>Edit</summary>\n      <form class=\"stacked\" action=\"/comments/\(c.id)/edit\" method=\"post\">\(token)\n"
            out += "        <textarea name=\"text\" rows=\"4\" maxlength=\"10000\" required aria-label=\"Your comment\">\(Escape.html(c.text))</textarea>"
            out += "<button type=\"submit\">Save</button></form></details>\n"
            out += "      <form class=\"inline\" action=\"/comments/\(c.id)/delete\" method=\"post\">\(token)<button type=\"submit\" class=\"link\">Delete</button></form>\n"
        } else if !c.isPlaceholder {
            out += "    <details><summary>Report</summary>\n      <form class=\"inline\" action=\"/comments/\(c.id)/report\" method=\"post\">\(token)\n"
            out += "        <input type=\"text\" name=\"reason\" maxlength=\"500\" required placeholder=\"What is wrong?\" aria-label=\"Reason\">"
            out += "<button type=\"submit\">Report</button></form></details>\n"
        }
        if c.canModerate {
            let verb = c.hiddenForOthers ? "restore" : "hide"
            out += "    <form class=\"inline\" action=\"/comments/\(c.id)/\(verb)\" method=\"post\">\(token)"
            out += "<button type=\"submit\" class=\"link\">\(c.hiddenForOthers ? "Restore" : "Hide")</button></form>\n"
        }
    }
}
