/// Lucene's English stopword set (what Anserini's BM25 baselines use). Dropped from plain
/// words before matching: in AND mode they only exclude documents for no reason, in OR mode
/// they match nearly everything and drown the ranking. Quoted phrases keep them.
public enum QueryStopwords {
    public static let english: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
        "they", "this", "to", "was", "will", "with",
    ]

    public static func contains(_ word: String) -> Bool { english.contains(word.lowercased()) }
}
