import Foundation
import Mustache
import Search
import Testing
@testable import Web

/// The templates read view models through `MustacheParent.child(named:)`, written out by hand
/// for speed: every stored field must be reachable under its own name with its own value, and
/// an empty optional must read as missing (as Mustache's reflection did).
struct ViewModelTests {
    static let link = LinkView(label: "Day", href: "/papers/date/2025-03-14", active: true)
    static let feed = FeedLinkView(title: "Daily papers (RSS)", type: "application/rss+xml", href: "/feeds/daily.rss", label: "RSS")
    static let hidden = HiddenField(name: "cat", value: "cs.LG")
    static let author = AuthorView(name: "Ada Lovelace", href: "/search?q=author", last: true)
    static let layout = LayoutView(title: "T", description: "D", canonical: "https://hub.example/", feeds: [feed],
                                   searchQuery: "q", filterItems: [hidden])
    static let card = PaperCardView(id: "2503.01234", href: "/papers/2503.01234", titleHTML: "<mark>T</mark>", abstractHTML: "A",
                                    authors: [author], moreAuthors: 3, categories: [link], date: "14 Mar 2025", votes: 7,
                                    upvoted: true, voteAction: "/papers/2503.01234/upvote", commentsLabel: "3 comments",
                                    absURL: "https://arxiv.org/abs/2503.01234", pdfURL: "https://arxiv.org/pdf/2503.01234",
                                    codeLinks: [LinkView(label: "GitHub", href: "https://github.com/a/b")])
    static let pager = PagerView(previous: "/?page=1", next: "/?page=3", current: 2, pages: 3)
    static let filter = FilterView(action: "/", cat: "cs.*", exclude: "cs.CR", code: true, hidden: [hidden], active: true, clearHref: "/?all")
    static let discussion = DiscussionView(paperID: "2503.01234", action: "/papers/2503.01234/comments", countLabel: " (1)",
                                           threadsHTML: "<article></article>", canComment: true, signInHref: "/login")
    static let submission = SubmissionView(by: "ada", byHref: "/u/ada", on: "14 Mar 2025", removeAction: "/papers/2503.01234/submission/remove")
    static let hub = HubView(upvotes: 4, aiSummary: "S")

    static func embedding() throws -> EmbeddingView {
        let json = #"{"embedded": 5, "total": 9, "running": true, "papersPerSecond": 2.5}"#
        return EmbeddingView(try JSONDecoder().decode(EmbeddingJob.Progress.self, from: Data(json.utf8)))
    }

    static func views() throws -> [any MustacheParent] {
        var noOptionals = card
        noOptionals.moreAuthors = nil
        return [
            layout, feed, hidden, link, author, card, noOptionals, pager, PagerView(previous: nil, next: nil, current: 1, pages: 1),
            filter, hub, submission, discussion, try embedding(),
            ListingView(layout: layout, heading: "H", subheading: "S", rangeTabs: [link], previous: link, next: link, sortTabs: [link],
                        viewTabs: [link], community: true, filter: filter, papers: [card], total: 1, pager: pager),
            SearchView(layout: layout, query: "q", notes: ["n"], showModes: true, modeTabs: [link], sortTabs: [link], filter: filter,
                       papers: [card], total: 1, searched: true, pager: pager, embedding: try embedding()),
            PaperView(layout: layout, card: card, authors: [author], published: "p", updated: "u", announced: "a", announcedHref: "/a",
                      version: 2, comments: "c", journalRef: "j", doi: "10.1/x", doiURL: "https://doi.org/10.1/x", license: "l", hub: hub,
                      submission: submission,
                      linksForm: LinksFormView(action: "/papers/2503.01234/links", csrf: "t", repository: "https://github.com/a/b",
                                               projectPage: "", correctedBy: "ada", correctedOn: "14 Mar 2025"),
                      markdownHref: "/m", apiHref: "/api", similarEnabled: true, similar: [card]),
            ErrorView(layout: layout, status: 404, reason: "Not Found", message: "m"),
        ]
    }

    @Test func everyFieldIsReachableByName() throws {
        for view in try Self.views() {
            let fields = Mirror(reflecting: view).children
            #expect(!fields.isEmpty)
            for field in fields {
                let name = try #require(field.label)
                let isEmptyOptional = Mirror(reflecting: field.value).displayStyle == .optional && Mirror(reflecting: field.value).children.isEmpty
                let found = view.child(named: name)
                if isEmptyOptional {
                    #expect(found == nil, "\(type(of: view)).\(name) is empty but reads as present")
                } else {
                    let value = Mirror(reflecting: field.value).displayStyle == .optional ? Mirror(reflecting: field.value).children.first!.value : field.value
                    #expect(found.map { String(describing: $0) } == String(describing: value), "\(type(of: view)).\(name)")
                }
            }
            #expect(view.child(named: "noSuchField") == nil)
        }
    }
}
