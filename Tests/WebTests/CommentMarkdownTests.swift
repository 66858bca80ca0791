import Foundation
import PaperboyCore
import Testing
@testable import Web

private let rel = #"rel="nofollow ugc noopener""#

/// The comment renderer: Markdown renders (pinned outputs), math survives as typed, a corpus
/// of XSS payloads comes out inert through both the whole renderer and the sanitiser alone,
/// seeded fuzzing keeps the output balanced and allow-listed, and worst-case inputs at the
/// comment limit stay cheap. `SafeHTML` below checks output without using the sanitiser's code.
struct CommentMarkdownTests {
    // MARK: - Markdown

    @Test(arguments: [
        ("*em* and **strong** and ~~gone~~", "<p><em>em</em> and <strong>strong</strong> and <del>gone</del></p>"),
        ("`a < b && c`", "<p><code>a &lt; b &amp;&amp; c</code></p>"),
        ("- one\n- two *2*", "<ul><li>one</li><li>two <em>2</em></li></ul>"),
        ("1. one\n2. two", "<ol><li>one</li><li>two</li></ol>"),
        ("[arXiv](https://arxiv.org/abs/1706.03762)", "<p><a href=\"https://arxiv.org/abs/1706.03762\" \(rel)>arXiv</a></p>"),
        ("[*Attention*](https://arxiv.org/abs/1706.03762 \"title\")", "<p><a href=\"https://arxiv.org/abs/1706.03762\" \(rel)><em>Attention</em></a></p>"),
        ("[a](https://a.org/?x=1&y=\"2\")", "<p><a href=\"https://a.org/?x=1&amp;y=&quot;2&quot;\" \(rel)>a</a></p>"),
        ("Mail [me](mailto:a@b.org)", "<p>Mail <a href=\"mailto:a@b.org\" \(rel)>me</a></p>"),
        ("> quoted *text*", "<blockquote><p>quoted <em>text</em></p></blockquote>"),
        ("```swift\nif a < b && c > d { print(\"<hi>\") }\n```", "<pre><code>if a &lt; b &amp;&amp; c &gt; d { print(&quot;&lt;hi&gt;&quot;) }\n</code></pre>"),
        ("# Title\n### Sub\n###### Six", "<h4>Title</h4><h6>Sub</h6><h6>Six</h6>"),
        ("a  \nb", "<p>a<br>b</p>"),
        ("a\n\n***\n\nb", "<p>a</p><hr><p>b</p>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"),
        ("see https://arxiv.org/abs/2401.00001.", "<p>see <a href=\"https://arxiv.org/abs/2401.00001\" \(rel)>https://arxiv.org/abs/2401.00001</a>.</p>"),
        ("(https://en.wikipedia.org/wiki/Foo_(bar))", "<p>(<a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\" \(rel)>https://en.wikipedia.org/wiki/Foo_(bar)</a>)</p>"),
        ("![a *plot*](https://example.org/p.png)", "<p><a href=\"https://example.org/p.png\" \(rel)>a <em>plot</em></a></p>"),
        ("![](https://example.org/p.png)", "<p><a href=\"https://example.org/p.png\" \(rel)>https://example.org/p.png</a></p>"),
        ("[![badge](https://ci.org/b.svg)](https://ci.org)", "<p><a href=\"https://ci.org\" \(rel)>badge</a></p>"),
        ("[a [b](https://b.org) c]", "<p>[a <a href=\"https://b.org\" \(rel)>b</a> c]</p>"),
        ("[pre ![alt](https://i.org/x.png) post](https://a.org)", "<p><a href=\"https://a.org\" \(rel)>pre alt post</a></p>"),
        ("[a `]` b](https://a.org)", "<p><a href=\"https://a.org\" \(rel)>a <code>]</code> b</a></p>"),
        ("[x](<https://a.org/a b>) <https://a.org/x_y>", "<p><a href=\"https://a.org/a%20b\" \(rel)>x</a> <a href=\"https://a.org/x_y\" \(rel)>https://a.org/x_y</a></p>"),
        ("[no link](https://a.org) trailing [bracket", "<p><a href=\"https://a.org\" \(rel)>no link</a> trailing [bracket</p>"),
        ("snake_case_name and _em_", "<p>snake_case_name and <em>em</em></p>"),
        ("\\*not em\\* \\[not link](x) \\# \\\\", "<p>*not em* [not link](x) # \\</p>"),
        ("a &amp; b &lt;c&gt; &copy; &alpha; &bogus; & d", "<p>a &amp; b &lt;c&gt; © α &amp;bogus; &amp; d</p>"),
        // Ink would read a leading `---` block as front matter and hide it.
        ("---\ntitle: x\n---\nbody", "<hr><p>title: x</p><hr><p>body</p>"),
        ("", ""),
    ])
    func rendersMarkdown(_ markdown: String, _ expected: String) {
        #expect(CommentMarkdown.html(markdown) == expected)
    }

