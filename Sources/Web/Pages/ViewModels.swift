import Foundation
import PaperboyCore
import PaperboyStore
import Search

// What the Mustache templates see. `…HTML` fields are already escaped (and maybe highlighted)
// and go through `{{{ }}}`; every other string is escaped by Mustache's `{{ }}`.

struct LayoutView {
    var title: String
    var description: String
    var canonical: String
    var feeds: [FeedLinkView] = []
    /// "Get trending papers in your inbox", with the page's filter or search carried over
    /// (none or one: a list, which the template's section handles like the feeds).
    var subscribe: [LinkView] = []
    var searchQuery: String = ""
    /// Keeps the category filter when searching from the header.
    var filterItems: [HiddenField] = []
}

struct FeedLinkView { var title: String; var type: String; var href: String; var label: String }
struct HiddenField { var name: String; var value: String }
struct LinkView { var label: String; var href: String; var active: Bool = false }

struct AuthorView { var name: String; var href: String; var last: Bool }

struct PaperCardView {
    var id: String
    var href: String
    var titleHTML: String
    var abstractHTML: String
    var authors: [AuthorView]
    var moreAuthors: Int?
    var categories: [LinkView]
    var date: String
    var votes: Int
    /// Whether the signed-in viewer upvoted it (always false for anonymous pages).
    var upvoted: Bool
    var voteAction: String
    /// "3 comments", nil without any. (Not `comments`: a missing name is looked up in the
    /// enclosing view, and the paper page's `comments` are arXiv's.)
    var commentsLabel: String?
    var absURL: String
    var pdfURL: String
    /// GitHub, GitLab, Hugging Face and project page, where the paper has them.
    var codeLinks: [LinkView]
    /// For you only: the liked paper it resembles, and where "Not interested" posts.
    var reason: ReasonView? = nil
    var dismissAction: String? = nil
    /// On the For you page's search: where "More like this" posts.
    var pickAction: String? = nil
}

struct ForYouNoteView { var text: String }

struct PagerView { var previous: String?; var next: String?; var current: Int; var pages: Int }

struct FilterView {
    var action: String
    var cat: String
    var exclude: String
    /// Only papers with code.
    var code: Bool
    /// Kept when the filter form is submitted (sort, query, mode).
    var hidden: [HiddenField]
    var active: Bool
    var clearHref: String
}

struct ListingView {
    var layout: LayoutView
    var heading: String
    var subheading: String
    var rangeTabs: [LinkView]
    var previous: LinkView?
    var next: LinkView?
    var sortTabs: [LinkView]
    /// "All new" and "Community".
    var viewTabs: [LinkView]
    var community: Bool
    /// Set on the For you view.
    var forYou: ForYouNoteView?
    var filter: FilterView
    var papers: [PaperCardView]
    var total: Int
    var pager: PagerView?
}

struct SearchView {
    var layout: LayoutView
    var query: String
    /// What the query parser dropped or changed, so the user knows.
    var notes: [String]
    var showModes: Bool
    var modeTabs: [LinkView]
    var sortTabs: [LinkView]
    var filter: FilterView
    var papers: [PaperCardView]
    var total: Int
    var searched: Bool
    var pager: PagerView?
    /// How far the background embedding has got, when the server embeds papers.
    var embedding: EmbeddingView? = nil
}

/// "N of M papers embedded": how much of the hub search by meaning can find yet.
struct EmbeddingView {
    var embedded: String
    var total: String
    var complete: Bool
    var running: Bool

    init(_ p: EmbeddingJob.Progress) {
        embedded = p.embedded.formatted(); total = p.total.formatted()
        complete = p.remaining == 0; running = p.running
    }
}

struct PaperView {
    var layout: LayoutView
    var card: PaperCardView
    var authors: [AuthorView]
    var published: String?
    var updated: String?
    var announced: String?
    var announcedHref: String?
    var version: Int
    var comments: String?
    var journalRef: String?
    var doi: String?
    var doiURL: String?
    var license: String?
    var hub: HubView?
    var submission: SubmissionView?
    /// The signed-in viewer's save form (nil for anonymous visitors).
    var save: SaveView?
    var discussion: DiscussionView?
    /// The form that corrects the links, for those who may (nil for everyone else).
    var linksForm: LinksFormView?
    var markdownHref: String
    var apiHref: String
    var similarEnabled: Bool
    var similar: [PaperCardView]
}

/// "Submitted by ada on 3 Mar 2026", and the moderators' button that takes it off the list.
struct SubmissionView { var by: String?; var byHref: String?; var on: String; var removeAction: String }

struct HubView { var upvotes: Int; var aiSummary: String? }

struct ErrorView { var layout: LayoutView; var status: Int; var reason: String; var message: String }
