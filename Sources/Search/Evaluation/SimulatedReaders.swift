import PaperboyCore

/// Readers made from real data for the offline evaluation of personal rankings: each is a set
/// of papers on one narrow topic, of which a few are given as likes and the rest (`hidden`)
/// must be found among all the papers. Two kinds: an author's papers, and the papers of a
/// small category (a listing cross-lists what belongs together).
public struct SimulatedReader: Codable, Sendable, Equatable {
    public var kind: String
    public var name: String
    public var likes: [String]
    public var hidden: [String]
}

public enum SimulatedReaders {
    public struct Source: Sendable {
        public var id: String
        public var authors: [String]
        public var categories: [String]
        public init(id: String, authors: [String], categories: [String]) { self.id = id; self.authors = authors; self.categories = categories }
    }

    /// Up to `count` readers of each kind whose topic has `sizes` papers, `likes` of them liked.
    public static func make(_ papers: [Source], count: Int, likes: Int, sizes: ClosedRange<Int>, seed: UInt64) -> [SimulatedReader] {
        var byAuthor: [String: [String]] = [:], byCategory: [String: [String]] = [:]
        for paper in papers {
            for author in Set(paper.authors.map(normalise)) where !author.isEmpty { byAuthor[author, default: []].append(paper.id) }
            for category in Set(paper.categories) { byCategory[category, default: []].append(paper.id) }
        }
        var generator = SeededGenerator(state: seed)
        func readers(_ kind: String, _ groups: [String: [String]]) -> [SimulatedReader] {
            let eligible = groups.filter { sizes.contains($0.value.count) && $0.value.count > likes }.sorted { $0.key < $1.key }
            return eligible.shuffled(using: &generator).prefix(count).map { name, ids in
                let shuffled = ids.sorted().shuffled(using: &generator)
                return SimulatedReader(kind: kind, name: name, likes: Array(shuffled.prefix(likes)), hidden: Array(shuffled.dropFirst(likes)))
            }
        }
        return readers("author", byAuthor) + readers("category", byCategory)
    }

    /// "J. Smith", "John  Smith" and "john smith" are one author only when written alike after
    /// case and spacing: a reader must be one person's work, so no looser matching.
    static func normalise(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Precision at `k`: the share of the top `k` that the reader would have wanted.
    public static func precision(ranked: [String], relevant: Set<String>, k: Int) -> Double {
        guard k > 0 else { return 0 }
        return Double(ranked.prefix(k).filter(relevant.contains).count) / Double(k)
    }
}
