import Search
import Synchronization

/// A stand-in model whose geometry is known by construction: each dimension is a concept and
/// synonyms share one, so "car" and "automobile" embed alike while sharing no keyword.
/// Unknown words land in a catch-all dimension that keeps every vector non-zero.
final class ConceptEmbedder: TextEmbedder {
    static let concepts: [[String]] = [
        ["car", "automobile", "vehicle"],
        ["protein", "enzyme", "peptide"],
        ["galaxy", "star", "cosmology"],
        ["neural", "network", "deep"],
        ["quantum", "qubit", "entanglement"],
    ]
    let id = "concept-test-model"
    var dimension: Int { Self.concepts.count + 1 }
    private let log = Mutex<[String]>([])
    var embeddedTexts: [String] { log.withLock { $0 } }

    func embed(_ texts: [String]) -> [[Float]] {
        log.withLock { $0 += texts }
        return texts.map { text in
            var v = [Float](repeating: 0, count: dimension)
            v[dimension - 1] = 0.1
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
                if let c = Self.concepts.firstIndex(where: { $0.contains(String(word)) }) { v[c] += 1 }
            }
            return v
        }
    }
}
