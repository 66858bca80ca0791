import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// `/papers/{id}`, `/papers/{id}.md` and `/papers/{id}.bib`.
struct PaperPageController: Controller {
    let app: WebApp
    static let similarCount = 6

    func addRoutes(to routes: Routes) {
        routes.add("/papers/:id", get: { r, c in try await paperPage(r, c, rawID: try c.parameters.require("id")) })
        // Old-style ids have a slash: /papers/hep-th/9901001.
        routes.add("/papers/:id/:number", get: { r, c in
            try await paperPage(r, c, rawID: try oldStyleID(c))
        })
    }

    func paperPage(_ request: Request, _ context: AppRequestContext, rawID encoded: String) async throws -> Response {
        let rawID = try PathSegment.decode(encoded)
        if rawID.hasSuffix(".md") { return try await paperMarkdown(request, rawID: String(rawID.dropLast(3))) }
        if rawID.hasSuffix(".bib") { return try await paperBibTeX(request, rawID: String(rawID.dropLast(4))) }
        return try await page(request, context) { viewer in
            let paper = try await lookUp(rawID)
            let similar = try await similarPapers(paper.id)
            let extras = try await cardExtras([paper.id] + similar.map(\.id), viewer: viewer)
            let activity = extras.activity[paper.id] ?? PaperActivity()
            var view = paperView(paper, activity: activity, similar: similar, extras: extras)
            view.save = try await saveView(paper.id, viewer)
            view.discussion = try await discussionView(paper.id, visibleComments: activity.comments, viewer)
            if let viewer, mayCorrectLinks(viewer, submission: activity.submission) {
                view.linksForm = try await linksForm(paper.id, shown: extras.links[paper.id], viewer: viewer)
            }
            return html(view, "paper", viewer)
        }
    }

    /// `visibleComments`: the count the store gives (not deleted, not hidden), as cards show it.
    private func discussionView(_ paperID: String, visibleComments count: Int, _ viewer: Viewer?) async throws -> DiscussionView {
        let comments = try await community.comments(paperID: paperID)
        let path = CardBuilder.paperPath(paperID)
        let action = path + "/comments"
        return DiscussionView(paperID: paperID, action: action, countLabel: count == 0 ? "" : " (\(count))",
                              threadsHTML: DiscussionHTML.render(CommentView.threads(comments, viewer: viewer), csrf: viewer?.csrfToken, action: action),
                              canComment: viewer != nil,
                              signInHref: "/login?next=" + Escape.queryValue(path + "#discussion"))
    }

    private func saveView(_ paperID: String, _ viewer: Viewer?) async throws -> SaveView? {
        guard let viewer else { return nil }
        let holding = try await community.collections(ownerID: viewer.user.id, holding: paperID)
        return SaveView(paperID: paperID, csrf: viewer.csrfToken ?? "",
                        collections: try await community.collections(ownerID: viewer.user.id).map {
                            SaveChoiceView(id: $0.id, name: $0.name, holds: holding.contains($0.id), href: CollectionController.path($0.id))
                        })
    }

    private func paperView(_ paper: Paper, activity: PaperActivity, similar: [Paper], extras: CardExtras) -> PaperView {
        let links = extras.links[paper.id]
        var card = extras.card(paper)
        card.codeLinks = CardBuilder.linkButtons(links, githubStars: CardBuilder.githubStars(paper, shown: links))
        // The first word of the DOI field (some list several); none for a blank one.
        let doiURL = paper.doi?.split(separator: " ").first.map { "https://doi.org/" + $0 }
        var layout = LayoutView(title: paper.title, description: String(paper.abstract.prefix(200)),
                                canonical: absolute(CardBuilder.paperPath(paper.id)))
        layout.feeds = []
        return PaperView(
            layout: layout, card: card, authors: CardBuilder.authorViews(paper.authors),
            published: paper.published.map { CardBuilder.displayDate(Day($0)) },
            updated: paper.updated.flatMap { u in paper.published.map { Day($0) } == Day(u) ? nil : CardBuilder.displayDate(Day(u)) },
            announced: paper.feedDay.map(CardBuilder.displayDate),
            announcedHref: paper.feedDay.map { RangeParser.path(.day($0)) },
            version: paper.version, comments: paper.comments, journalRef: paper.journalRef,
            doi: paper.doi, doiURL: doiURL, license: paper.license,
            hub: paper.hub.map { HubView(upvotes: $0.upvotes, aiSummary: $0.aiSummary) },
            submission: activity.submission.map { s in
                SubmissionView(by: s.username, byHref: s.username.map { "/u/" + $0 }, on: CardBuilder.displayDate(Day(s.submittedAt)),
                               removeAction: CardBuilder.paperPath(paper.id) + "/submission/remove")
            },
            save: nil, discussion: nil,
            markdownHref: CardBuilder.paperPath(paper.id) + ".md",
            apiHref: "/api/papers/" + paper.id,
            similarEnabled: semantic != nil,
            similar: similar.map { extras.card($0) })
    }