    /// Inputs on which Ink itself traps (kills the process); the renderer must keep them away.
    @Test(arguments: ["- a\n  ", "- a\n\t", "* a\n  * b\n    ", "1. a\n   ", "---\na: b\n  ", "---\n"])
    func inputsThatCrashInkRender(_ markdown: String) {
        #expect(SafeHTML.problems(in: CommentMarkdown.html(markdown)).isEmpty)
    }

    @Test func rawHTMLShowsAsText() {
        #expect(CommentMarkdown.html("<b>bold</b> and <script>alert(1)</script>, 1 < 2 > 0")
            == "<p>&lt;b&gt;bold&lt;/b&gt; and &lt;script&gt;alert(1)&lt;/script&gt;, 1 &lt; 2 &gt; 0</p>")
        // A line starting with a tag stays in its paragraph instead of becoming an HTML block.
        #expect(CommentMarkdown.html("one\n<div>two</div>") == "<p>one &lt;div&gt;two&lt;/div&gt;</p>")
    }

    // MARK: - Math

    @Test(arguments: [
        ("$E = mc^2$", "<p>$E = mc^2$</p>"),
        ("$a_1 * b_2 * c$", "<p>$a_1 * b_2 * c$</p>"),
        ("$$\\sum_{i=1}^n x_i$$", "<p>$$\\sum_{i=1}^n x_i$$</p>"),
        ("$$\n\\frac{a_1}{b_2} * c\n$$", "<p>$$\n\\frac{a_1}{b_2} * c\n$$</p>"),
        ("\\$5 and \\$6", "<p>\\$5 and \\$6</p>"),
        ("`$x$`", "<p><code>$x$</code></p>"),
        ("```\n$a_1$ *b*\n```", "<pre><code>$a_1$ *b*\n</code></pre>"),
        ("a $x_1$ b `$y_1$` c $z_1$", "<p>a $x_1$ b <code>$y_1$</code> c $z_1$</p>"),
        ("$x < y$ and $a \\& b$", "<p>$x &lt; y$ and $a \\&amp; b$</p>"),
        ("$\\$ *x* \\$$", "<p>$\\$ *x* \\$$</p>"),
        ("\\(a_1 * b_1\\) and \\[c_2 * d_2\\]", "<p>\\(a_1 * b_1\\) and \\[c_2 * d_2\\]</p>"),
        ("\\[a_1\n\\]", "<p>\\[a_1\n\\]</p>"),
        ("*$a*b$*", "<p><em>$a*b$</em></p>"),
        ("[the $x_1$ case](https://a.org)", "<p><a href=\"https://a.org\" \(rel)>the $x_1$ case</a></p>"),
        ("| $a|b$ | c |", "<table><tbody><tr><td>$a|b$</td><td>c</td></tr></tbody></table>"),
        // An unclosed dollar is text; math does not run across a blank line.
        ("$5 for a_b_c", "<p>$5 for a_b_c</p>"),
        ("$a\n\n*b*$", "<p>$a</p><p><em>b</em>$</p>"),
    ])
    func keepsMathAsTyped(_ markdown: String, _ expected: String) {
        #expect(CommentMarkdown.html(markdown) == expected)
    }

    @Test func mathDoesNotRunAcrossParagraphs() {
        // Not even when the line before the blank one ends in a backslash.
        #expect(CommentMarkdown.html("$a\\\n\n*b*$").contains("<em>b</em>"))
        #expect(CommentMarkdown.html("\\(a\n\n*b*\\)").contains("<em>b</em>"))
    }

    // MARK: - XSS

    static let xssPayloads: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<scr<script>ipt>alert(1)</script>",
        "<<script>script>alert(1)<</script>/script>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" onerror=\"alert(1)\"/>",
        "<img/src=x/onerror=alert(1)>",
        "<img src=`x` onerror=`alert(1)`>",
        "<img src=x onerror=alert(1)//",
        "<IMG SRC=j&#X41vascript:alert('test2')>",
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\">",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<p style=\"position:fixed;top:0\" class=\"x\" id=\"y\">x</p>",
        "\"><script>alert(1)</script>",
        "'><img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](java\nscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](javascript&colon;alert(1))",
        "[x]( javascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "[x](\u{1}javascript:alert(1))",
        "[x](\u{A0}javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](DaTa:text/html,<script>alert(1)</script>)",
        "[x](//evil.example/path)",
        "[x](/relative/path)",
        "[x](javascript:alert(1) \"title\")",
        "[x](https://ok.example/\" onmouseover=\"alert(1))",
        "[x](https://ok.example/' onmouseover='alert(1))",
        "[[x](javascript:alert(1))](https://ok.example)",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "![x\" onerror=\"alert(1)](https://ok.example/a.png)",
        "![x](https://ok.example/a.png\" onerror=\"alert(1))",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\" javascript:alert(1)\">click</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">click</a>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<a href=javascript:alert(1)>click</a>",
        "<a href=`javascript:alert(1)`>click</a>",
        "<a href=\"https://ok.example\" onclick=\"alert(1)\">click</a>",
        "<a href=\"https://ok.example\" target=_blank>click</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<title><img src=x onerror=alert(1)></title>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<!--<img src=x onerror=alert(1)>-->",
        "<!-- --><script>alert(1)</script><!-- -->",
        "<![CDATA[<img src=x onerror=alert(1)>]]>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<link rel=stylesheet href=\"javascript:alert(1)\">",
        "<video><source onerror=\"alert(1)\"></video>",
        "<template><img src=x onerror=alert(1)></template>",
        "[a](https://ok.example)<img src=x onerror=alert(1)>",
        "```\"><script>alert(1)</script>\n```",
        "```js\" onmouseover=\"alert(1)\ncode\n```",
        "`<img src=x onerror=alert(1)>`",
        "$<img src=x onerror=alert(1)>$",
        "$$</p><script>alert(1)</script>$$",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#60;img src=x onerror=alert(1)&#62;",
        "\\<script\\>alert(1)\\</script\\>",
        "https://ok.example/\"onmouseover=\"alert(1)",
        "javascript:alert(1)",
        "<a href=\"\u{0}javascript:alert(1)\">x</a>",
        "\u{E000}0\u{E001} \u{E13C}script\u{E13E} &#xE000;0&#xE001;",
    ]

    @Test(arguments: xssPayloads)
    func markdownPayloadIsNeutralised(_ payload: String) {
        let html = CommentMarkdown.html(payload)
        #expect(SafeHTML.problems(in: html).isEmpty, "\(html)")
        // None of these payloads has a legitimate link that mentions a script scheme at all.
        for href in SafeHTML.hrefs(in: html) {
            #expect(!["javascript:", "data:", "vbscript:"].contains { href.lowercased().contains($0) }, "\(href)")
        }
    }

    @Test(arguments: xssPayloads)
    func htmlPayloadIsNeutralisedBySanitiserAlone(_ payload: String) {
        // The sanitiser must hold up even without the pre-pass, on whatever HTML it is given.
        let html = HTMLSanitiser().sanitise(payload)
        #expect(SafeHTML.problems(in: html, placeholders: false).isEmpty, "\(html)")
    }

    @Test func unsafeLinksKeepTheirText() {
        #expect(CommentMarkdown.html("[click me](javascript:alert(1))") == "<p>click me</p>")
        #expect(CommentMarkdown.html("[x](&#106;avascript:alert(1)) and [y](javascript&#x3A;1)") == "<p>x and y</p>")
        // Whitespace ends a destination, so this is no link at all.
        #expect(CommentMarkdown.html("[y](java\tscript:1)") == "<p>[y](java\tscript:1)</p>")
        #expect(HTMLSanitiser().sanitise("<a href=\" JaVaScRiPt:alert(1)\">click <em>me</em></a> after")
            == "click <em>me</em> after")
        #expect(HTMLSanitiser().sanitise("<a href=\"https://ok.org\" onclick=\"x()\" class=c>ok</a>")
            == "<a href=\"https://ok.org\" \(rel)>ok</a>")
    }

    @Test func droppedElementsLoseTheirContentOthersKeepIt() {
        let sanitiser = HTMLSanitiser()
        #expect(sanitiser.sanitise("<script>alert(1)</script>after") == "after")
        #expect(sanitiser.sanitise("<style>p{}</style><textarea>t</textarea><title>t</title>after") == "after")
        #expect(sanitiser.sanitise("<svg><p>x</p></svg>after") == "after")
        #expect(sanitiser.sanitise("<svg/>after") == "after")
        #expect(sanitiser.sanitise("<div class=x><span>kept</span></div> <font color=red>too</font>") == "kept too")
        #expect(sanitiser.sanitise("<img src=x alt=\"a <b> plot\">") == "a &lt;b&gt; plot")
        #expect(sanitiser.sanitise("<!-- c -->t<!DOCTYPE html><?php x ?><![CDATA[y]]>") == "t")
        #expect(sanitiser.sanitise("<p title=\"a>b\" style='c>d'>x</p>") == "<p>x</p>")
    }

    // MARK: - Sanitiser structure

    @Test(arguments: [
        ("<p>a<ul><li>b</ul>", "<p>a</p><ul><li>b</li></ul>"),
        ("<em><strong>x</em>y</strong>", "<em><strong>x</strong></em>y"),
        ("</p></em>text</a></br>", "text"),
        ("<p>unclosed <em>tags", "<p>unclosed <em>tags</em></p>"),
        ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
        ("<li>x</li>", "x"),
        ("<table><tr><td>a<td>b<tr><td>c</table>", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
        ("<table>junk<em>x</em><tr><td>ok</td></tr></table>", "<table><tr><td>ok</td></tr></table>"),
        ("<td>cell</td><tr>row</tr>", "cellrow"),
        ("<table><tr><td><em>x</table>y", "<table><tr><td><em>x</em></td></tr></table>y"),
        ("<em><table><tr><td>x</em>y</td></tr></table>", "<em><table><tr><td>xy</td></tr></table></em>"),
        ("<a href=\"https://a.org\">x<a href=\"https://b.org\">y</a>z</a>", "<a href=\"https://a.org\" \(rel)>xyz</a>"),
        ("<h1>a<h2>b</h2>", "<h1>a</h1><h2>b</h2>"),
        ("<b>bold</b> <i>it</i> <s>del</s> <strike>old</strike>", "<strong>bold</strong> <em>it</em> <del>del</del> <del>old</del>"),
        ("<br/><br></br><hr/><hr>x</hr>", "<br><br><hr><hr>x"),
        ("a < b > c & d \" e ' f", "a &lt; b &gt; c &amp; d &quot; e &#39; f"),
        ("<p>x</P><P>y", "<p>x</p><p>y</p>"),
        ("<blockquote><p>q<pre>code</pre>", "<blockquote><p>q</p><pre>code</pre></blockquote>"),
    ])
    func sanitiserRepairsStructure(_ input: String, _ expected: String) {
        #expect(HTMLSanitiser().sanitise(input) == expected)
    }

    @Test func headingsMoveDown() {
        var sanitiser = HTMLSanitiser()
        sanitiser.headingOffset = 3
        #expect(sanitiser.sanitise("<h1>a</h1><h2>b</h2><h3>c</h3><h6>d</h6>") == "<h4>a</h4><h5>b</h5><h6>c</h6><h6>d</h6>")
    }

    @Test func nestingIsCapped() {
        let deep = String(repeating: "<blockquote>", count: 500) + "x"
        let html = HTMLSanitiser().sanitise(deep)
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == HTMLSanitiser.maxDepth)
        #expect(SafeHTML.problems(in: html).isEmpty)
        let markdown = CommentMarkdown.html((0..<140).map { String(repeating: " ", count: $0) + "- a" }.joined(separator: "\n"))
        #expect(SafeHTML.problems(in: markdown).isEmpty)
    }

    @Test(arguments: [
        ("https://a.org", "https://a.org"),
        ("HTTPS://a.org/X", "https://a.org/X"),
        ("  https://a.org/\n ", "https://a.org/"),
        ("http://a.org/a b", "http://a.org/a%20b"),
        ("htt\tps://a.org", "https://a.org"),
        ("mailto:a@b.org", "mailto:a@b.org"),
        ("https://a.org/?q=\"><script>", "https://a.org/?q=\"><script>"),
    ])
    func safeHrefKeeps(_ href: String, _ expected: String) {
        #expect(HTMLSanitiser.safeHref(href) == expected)
    }

    @Test(arguments: [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:x", " javascript:x", "\u{1}javascript:x",
        "vbscript:x", "data:text/html,x", "file:///etc/passwd", "ftp://a.org", "//evil.org", "/relative", "relative",
        "#fragment", "?query", "https:", "https:/a.org", "http:///a", "https://", "mailto:", "https://a.org/\u{7}x", "",
        "https\u{0}://a.org", "&#106;avascript:x",
    ])
    func safeHrefRejects(_ href: String) {
        #expect(HTMLSanitiser.safeHref(href) == nil)
    }

    @Test func decodesCharacterReferences() {
        #expect(HTMLSanitiser.decodeCharacterReferences("&lt;&#60;&#x3C;&#X3c;&amp;&copy;&bogus;&#;&")
            == "<<<<&©&bogus;&#;&")
        #expect(HTMLSanitiser.decodeCharacterReferences("&#0;&#xD800;&#99999999999999;&#x1;&#128;")
            == "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}")
        #expect(HTMLSanitiser.decodeCharacterReferences("&#x1F600; &#955;") == "😀 λ")
    }

    @Test func userTextCannotForgePlaceholders() {
        let html = CommentMarkdown.html("a \u{E000}0\u{E001} \u{E13C} &#xE000;0&#xE001; b [x](https://a.org)")
        #expect(!html.unicodeScalars.contains { CommentMarkdown.Placeholders.reserved.contains($0.value) })
        #expect(html.contains("\u{FFFD}"))
        #expect(SafeHTML.problems(in: html).isEmpty)
    }

    // MARK: - Fuzz

    /// Markdown and HTML metacharacters, and strings that were trouble for someone somewhere.
    static let fuzzAlphabet = [
        "[", "]", "(", ")", "<", ">", "!", "*", "**", "_", "~~", "`", "```", "$", "$$", "\\", "&", "#", ";", "\"", "'",
        "|", "-", "+", "=", ":", "/", " ", "  ", "\n", "\n\n", "\t", "a", "b", "x_1", "1", ".", "{", "}", "^",
        "\n  - ", "\n    ", "\n\t",
        "javascript:", "https://x.y/", "http:", "mailto:", "data:", "<script>", "</", "<a href=", "<img src=x ", "onerror=",
        "&#x6a;", "&lt;", "&#0;", "> ", "- ", "1. ", "# ", "---\n", "\\(", "\\)", "\\[", "\\]", "<!--", "-->",
        "\u{301}", "\u{600}", "\u{200D}", "é", "\u{E000}", "\u{E101}", "\u{2028}", "\r\n", "\u{0}",
    ]

    /// Seeded, so a failure names its seed and case; `COMMENT_MARKDOWN_FUZZ_SEED` / `_COUNT`
    /// replay or lengthen a run.
    static let fuzzSeed = ProcessInfo.processInfo.environment["COMMENT_MARKDOWN_FUZZ_SEED"].flatMap(UInt64.init) ?? 0xC0FFEE
    static let fuzzCount = ProcessInfo.processInfo.environment["COMMENT_MARKDOWN_FUZZ_COUNT"].flatMap(Int.init) ?? 3000
    /// Longest input, in alphabet tokens (`COMMENT_MARKDOWN_FUZZ_TOKENS`).
    static let fuzzTokens = ProcessInfo.processInfo.environment["COMMENT_MARKDOWN_FUZZ_TOKENS"].flatMap(Int.init) ?? 50

    @Test func fuzzedMarkdownRendersSafeAndBalanced() {
        var rng = SeededGenerator(state: Self.fuzzSeed)
        for n in 0..<Self.fuzzCount {
            let input = Self.fuzzInput(&rng)
            let html = CommentMarkdown.html(input)
            let problems = SafeHTML.problems(in: html)
            #expect(problems.isEmpty, "seed \(Self.fuzzSeed) case \(n): \(input.debugDescription) → \(html)")
            if !problems.isEmpty { return }
        }
    }

    @Test func fuzzedHTMLSanitisesSafeAndBalanced() {
        var rng = SeededGenerator(state: Self.fuzzSeed &+ 1)
        let sanitiser = HTMLSanitiser()
        let tags = ["<p>", "</p>", "<em>", "</em>", "<ul>", "<li>", "</ul>", "<table>", "<tr>", "<td>", "</td>", "</table>",
                    "<a href=\"https://a.org\">", "</a>", "<blockquote>", "</blockquote>", "<h2>", "</h2>", "<pre>", "<code>",
                    "<svg>", "</svg>", "<script>", "</script>", "<style>", "<b>", "<s>", "<br/>", "<hr>", "<thead>", "<tbody>"]
        for n in 0..<Self.fuzzCount {
            var input = ""
            for _ in 0..<Int.random(in: 0...Self.fuzzTokens, using: &rng) {
                input += Bool.random(using: &rng)
                    ? tags.randomElement(using: &rng) ?? ""
                    : Self.fuzzAlphabet.randomElement(using: &rng) ?? ""
            }
            let html = sanitiser.sanitise(input)
            let problems = SafeHTML.problems(in: html, placeholders: false)
            #expect(problems.isEmpty, "seed \(Self.fuzzSeed) case \(n): \(input.debugDescription) → \(html)")
            if !problems.isEmpty { return }
        }
    }

    private static func fuzzInput(_ rng: inout SeededGenerator) -> String {
        var input = ""
        for _ in 0..<Int.random(in: 0...fuzzTokens, using: &rng) {
            input += fuzzAlphabet.randomElement(using: &rng) ?? ""
        }
        return input
    }

    // MARK: - Cost

    /// Inputs at the comment limit that are worst cases for some stage: Ink's link parser
    /// recurses per `[` (5,000 of them overflowed the stack) and backtracks exponentially, its
    /// `&` and `<` handling scan ahead for every occurrence, and the math and link scans of the
    /// pre-pass could go quadratic if they restarted.
    static let pathological: [(String, String)] = [
        ("brackets", String(repeating: "[", count: 10_000)),
        ("nested brackets", String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)),
        ("unclosed links", String(repeating: "[a](", count: 2500)),
        ("links", String(repeating: "[a](https://a.org)", count: 550)),
        ("images", String(repeating: "![", count: 5000)),
        ("stars", String(repeating: "*", count: 10_000)),
        ("star runs", String(repeating: "*a", count: 5000)),
        ("underscores", String(repeating: "_a", count: 5000)),
        ("quote markers", String(repeating: ">", count: 10_000)),
        ("nested quotes", String(repeating: "> ", count: 5000)),
        ("quote lines", (0..<100).map { String(repeating: "> ", count: $0) + "a" }.joined(separator: "\n")),
        ("backticks", String(repeating: "`", count: 10_000)),
        ("backtick runs", String(repeating: "`a", count: 5000)),
        ("dollars", String(repeating: "$", count: 10_000)),
        ("dollar braces", String(repeating: "${", count: 5000)),
        ("escaped math openers", String(repeating: "\\(", count: 5000)),
        ("backslashes", String(repeating: "\\", count: 10_000)),
        ("ampersands", String(repeating: "&", count: 10_000)),
        ("entities", String(repeating: "&a;\u{301}", count: 2500)),
        ("tags", String(repeating: "<a", count: 5000)),
        ("pipes", String(repeating: "|", count: 10_000)),
        ("table rows", String(repeating: "|a|\n", count: 2500)),
        ("list indentation", (0..<140).map { String(repeating: " ", count: $0) + "- a" }.joined(separator: "\n")),
        ("urls", String(repeating: "https://", count: 1250)),
        ("url parens", "https://a" + String(repeating: ")", count: 9990)),
        ("fences", String(repeating: "```\n", count: 2500)),
        ("long destination", "[a](" + String(repeating: "(", count: 9990) + ")"),
        ("prepend clusters", String(repeating: "\u{600}`[", count: 3333)),
        ("mixed", String(repeating: "[*$`<&\\_](", count: 1000)),
    ]

    @Test(arguments: pathological)
    func pathologicalInputIsCheap(_ name: String, _ input: String) {
        let clock = ContinuousClock()
        var html = ""
        let elapsed = clock.measure { html = CommentMarkdown.html(input) }
        #expect(elapsed < .seconds(1), "\(name) took \(elapsed)")
        #expect(SafeHTML.problems(in: html).isEmpty, "\(name)")
    }
}

