import Foundation
import PaperboyCore

/// A feed independent of its format; `RSS`, `Atom` and `JSONFeed` write it out.
struct FeedDocument {
    struct Item {
        /// Stable across format, time and server restarts: the paper's page URL.
        var guid: String
        var url: String
        var title: String
        var summary: String
        var authors: [String]
        var categories: [String]
        var published: Date
        var updated: Date
    }
    var title: String
    var description: String
    /// The HTML page this feed mirrors.
    var homeURL: String
    /// The feed's own URL (without format extension differences handled by the caller).
    var selfURL: String
    var updated: Date
    var items: [Item]

    static func item(_ p: Paper, publicURL: String) -> Item {
        let url = publicURL + CardBuilder.paperPath(p.id)
        let published = p.feedDay?.date ?? p.published ?? Date(timeIntervalSince1970: 0)
        return Item(guid: url, url: url, title: p.title, summary: p.abstract, authors: p.authors.map(\.name),
                    categories: p.categories, published: published, updated: max(published, p.updated ?? published))
    }
}

enum FeedFormat: String, CaseIterable {
    case rss, atom, json

    var contentType: String {
        switch self {
        case .rss: return "application/rss+xml; charset=utf-8"
        case .atom: return "application/atom+xml; charset=utf-8"
        case .json: return "application/feed+json; charset=utf-8"
        }
    }

    func render(_ feed: FeedDocument) -> String {
        switch self {
        case .rss: return FeedWriter.rss(feed)
        case .atom: return FeedWriter.atom(feed)
        case .json: return FeedWriter.jsonFeed(feed)
        }
    }
}

enum FeedWriter {
    /// RSS 2.0 with an `atom:link rel="self"`, as validators ask.
    static func rss(_ f: FeedDocument) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n"
        x += "<title>\(Escape.xml(f.title))</title>\n<link>\(Escape.xml(f.homeURL))</link>\n"
        x += "<description>\(Escape.xml(f.description))</description>\n<language>en</language>\n"
        x += "<lastBuildDate>\(DateFormats.http(f.updated))</lastBuildDate>\n"
        x += "<atom:link href=\"\(Escape.xml(f.selfURL))\" rel=\"self\" type=\"application/rss+xml\"/>\n"
        for i in f.items {
            x += "<item>\n<title>\(Escape.xml(i.title))</title>\n<link>\(Escape.xml(i.url))</link>\n"
            x += "<guid isPermaLink=\"true\">\(Escape.xml(i.guid))</guid>\n"
            x += "<pubDate>\(DateFormats.http(i.published))</pubDate>\n"
            for a in i.authors { x += "<dc:creator>\(Escape.xml(a))</dc:creator>\n" }
            for c in i.categories { x += "<category>\(Escape.xml(c))</category>\n" }
            x += "<description>\(Escape.xml(i.summary))</description>\n</item>\n"
        }
        return x + "</channel>\n</rss>\n"
    }

    /// Atom (RFC 4287).
    static func atom(_ f: FeedDocument) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        x += "<title>\(Escape.xml(f.title))</title>\n<subtitle>\(Escape.xml(f.description))</subtitle>\n"
        x += "<id>\(Escape.xml(f.selfURL))</id>\n<updated>\(DateFormats.iso(f.updated))</updated>\n"
        x += "<link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(f.homeURL))\"/>\n"
        x += "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(Escape.xml(f.selfURL))\"/>\n"
        x += "<author><name>Paperboy</name></author>\n<generator>Paperboy</generator>\n"
        for i in f.items {
            x += "<entry>\n<id>\(Escape.xml(i.guid))</id>\n<title type=\"text\">\(Escape.xml(i.title))</title>\n"
            x += "<link rel=\"alternate\" type=\"text/html\" href=\"\(Escape.xml(i.url))\"/>\n"
            x += "<published>\(DateFormats.iso(i.published))</published>\n<updated>\(DateFormats.iso(i.updated))</updated>\n"
            for a in i.authors { x += "<author><name>\(Escape.xml(a))</name></author>\n" }
            for c in i.categories { x += "<category term=\"\(Escape.xml(c))\"/>\n" }
            x += "<summary type=\"text\">\(Escape.xml(i.summary))</summary>\n</entry>\n"
        }
        return x + "</feed>\n"
    }

    /// JSON Feed 1.1.
    static func jsonFeed(_ f: FeedDocument) -> String {
        struct Author: Encodable { var name: String }
        struct Item: Encodable {
            var id: String, url: String, title: String, content_text: String
            var date_published: String, date_modified: String
            var authors: [Author], tags: [String]
        }
        struct Feed: Encodable {
            var version = "https://jsonfeed.org/version/1.1"
            var title: String, description: String, home_page_url: String, feed_url: String
            var language = "en"
            var items: [Item]
        }
        let feed = Feed(title: f.title, description: f.description, home_page_url: f.homeURL, feed_url: f.selfURL, items: f.items.map {
            Item(id: $0.guid, url: $0.url, title: $0.title, content_text: $0.summary, date_published: DateFormats.iso($0.published),
                 date_modified: DateFormats.iso($0.updated), authors: $0.authors.map(Author.init), tags: $0.categories)
        })
        return JSONBody.encode(feed)
    }
}
