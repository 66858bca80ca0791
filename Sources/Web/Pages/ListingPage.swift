import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// `/`, `/papers/date/…`, `/papers/week/…`, `/papers/month/…`: one range of the feed.
struct FeedPagesController: Controller {
    let app: WebApp

    func addRoutes(to routes: Routes) {
        routes.add("/", get: { r, c in try await listingPage(r, c, kind: nil, raw: nil) })
        routes.add("/papers/date/:day", get: { r, c in try await listingPage(r, c, kind: .day, raw: c.parameters.get("day")) })
        routes.add("/papers/week/:week", get: { r, c in try await listingPage(r, c, kind: .week, raw: c.parameters.get("week")) })
        routes.add("/papers/month/:month", get: { r, c in try await listingPage(r, c, kind: .month, raw: c.parameters.get("month")) })
    }

    func listingPage(_ request: Request, _ context: AppRequestContext, kind: DayRange.Kind?, raw: String?) async throws -> Response {
        let params = try QueryParams(request)
        let filter = try params.filter()
        let sort = try params.choice("sort", default: FeedSort.trending)
        let selection = try params.choice("view", default: config.defaultView)
        let page = try params.int("page", default: 1, in: 1...10_000)
        // Parse the path before touching the cache so bad input never gets cached.
        let asked = try kind.map { try RangeParser.parse($0, try PathSegment.decode(raw ?? "")) }
        if selection == .forYou, context.viewer == nil {
            return redirect("/login?next=" + Escape.queryValue(AccountController.safeNext(request.uri.description)))
        }
        return try await self.page(request, context) { viewer in
            let latest = asked == nil ? try await latestRange(filter) : nil
            guard let range = asked ?? latest else { return html(emptyHome(filter: filter), "listing", viewer) }
            let listingRequest = ListingRequest(range: range, filter: filter, sort: sort, offset: (page - 1) * config.pageSize, limit: config.pageSize)
            let shown: ShownPapers
            switch (selection, viewer) {
            case (.community, _): shown = ShownPapers(try await community.communityListing(listingRequest))
            case (.forYou, let viewer?): shown = try await forYou(range, filter: filter, page: page, viewer: viewer)
            default: shown = ShownPapers(try await store.listing(listingRequest))
            }
            let pages = max(1, (shown.total + config.pageSize - 1) / config.pageSize)
            if page > pages {
                throw WebError.notFound("page \(page) does not exist: \(range) has \(pages) page\(pages == 1 ? "" : "s") of papers")
            }
            let neighbours = try await store.neighbourDays(of: range, filter: filter)
            let extras = try await cardExtras(shown.papers.map(\.paper.id), viewer: viewer)
            return html(listingView(range: range, isHome: asked == nil, filter: filter, sort: sort, selection: selection, page: page,
                                    pages: pages, shown: shown, extras: extras, neighbours: neighbours, signedIn: viewer != nil), "listing", viewer)
        }
    }

    private func listingView(range: DayRange, isHome: Bool, filter: CategoryFilter, sort: FeedSort, selection: PaperSelection,
                             page: Int, pages: Int, shown: ShownPapers, extras: CardExtras,
                             neighbours: (previous: Day?, next: Day?), signedIn: Bool) -> ListingView {
        let path = RangeParser.path(range)
        let keep = filter.queryItems
        func viewItem(_ s: PaperSelection) -> [(String, String)] { s == config.defaultView ? [] : [("view", s.rawValue)] }
        // What every link of the page keeps: the sort and the view (the filter is added apart).
        let sortItem: [(String, String)] = (sort == .trending ? [] : [("sort", sort.rawValue)]) + viewItem(selection)
        func neighbour(_ day: Day?) -> LinkView? {
            day.map { d in
                let r = RangeParser.range(range.kind, containing: d)
                return LinkView(label: shortLabel(r), href: link(RangeParser.path(r), keep + sortItem))
            }
        }
        let tabs: [LinkView] = [DayRange.day(range.first), .week(containing: range.first), .month(containing: range.first)].map { r in
            LinkView(label: r.kind == .day ? "Day" : r.kind == .week ? "Week" : "Month",
                     href: link(RangeParser.path(r), keep + sortItem), active: r.kind == range.kind)
        }
        let sortTabs = FeedSort.allCases.map { s in
            LinkView(label: s == .trending ? "Trending" : "Newest",
                     href: link(path, keep + (s == .trending ? [] : [("sort", s.rawValue)]) + viewItem(selection)), active: s == sort)
        }
        // "For you" needs an account: anonymous pages (shared by everyone) never offer it.
        let viewTabs = PaperSelection.allCases.filter { $0 != .forYou || signedIn }.map { s in
            LinkView(label: s.label,
                     href: link(path, keep + (sort == .trending ? [] : [("sort", sort.rawValue)]) + viewItem(s)), active: s == selection)
        }
        let feedQuery = keep.isEmpty ? "" : "?" + keep.map { "\($0.0)=\(Escape.queryValue($0.1))" }.joined(separator: "&")
        var layout = LayoutView(
            title: isHome ? "Latest papers" : heading(range),
            description: "arXiv papers of \(heading(range))\(filter.isEmpty ? "" : " in \(describe(filter))")",
            canonical: absolute(link(path, keep + sortItem)),
            feeds: dailyFeedLinks(feedQuery))
        layout.subscribe = [inboxLink(link("/subscribe", [("cat", filter.include.joined(separator: ",")),
                                                          ("exclude", filter.exclude.joined(separator: ","))].filter { !$0.1.isEmpty }))]
        layout.filterItems = filterFields(filter)
        return ListingView(
            layout: layout,
            heading: heading(range),
            subheading: "\(shown.total) paper\(shown.total == 1 ? "" : "s")\(selection == .community ? " submitted or upvoted" : "")"
                + (filter.isEmpty ? "" : " · " + describe(filter)),
            rangeTabs: tabs,
            previous: neighbour(neighbours.previous), next: neighbour(neighbours.next),
            sortTabs: selection == .forYou ? [] : sortTabs,
            viewTabs: viewTabs,
            community: selection == .community,
            forYou: selection == .forYou ? ForYouNoteView(text: shown.forYouNote ?? "") : nil,
            filter: filterView(action: path, filter: filter, hidden: sortItem),
            papers: shown.papers.map { paper, votes in
                var card = extras.card(paper, votes: votes)
                if selection == .forYou {
                    card.reason = shown.reasons[paper.id]
                    card.dismissAction = InterestController.action(paper.id)
                }
                return card
            },
            total: shown.total,
            pager: pager(page: page, pages: pages) { link(path, keep + sortItem + ($0 > 1 ? [("page", String($0))] : [])) })
    }