// MARK: - An independent check of the output

/// What safe output may look like, checked without any of the sanitiser's code: text where
/// `<`, `>`, quotes and `&` appear only as the five escapes the sanitiser uses, and tags that
/// are exactly `<name>`, `</name>` or `<a href="…" rel="nofollow ugc noopener">` from the
/// allow-list, properly nested, with a safe href. No placeholder character may leak.
enum SafeHTML {
    static let allowed: Set<String> = [
        "p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    ]
    static let void: Set<String> = ["br", "hr"]
    static let escapes = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

    /// `placeholders`: whether the renderer's placeholder characters must not appear (they are
    /// ordinary text to the sanitiser on its own).
    static func problems(in html: String, placeholders: Bool = true) -> [String] {
        var problems: [String] = []
        var stack: [String] = []
        let lower = html.lowercased()
        for banned in ["<script", "<img", "<iframe", "<svg", "<style", "<math", "<object", "<embed", "<base", "<meta", "<form", "<link"]
        where lower.contains(banned) {
            problems.append("contains \(banned)")
        }
        let s = Array(html.unicodeScalars)
        var i = 0
        while i < s.count {
            switch s[i] {
            case "<":
                guard let close = s[i...].firstIndex(of: ">") else {
                    problems.append("unterminated tag")
                    return problems
                }
                let tag = String(String.UnicodeScalarView(s[(i + 1)..<close]))
                if tag.contains("<") { problems.append("< inside tag <\(tag)>") }
                if tag.contains(#/ on\w+=/#) { problems.append("event handler in <\(tag)>") }
                check(tag: tag, stack: &stack, problems: &problems)
                i = close + 1
            case ">", "\"", "'":
                problems.append("raw \(s[i]) in text")
                i += 1
            case "&":
                // Compared by scalar: `;` followed by a joiner is one Character to `hasPrefix`.
                let rest = Array(s[i..<min(i + 6, s.count)])
                if !escapes.contains(where: { rest.starts(with: $0.unicodeScalars) }) {
                    problems.append("bare & or unexpected reference: \(String(String.UnicodeScalarView(rest)))")
                }
                i += 1
            default:
                if placeholders, (0xE000...0xE1FF).contains(s[i].value) { problems.append("placeholder leaked") }
                i += 1
            }
        }
        if !stack.isEmpty { problems.append("unclosed \(stack)") }
        return problems
    }

    /// Every href in the output, as written.
    static func hrefs(in html: String) -> [String] {
        html.components(separatedBy: "<a href=\"").dropFirst().compactMap { $0.components(separatedBy: "\"").first }
    }

    private static func check(tag: String, stack: inout [String], problems: inout [String]) {
        if tag.hasPrefix("/") {
            let name = String(tag.dropFirst())
            guard allowed.contains(name), !void.contains(name) else {
                problems.append("bad end tag </\(tag)>")
                return
            }
            guard stack.last == name else {
                problems.append("</\(name)> closes \(stack.last ?? "nothing")")
                return
            }
            stack.removeLast()
            return
        }
        // Parsed by scalar, as a browser does: to Character-based String methods a quote
        // after a prepended mark (U+0600) is not a quote.
        let t = Array(tag.unicodeScalars)
        let nameLength = t.prefix { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.count
        let name = String(String.UnicodeScalarView(t[..<nameLength]))
        guard allowed.contains(name) else {
            problems.append("tag not allowed: <\(tag)>")
            return
        }
        var j = nameLength
        var attributes: [(String, String)] = []
        while j < t.count {
            guard t[j] == " " else { problems.append("malformed tag <\(tag)>"); return }
            j += 1
            let keyStart = j
            while j < t.count, ("a"..."z").contains(t[j]) { j += 1 }
            let key = String(String.UnicodeScalarView(t[keyStart..<j]))
            guard j + 1 < t.count, t[j] == "=", t[j + 1] == "\"" else { problems.append("malformed attribute in <\(tag)>"); return }
            j += 2
            guard let quote = t[j...].firstIndex(of: "\"") else { problems.append("unterminated attribute in <\(tag)>"); return }
            attributes.append((key, String(String.UnicodeScalarView(t[j..<quote]))))
            j = quote + 1
        }
        if name == "a" {
            if attributes.map(\.0) != ["href", "rel"] || attributes.last?.1 != "nofollow ugc noopener" {
                problems.append("bad link attributes <\(tag)>")
            }
            if let href = attributes.first?.1, !isSafe(href: href) { problems.append("unsafe href \(href)") }
        } else if !attributes.isEmpty {
            problems.append("attributes on <\(name)>")
        }
        if name == "a", stack.contains("a") { problems.append("link inside link") }
        if !void.contains(name) { stack.append(name) }
    }

    private static func isSafe(href escaped: String) -> Bool {
        var href = escaped
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            href = href.replacingOccurrences(of: entity, with: character)
        }
        // The scheme is what matters: `https://x.org/data:` is an https link.
        let scalars = Array(href.unicodeScalars)
        guard ["https://", "http://", "mailto:"].contains(where: { scalars.starts(with: $0.unicodeScalars) }) else { return false }
        return !href.unicodeScalars.contains { $0.value < 0x21 || (0x7F...0x9F).contains($0.value) }
    }
}

