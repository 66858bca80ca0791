import Foundation

/// A subscription that cannot be: names the field and what is wrong with it.
public struct SubscriptionError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var why: String
    public init(_ field: String, _ why: String) { self.field = field; self.why = why }
    public var description: String { "\(field): \(why)" }
}

extension DigestSchedule {
    public func validated() throws(SubscriptionError) -> DigestSchedule {
        if let weekday, !(1...7).contains(weekday) { throw SubscriptionError("weekday", "\(weekday) is not 1 (Monday) to 7 (Sunday)") }
        guard (0...23).contains(hour) else { throw SubscriptionError("hour", "\(hour) is not an hour from 0 to 23") }
        guard TimeZone(identifier: timeZone) != nil else {
            throw SubscriptionError("time zone", "'\(timeZone.prefix(60))' is not a time zone like Europe/Paris or UTC")
        }
        return self
    }

    /// The subscriber's calendar day and hour at `date`.
    public func local(_ date: Date) -> (day: Day, hour: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour], from: date)
        let day = Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(date)
        return (day, c.hour ?? 0)
    }
}

extension DigestFilter {
    /// Trimmed, de-duplicated and checked; throws naming the first thing wrong.
    public func validated() throws(SubscriptionError) -> DigestFilter {
        var f = self
        f.categories = try Self.categoryList(categories, field: "categories")
        f.excludedCategories = try Self.categoryList(excludedCategories, field: "excluded categories")
        f.queries = Self.cleaned(queries)
        f.authors = Self.cleaned(authors)
        f.collections = collections.reduce(into: []) { kept, id in if !kept.contains(id) { kept.append(id) } }
        guard (1...Self.maxTop).contains(top) else { throw SubscriptionError("top", "\(top) is not a number of papers from 1 to \(Self.maxTop)") }
        guard f.queries.count <= Self.maxQueries else { throw SubscriptionError("queries", "at most \(Self.maxQueries) saved searches") }
        guard f.authors.count <= Self.maxAuthors else { throw SubscriptionError("authors", "at most \(Self.maxAuthors) authors") }
        guard f.collections.count <= Self.maxCollections else { throw SubscriptionError("collections", "at most \(Self.maxCollections) collections") }
        if let long = (f.queries + f.authors).first(where: { $0.count > Self.maxQueryLength }) {
            throw SubscriptionError("queries", "'\(long.prefix(40))…' is longer than \(Self.maxQueryLength) characters")
        }
        if let bad = (f.queries + f.authors).first(where: { $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) {
            throw SubscriptionError("queries", "'\(bad.prefix(40))' contains a control character")
        }
        return f
    }

    private static func categoryList(_ list: [String], field: String) throws(SubscriptionError) -> [String] {
        let words = cleaned(list.flatMap { $0.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init) })
        if let bad = words.first(where: { !CategoryFilter.isValidPattern($0) }) {
            throw SubscriptionError(field, "'\(bad.prefix(40))' is not a category: write them like cs.CL, math.PR or cs.*")
        }
        guard words.count <= maxCategories else { throw SubscriptionError(field, "at most \(maxCategories) categories") }
        return words
    }

    /// Trimmed, empty ones dropped, each once (first spelling kept).
    private static func cleaned(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// In words, for the manage page and the mail's footer.
    public var summary: String {
        var parts: [String] = []
        if isTrending { parts.append("the period's trending papers") }
        if !categories.isEmpty { parts.append("categories " + categories.joined(separator: ", ")) }
        if !queries.isEmpty { parts.append("searches " + queries.map { "“\($0)”" }.joined(separator: ", ")) }
        if !authors.isEmpty { parts.append("authors " + authors.joined(separator: ", ")) }
        if !collections.isEmpty { parts.append("\(collections.count) followed collection\(collections.count == 1 ? "" : "s")") }
        if forYou { parts.append("your For you ranking") }
        var text = parts.joined(separator: "; ")
        if !excludedCategories.isEmpty { text += ", without " + excludedCategories.joined(separator: ", ") }
        return "top \(top): " + text
    }
}