    private func emptyHome(filter: CategoryFilter) -> ListingView {
        ListingView(layout: LayoutView(title: "Latest papers", description: "No papers yet", canonical: absolute("/"), feeds: dailyFeedLinks(""), subscribe: [inboxLink("/subscribe")]),
                    heading: "No papers yet", subheading: filter.isEmpty ? "Import some with paperboy import" : describe(filter),
                    rangeTabs: [], previous: nil, next: nil, sortTabs: [], viewTabs: [], community: false, forYou: nil,
                    filter: filterView(action: "/", filter: filter, hidden: []), papers: [], total: 0, pager: nil)
    }
}

/// Rendering helpers the listing, search and feed areas share.
extension Controller {

    func inboxLink(_ href: String) -> LinkView { LinkView(label: "Get trending papers in your inbox", href: href) }

    func dailyFeedLinks(_ query: String) -> [FeedLinkView] {
        [("RSS", "application/rss+xml", "rss"), ("Atom", "application/atom+xml", "atom"), ("JSON Feed", "application/feed+json", "json")].map {
            FeedLinkView(title: "Daily papers (\($0.0))", type: $0.1, href: "/feeds/daily.\($0.2)\(query)", label: $0.0)
        }
    }

    func filterView(action: String, filter: CategoryFilter, hidden: [(String, String)]) -> FilterView {
        FilterView(action: action, cat: filter.include.joined(separator: ","), exclude: filter.exclude.joined(separator: ","), code: filter.withCode,
                   hidden: hidden.map { HiddenField(name: $0.0, value: $0.1) }, active: !filter.isEmpty,
                   clearHref: link(action, hidden))
    }

    func filterFields(_ filter: CategoryFilter) -> [HiddenField] {
        filter.queryItems.map { HiddenField(name: $0.0, value: $0.1) }
    }

    func pager(page: Int, pages: Int, href: (Int) -> String) -> PagerView? {
        guard pages > 1 else { return nil }
        return PagerView(previous: page > 1 ? href(page - 1) : nil, next: page < pages ? href(page + 1) : nil, current: page, pages: pages)
    }

    func describe(_ filter: CategoryFilter) -> String {
        var parts: [String] = []
        if !filter.include.isEmpty { parts.append(filter.include.joined(separator: ", ")) }
        if !filter.exclude.isEmpty { parts.append("not " + filter.exclude.joined(separator: ", ")) }
        if filter.withCode { parts.append("with code") }
        return parts.joined(separator: ", ")
    }

    func heading(_ range: DayRange) -> String {
        let months = DateNames.months
        switch range.kind {
        case .day:
            let weekday = DateNames.weekdays[range.first.weekday - 1]
            return "\(weekday), \(range.first.day) \(months[range.first.month - 1]) \(range.first.year)"
        case .week:
            return "Week \(range) (\(CardBuilder.displayDate(range.first)) – \(CardBuilder.displayDate(range.last)))"
        case .month:
            return "\(months[range.first.month - 1]) \(range.first.year)"
        }
    }

    func shortLabel(_ range: DayRange) -> String {
        range.kind == .day ? CardBuilder.displayDate(range.first) : range.description
    }
}
