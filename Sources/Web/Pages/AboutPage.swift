import Foundation
import Hummingbird
import PaperboyCore

/// `/about/ranking`: how the lists are ordered, in words and with the formula the code uses,
/// so nobody has to guess why a paper is where it is.
struct AboutController: Controller {
    let app: WebApp

    struct RankingView {
        var layout: LayoutView
        var gravity: String
        var cacheSeconds: Int
        var defaultView: String
    }

    func addRoutes(to routes: Routes) {
        routes.add("/about/ranking", get: { r, c in
            try await page(r, c) { viewer in
                var layout = layout("How ranking works", path: "/about/ranking")
                layout.description = "How Paperboy orders papers: trending, the community view, search and similar papers."
                let view = RankingView(layout: layout, gravity: String(format: "%.1f", Trending.gravity),
                                       cacheSeconds: Int(config.cacheTTL), defaultView: config.defaultView.label)
                return html(view, "about-ranking", viewer)
            }
        })
    }
}
