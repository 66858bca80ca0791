import PaperboyCore

/// The hot API shapes (a list of papers: daily feed and search) written straight to bytes,
/// exactly as `JSONBody`'s `JSONEncoder` writes them (keys sorted, slashes unescaped, nil
/// fields left out). Encoding through `Encodable` was a sixth of an uncached search's CPU time;
/// `APIJSONWriterTests` checks the bytes are the encoder's.
struct APIJSONWriter {
    private(set) var bytes: [UInt8] = []

    static func encode(_ items: [APIDailyItem]) -> String {
        var writer = APIJSONWriter()
        writer.bytes.reserveCapacity(items.count * 3_000)
        writer.array(items) { $0.item($1) }
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    private mutating func item(_ item: APIDailyItem) {
        var object = ObjectWriter()
        object.key("numComments", &self); int(item.numComments)
        object.key("paper", &self); paper(item.paper)
        object.key("publishedAt", &self); string(item.publishedAt)
        if let score = item.score { object.key("score", &self); double(score) }
        if let user = item.submittedBy { object.key("submittedBy", &self); self.user(user) }
        object.key("summary", &self); string(item.summary)
        object.key("title", &self); string(item.title)
        if let trending = item.trendingScore { object.key("trendingScore", &self); double(trending) }
        object.close(&self)
    }

    private mutating func paper(_ p: APIPaper) {
        var object = ObjectWriter()
        if let keywords = p.ai_keywords { object.key("ai_keywords", &self); array(keywords) { $0.string($1) } }
        optional("ai_summary", p.ai_summary, &object)
        optional("announcedOn", p.announcedOn, &object)
        object.key("arxivUrl", &self); string(p.arxivUrl)
        object.key("authors", &self)
        array(p.authors) { writer, author in
            var inner = ObjectWriter()
            inner.key("name", &writer); writer.string(author.name)
            inner.close(&writer)
        }
        object.key("categories", &self); array(p.categories) { $0.string($1) }
        optional("comments", p.comments, &object)
        optional("doi", p.doi, &object)
        optional("githubRepo", p.githubRepo, &object)
        if let stars = p.githubStars { object.key("githubStars", &self); int(stars) }
        optional("gitlabRepo", p.gitlabRepo, &object)
        optional("huggingFaceRepo", p.huggingFaceRepo, &object)
        object.key("id", &self); string(p.id)
        optional("journalRef", p.journalRef, &object)
        optional("license", p.license, &object)
        object.key("pdfUrl", &self); string(p.pdfUrl)
        optional("projectPage", p.projectPage, &object)
        object.key("publishedAt", &self); string(p.publishedAt)
        optional("submittedOnDailyAt", p.submittedOnDailyAt, &object)
        if let user = p.submittedOnDailyBy { object.key("submittedOnDailyBy", &self); self.user(user) }
        object.key("summary", &self); string(p.summary)
        object.key("title", &self); string(p.title)
        optional("updatedAt", p.updatedAt, &object)
        object.key("upvotes", &self); int(p.upvotes)
        object.key("url", &self); string(p.url)
        object.key("version", &self); int(p.version)
        object.close(&self)
    }

    private mutating func user(_ user: APIUser) {
        var inner = ObjectWriter()
        inner.key("fullname", &self); string(user.fullname)
        inner.key("name", &self); string(user.name)
        inner.close(&self)
    }

    private mutating func optional(_ key: StaticString, _ value: String?, _ object: inout ObjectWriter) {
        guard let value else { return }
        object.key(key, &self)
        string(value)
    }

    private mutating func array<T>(_ values: [T], _ element: (inout APIJSONWriter, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    fileprivate mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// As the encoder writes a Double: integral values without a fraction.
    private mutating func double(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 {
            int(Int(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    private mutating func string(_ value: String) { JSONString.append(value, to: &bytes) }
}

/// Braces and the commas between an object's fields.
private struct ObjectWriter {
    private var started = false

    mutating func key(_ name: StaticString, _ writer: inout APIJSONWriter) {
        writer.raw(started ? "," : "{")
        started = true
        writer.raw("\"")
        writer.raw(name)
        writer.raw("\":")
    }

    func close(_ writer: inout APIJSONWriter) { writer.raw(started ? "}" : "{}") }
}
