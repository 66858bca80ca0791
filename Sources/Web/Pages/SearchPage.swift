import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore
import Search

/// `/search?q=…`: keyword search through the store (or semantic/hybrid when configured).
struct SearchController: Controller {
    let app: WebApp

    func addRoutes(to routes: Routes) {
        routes.add("/search", get: { r, c in try await searchPage(r, c) })
    }

    func searchPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let params = try QueryParams(request)
        let p = try searchParams(params)
        let page = try params.int("page", default: 1, in: 1...1000)
        return try await self.page(request, context) { viewer in
            let results = p.query.isEmpty ? SearchResults(hits: [], total: 0, terms: [])
                : try await runSearch(p, offset: (page - 1) * config.pageSize, limit: config.pageSize, countsTotal: true)
            let pages = max(1, (results.total + config.pageSize - 1) / config.pageSize)
            if page > pages { throw WebError.notFound("page \(page) does not exist: this search has \(pages) page\(pages == 1 ? "" : "s")") }
            var view = searchView(p, page: page, pages: pages, results: results,
                                  extras: try await cardExtras(results.hits.map(\.paper.id), viewer: viewer))
            view.embedding = await jobs.embeddingProgress().map(EmbeddingView.init)
            return html(view, "search", viewer)
        }
    }

    private func searchView(_ p: SearchParams, page: Int, pages: Int, results: SearchResults, extras: CardExtras) -> SearchView {
        let base: [(String, String)] = [("q", p.query)] + p.filter.queryItems
        let modeItem: [(String, String)] = p.mode == defaultMode ? [] : [("mode", p.mode.rawValue)]
        let sortItem: [(String, String)] = p.sort == .relevance ? [] : [("sort", p.sort.rawValue)]
        let highlighter = Highlighter(terms: results.terms)
        let feedQuery = "?" + base.filter { !$0.1.isEmpty }.map { "\($0.0)=\(Escape.queryValue($0.1))" }.joined(separator: "&")
        var layout = LayoutView(title: p.query.isEmpty ? "Search" : "Search: \(p.query)",
                                description: "Search arXiv papers", canonical: absolute(link("/search", base + modeItem + sortItem)),
                                feeds: p.query.isEmpty ? [] : searchFeedLinks(feedQuery))
        layout.searchQuery = p.query
        if !p.query.isEmpty { layout.subscribe = [inboxLink(link("/subscribe", [("q", p.query)]))] }
        layout.filterItems = filterFields(p.filter)
        return SearchView(
            layout: layout, query: p.query, notes: results.notes,
            showModes: semantic != nil,
            modeTabs: semantic == nil ? [] : SearchMode.allCases.map { m in
                LinkView(label: m.rawValue.capitalized, href: link("/search", base + sortItem + (m == defaultMode ? [] : [("mode", m.rawValue)])), active: m == p.mode)
            },
            sortTabs: SearchSort.allCases.map { s in
                LinkView(label: s == .relevance ? "Relevance" : "Newest",
                         href: link("/search", base + modeItem + (s == .relevance ? [] : [("sort", s.rawValue)])), active: s == p.sort)
            },
            filter: filterView(action: "/search", filter: p.filter, hidden: [("q", p.query)] + modeItem + sortItem),
            papers: results.hits.map { extras.card($0.paper, highlighter: highlighter) },
            total: results.total, searched: !p.query.isEmpty,
            pager: pager(page: page, pages: pages) { link("/search", base + modeItem + sortItem + ($0 > 1 ? [("page", String($0))] : [])) })
    }
}

/// Search parameters and running a search: the page, the API and the feeds share them.
extension Controller {
    func searchParams(_ params: QueryParams) throws -> SearchParams {
        let q = (params.string("q") ?? "").trimmingWhitespace()
        guard q.count <= config.maxQueryLength else {
            throw WebError.badRequest("the query is \(q.count) characters long; at most \(config.maxQueryLength) are allowed")
        }
        let mode = try params.choice("mode", default: defaultMode)
        if mode != .keyword, semantic == nil {
            throw WebError.badRequest("mode '\(mode.rawValue)' needs semantic search, which is not enabled on this server")
        }
        return SearchParams(query: q, filter: try params.filter(), sort: try params.choice("sort", default: SearchSort.relevance), mode: mode)
    }

    /// Runs the search. The keyword parser never rejects a query (it drops what it cannot
    /// read), so any error here is the server's.
    /// `countsTotal`: only the results page shows a count; the API and feeds list hits alone.
    func runSearch(_ p: SearchParams, offset: Int, limit: Int, countsTotal: Bool) async throws -> SearchResults {
        let request = SearchRequest(query: p.query, filter: p.filter, sort: p.sort, offset: offset, limit: limit, countsTotal: countsTotal)
        if p.mode != .keyword, let semantic { return try await semantic.search(request, mode: p.mode) }
        return try await store.search(request)
    }

    func searchFeedLinks(_ query: String) -> [FeedLinkView] {
        [("RSS", "application/rss+xml", "rss"), ("Atom", "application/atom+xml", "atom"), ("JSON Feed", "application/feed+json", "json")].map {
            FeedLinkView(title: "Search results (\($0.0))", type: $0.1, href: "/search.\($0.2)\(query)", label: $0.0)
        }
    }
}

/// Parsed and validated search parameters, shared by the page, the API and the feeds.
struct SearchParams {
    var query: String
    var filter: CategoryFilter
    var sort: SearchSort
    var mode: SearchMode
}