    func paperBibTeX(_ request: Request, rawID: String) async throws -> Response {
        try await cached(request) {
            Reply(contentType: "application/x-bibtex; charset=utf-8", body: BibTeX.entry(try await lookUp(rawID)))
        }
    }

    func paperMarkdown(_ request: Request, rawID: String) async throws -> Response {
        try await cached(request) {
            let paper = try await lookUp(rawID)
            let links = try await store.links(paperIDs: [paper.id])[paper.id]
            return Reply(contentType: "text/markdown; charset=utf-8",
                         body: PaperMarkdown.render(paper, links: links, pageURL: absolute(CardBuilder.paperPath(paper.id))))
        }
    }
}

/// Paper look-ups the page, the API and the feeds share.
extension Controller {
    /// The id of a `/papers/:id/:number/…` route: an old-style id has a slash (`hep-th/9901001`).
    func oldStyleID(_ context: AppRequestContext) throws -> String {
        try context.parameters.require("id") + "/" + context.parameters.require("number")
    }

    /// An id as typed in a URL (any version suffix or `arXiv:` prefix is accepted), or 400.
    func arxivID(_ raw: String) throws -> ArxivID {
        guard let id = ArxivID(raw) else {
            throw WebError.badRequest("'\(raw.prefix(60))' is not an arXiv id (like 2403.01234 or hep-th/9901001)")
        }
        return id
    }

    /// The paper for an id as typed in a URL.
    func lookUp(_ raw: String) async throws -> Paper {
        let id = try arxivID(raw)
        guard let paper = try await store.paper(id: id.base) else {
            throw WebError.notFound("no paper \(id.base) in this hub")
        }
        return paper
    }

    /// Similar papers when semantic search is configured; a failure there only hides the section.
    func similarPapers(_ id: String) async throws -> [Paper] {
        guard let semantic else { return [] }
        return ((try? await semantic.similar(to: id, limit: PaperPageController.similarCount, filter: CategoryFilter())) ?? nil)?.map(\.paper) ?? []
    }
}

/// A paper as Markdown, for tools and language models: metadata list, then the abstract.
enum PaperMarkdown {
    static func render(_ p: Paper, links: CodeLinks?, pageURL: String) -> String {
        var md = "# \(Escape.markdown(p.title))\n\n"
        md += "- **arXiv:** [\(p.id)v\(p.version)](\(ArxivID(base: p.id, version: nil).absURL)) · [PDF](\(ArxivID(base: p.id, version: nil).pdfURL))\n"
        md += "- **Authors:** \(Escape.markdown(p.authors.map(\.name).joined(separator: ", ")))\n"
        if !p.categories.isEmpty { md += "- **Categories:** \(p.categories.joined(separator: ", "))\n" }
        if let d = p.published { md += "- **Submitted:** \(Day(d))\n" }
        if let d = p.updated { md += "- **Updated:** \(Day(d))\n" }
        if let d = p.announced { md += "- **Announced:** \(d)\n" }
        if let c = p.comments { md += "- **Comments:** \(Escape.markdown(c))\n" }
        if let j = p.journalRef { md += "- **Journal ref:** \(Escape.markdown(j))\n" }
        if let doi = p.doi { md += "- **DOI:** \(Escape.markdown(doi))\n" }
        if let l = p.license { md += "- **Licence:** \(l)\n" }
        if let hub = p.hub { md += "- **Upvotes (Hugging Face):** \(hub.upvotes)\n" }
        for link in CardBuilder.linkButtons(links) { md += "- **\(link.label):** \(link.href)\n" }
        md += "- **Page:** \(pageURL)\n\n## Abstract\n\n\(Escape.markdown(p.abstract))\n"
        return md
    }
}
