import Dispatch
import Embeddings

/// What search needs from an embedding model: the seam between Search and Embeddings, so the
/// ranking logic is testable with a stand-in and another model can replace the default one.
public protocol TextEmbedder: Sendable {
    /// Identifies the model; stored with every vector so a new model re-embeds everything.
    var id: String { get }
    var dimension: Int { get }
    /// The arithmetic that makes the vectors; stored with each one.
    var precision: Precision { get }
    /// One vector per text, in order.
    func embed(_ texts: [String]) -> [[Float]]
}

extension TextEmbedder {
    /// Stand-ins compute in full precision.
    public var precision: Precision { .f32 }

    /// `embed` on a plain thread. Inference is CPU-bound for milliseconds to seconds; run on
    /// the cooperative pool it would hold one of the few threads (two on a 2-core server) that
    /// answer every web request, so a few semantic searches could stall all pages. Background
    /// work passes `.utility` so that a person's query goes first.
    public func embedOffPool(_ texts: [String], qos: DispatchQoS.QoSClass = .userInitiated) async -> [[Float]] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: qos).async {
                continuation.resume(returning: embed(texts))
            }
        }
    }
}

import PaperboyCore

public enum EmbeddingText {
    /// The text a paper is embedded from: title and abstract as one passage (the form the
    /// sentence-transformers BEIR evaluation feeds the model).
    public static func of(_ paper: Paper) -> String {
        of(title: paper.title, body: paper.abstract)
    }

    public static func of(title: String, body: String) -> String {
        let t = title.trimmingWhitespace(), b = body.trimmingWhitespace()
        if t.isEmpty { return b }
        if b.isEmpty { return t }
        let ends = t.last.map { ".?!:".contains($0) } ?? false
        return t + (ends ? " " : ". ") + b
    }
}
