import Foundation
import PaperboyCore
import PaperboyStore

/// Turns papers into the view models the templates show, in one place so the listing, search
/// and paper pages link authors and categories the same way.
enum CardBuilder {
    static let authorsOnCard = 8

    /// `links`: what `PaperStore.links` says the paper shows.
    static func card(_ paper: Paper, links: CodeLinks?, votes: Int? = nil, comments: Int = 0, upvoted: Bool = false,
                     highlighter: Highlighter? = nil) -> PaperCardView {
        let hl = highlighter ?? Highlighter(terms: [])
        let shown = Array(paper.authors.prefix(authorsOnCard))
        return PaperCardView(
            id: paper.id,
            href: paperPath(paper.id),
            titleHTML: hl.html(paper.title),
            abstractHTML: hl.html(paper.abstract),
            authors: authorViews(shown),
            moreAuthors: paper.authors.count > shown.count ? paper.authors.count - shown.count : nil,
            categories: paper.categories.map { LinkView(label: $0, href: link("/", [("cat", $0)])) },
            date: paper.feedDay.map(displayDate) ?? "",
            votes: votes ?? paper.hub?.upvotes ?? 0,
            upvoted: upvoted,
            voteAction: paperPath(paper.id) + "/upvote",
            commentsLabel: comments == 0 ? nil : comments == 1 ? "1 comment" : "\(comments) comments",
            absURL: ArxivID(base: paper.id, version: nil).absURL,
            pdfURL: ArxivID(base: paper.id, version: nil).pdfURL,
            codeLinks: linkButtons(links))
    }

    /// A button per link, GitHub first. `githubStars` goes on GitHub's.
    static func linkButtons(_ links: CodeLinks?, githubStars: Int? = nil) -> [LinkView] {
        guard let links else { return [] }
        let github = "GitHub" + (githubStars.map { " ★ \($0)" } ?? "")
        return [(github, links.github), ("GitLab", links.gitlab), ("Hugging Face", links.huggingFace), ("Project page", links.projectPage)]
            .compactMap { label, url in safeURL(url).map { LinkView(label: label, href: $0) } }
    }

    static func authorViews(_ authors: [Author]) -> [AuthorView] {
        authors.enumerated().map { i, a in
            AuthorView(name: a.name, href: link("/search", [("q", authorQuery(a.name))]), last: i == authors.count - 1)
        }
    }

    /// The search that finds an author's papers, in the store's query language.
    static func authorQuery(_ name: String) -> String {
        "author:\"\(name.replacingOccurrences(of: "\"", with: ""))\""
    }

    /// Old-style ids keep their slash: `/papers/hep-th/9901001`.
    static func paperPath(_ id: String) -> String { "/papers/" + id }

    static func displayDate(_ day: Day) -> String { day.shortName() }

    /// Hugging Face's star count, when the GitHub repository shown is the one it counted (not
    /// one a correction put in its place).
    static func githubStars(_ paper: Paper, shown links: CodeLinks?) -> Int? {
        guard let shown = links?.github, paper.hub?.githubRepo.flatMap(CodeLinks.repository)?.url == shown else { return nil }
        return paper.hub?.githubStars
    }

    /// Only http(s) links from imported data become hrefs (no `javascript:` from a JSON file).
    static func safeURL(_ s: String?) -> String? {
        guard let s, let url = URL(string: s), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else { return nil }
        return s
    }
}
