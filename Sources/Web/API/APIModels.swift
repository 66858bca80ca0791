import Foundation
import PaperboyCore
import PaperboyStore

// JSON shapes compatible with Hugging Face's `/api/daily_papers` and `/api/papers/{id}`:
// HF's field names where HF has the field, ours added under new names (categories, version,
// links, ...). Optional fields are left out when unknown, as HF does.

struct APIAuthor: Encodable { var name: String }

struct APIUser: Encodable { var name: String; var fullname: String }

struct APIPaper: Encodable {
    // Hugging Face fields.
    var id: String
    var title: String
    var summary: String
    var authors: [APIAuthor]
    var publishedAt: String
    var upvotes: Int
    var submittedOnDailyAt: String?
    var submittedOnDailyBy: APIUser?
    var ai_summary: String?
    var ai_keywords: [String]?
    var githubRepo: String?
    var githubStars: Int?
    var projectPage: String?
    // Paperboy additions.
    var gitlabRepo: String?
    var huggingFaceRepo: String?
    var version: Int
    var categories: [String]
    var updatedAt: String?
    var announcedOn: String?
    var comments: String?
    var journalRef: String?
    var doi: String?
    var license: String?
    var arxivUrl: String
    var pdfUrl: String
    var url: String

    /// `votes` is the total when the caller has it (listings do); else the imported upvotes
    /// plus `activity`'s local ones. A local submission stands before an imported one.
    /// `links`: what `PaperStore.links` says the paper shows.
    init(_ p: Paper, links: CodeLinks?, votes: Int? = nil, activity: PaperActivity? = nil, publicURL: String) {
        id = p.id; title = p.title; summary = p.abstract
        authors = p.authors.map { APIAuthor(name: $0.name) }
        publishedAt = DateFormats.iso((p.published ?? p.announced?.date ?? Date(timeIntervalSince1970: 0)), milliseconds: true)
        upvotes = votes ?? (p.hub?.upvotes ?? 0) + (activity?.localVotes ?? 0)
        let submitted = Self.submitted(p, activity)
        submittedOnDailyAt = submitted.at.map { DateFormats.iso($0, milliseconds: true) }
        submittedOnDailyBy = submitted.by.map { APIUser(name: $0, fullname: $0) }
        ai_summary = p.hub?.aiSummary; ai_keywords = p.hub?.aiKeywords
        githubRepo = links?.github; githubStars = CardBuilder.githubStars(p, shown: links)
        gitlabRepo = links?.gitlab; huggingFaceRepo = links?.huggingFace
        projectPage = links?.projectPage
        version = p.version; categories = p.categories
        updatedAt = p.updated.map { DateFormats.iso($0, milliseconds: true) }
        announcedOn = p.announced?.description
        comments = p.comments; journalRef = p.journalRef; doi = p.doi; license = p.license
        arxivUrl = ArxivID(base: p.id, version: nil).absURL; pdfUrl = ArxivID(base: p.id, version: nil).pdfURL
        url = publicURL + CardBuilder.paperPath(p.id)
    }

    /// Who put the paper on the daily list and when: this hub's submission, else Hugging Face's.
    static func submitted(_ p: Paper, _ activity: PaperActivity?) -> (by: String?, at: Date?) {
        if let s = activity?.submission { return (s.username, s.submittedAt) }
        return (p.hub?.submittedBy, p.hub?.submittedOnDailyAt)
    }
}

/// One entry of `/api/daily_papers` and `/api/papers/search`.
struct APIDailyItem: Encodable {
    var paper: APIPaper
    var title: String
    var summary: String
    /// When the paper entered the feed: HF's daily-submission time, else its announcement day.
    var publishedAt: String
    var numComments: Int
    var submittedBy: APIUser?
    // Paperboy additions.
    var trendingScore: Double?
    var score: Double?

    init(_ p: Paper, links: CodeLinks?, votes: Int? = nil, activity: PaperActivity? = nil, trendingScore: Double? = nil, score: Double? = nil,
         publicURL: String) {
        paper = APIPaper(p, links: links, votes: votes, activity: activity, publicURL: publicURL)
        title = p.title; summary = p.abstract
        let submitted = APIPaper.submitted(p, activity)
        let entered = submitted.at ?? p.feedDay?.date
        publishedAt = entered.map { DateFormats.iso($0, milliseconds: true) } ?? paper.publishedAt
        // Like upvotes: this hub's plus those imported with the paper.
        numComments = (p.hub?.numComments ?? 0) + (activity?.comments ?? 0)
        submittedBy = paper.submittedOnDailyBy
        self.trendingScore = trendingScore.map(APIDailyItem.finite)
        self.score = score.map(APIDailyItem.finite)
    }

    /// JSON has no NaN or infinity; a broken score must not make the response unencodable.
    private static func finite(_ x: Double) -> Double { x.isFinite ? x : 0 }
}

/// JSON bodies: stable key order (so ETags are stable) and unescaped slashes in URLs.
enum JSONBody {
    static func encode(_ value: some Encodable) -> String {
        if let items = value as? [APIDailyItem] { return APIJSONWriter.encode(items) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Every value above is finite and every type encodable, so this cannot fail.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
