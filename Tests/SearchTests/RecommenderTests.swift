import Embeddings
import Foundation
import PaperboyCore
import Testing
@testable import Search

@Suite struct LinearSVMTests {
    /// Two groups of points either side of a plane, more of one than the other.
    @Test func separatesWhatIsSeparableAndWeighsClassesEqually() {
        var generator = SeededGenerator(state: 3)
        var rows: [Float] = [], labels: [Float] = []
        for i in 0..<240 {
            let positive = i < 20
            let centre: [Float] = positive ? [1, 0.2, 0] : [-0.2, 1, 0]
            rows += centre.map { $0 + Float.random(in: -0.3...0.3, using: &generator) }
            labels.append(positive ? 1 : -1)
        }
        let costs = LinearSVM.balancedCosts(labels: labels, c: 1)
        #expect(abs(costs[0] * 20 - costs[239] * 220) < 1e-3, "each class carries the same total cost")
        let svm = LinearSVM.train(rows: rows, dimension: 3, labels: labels, costs: costs)
        let wrong = (0..<labels.count).filter { i in
            rows.withUnsafeBufferPointer { svm.score($0.baseAddress! + i * 3) } * labels[i] <= 0
        }
        #expect(wrong.isEmpty, "misclassified: \(wrong)")
        // Reproducible: same data and seed, same model.
        #expect(LinearSVM.train(rows: rows, dimension: 3, labels: labels, costs: costs).weights == svm.weights)
    }
}

/// The installed model (scripts/setup-model.sh), or nil.
private let sampleModelFolder: URL? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder = ProcessInfo.processInfo.environment["PAPERBOY_MODEL"].map(URL.init(fileURLWithPath:))
        ?? root.appendingPathComponent("models/all-MiniLM-L6-v2")
    return FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) ? folder : nil
}()

/// The recommender on real data: the bundled sample's 200 papers embedded with the real model,
/// where a reader's likes in one archive must pull that archive's papers up.
@Suite(.enabled(if: sampleModelFolder != nil, "needs the model (scripts/setup-model.sh)"))
struct RecommenderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct SamplePaper { var id: String; var archive: String; var text: String }

    static let sample: [SamplePaper] = {
        let text = (try? String(contentsOf: root.appendingPathComponent("sample/arxiv-0704-sample200.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let id = o["id"] as? String, let title = o["title"] as? String, let abstract = o["abstract"] as? String,
                  let categories = o["categories"] as? String else { return nil }
            let archive = categories.split(separator: " ").first?.split(separator: ".").first.map(String.init) ?? ""
            return SamplePaper(id: id, archive: archive, text: EmbeddingText.of(title: title, body: abstract))
        }
    }()

    /// Embedded once per test process (a few seconds for the 200 papers).
    static let index: VectorIndex? = {
        guard let folder = sampleModelFolder, let model = try? EmbeddingModel(folder: folder) else { return nil }
        let index = VectorIndex(dimension: model.dimension)
        try? index.add(zip(sample.map(\.id), model.embed(sample.map(\.text))).map { ($0, $1) })
        return index
    }()

    func archive(_ id: String) -> String { Self.sample.first { $0.id == id }?.archive ?? "" }
    func ids(_ archive: String) -> [String] { Self.sample.filter { $0.archive == archive }.map(\.id) }

    @Test func likesPullTheirTopicUpAndTheRankingFollowsThem() throws {
        let index = try #require(Self.index)
        let recommender = Recommender(index: index)
        for topic in ["astro-ph", "math"] {
            let liked = Array(ids(topic).prefix(4))
            let model = try #require(recommender.train(liked: liked))
            let top = recommender.rank(model, candidates: nil, excluding: Set(liked), limit: 10)
            let onTopic = top.filter { archive($0.id) == topic }.count
            let baseRate = Double(ids(topic).count) / Double(Self.sample.count)
            #expect(onTopic >= 6, "\(topic): \(onTopic) of the top 10 on topic (base rate \(baseRate))")
            #expect(!top.contains { liked.contains($0.id) })
            // Reasons name one of the liked papers, the nearest.
            let reasons = recommender.reasons(for: top.map(\.id), model: model)
            #expect(reasons.count == top.count && reasons.values.allSatisfy(liked.contains))
        }
    }

    @Test func notInterestedPushesAPaperAndItsLikesDown() throws {
        let index = try #require(Self.index)
        let recommender = Recommender(index: index)
        let liked = Array(ids("astro-ph").prefix(3))
        let before = try #require(recommender.train(liked: liked))
        let all = Self.sample.map(\.id)
        let first = try #require(recommender.rank(before, candidates: all, excluding: Set(liked), limit: 1).first)
        let after = try #require(recommender.train(liked: liked, notInterested: [first.id]))
        let rescored = try #require(index.scores(of: [first.id], weights: after.svm.weights).first ?? nil) + after.svm.bias
        #expect(rescored < first.score, "the rejected paper scores lower once rejected: \(rescored) vs \(first.score)")
        // A pool ranks only its own papers; those without vectors are left to the caller.
        let pool = Array(all.suffix(50)) + ["2401.99999"]
        let ranked = recommender.rank(after, candidates: pool, excluding: [], limit: 100)
        #expect(ranked.count == 50 && Set(ranked.map(\.id)).isSubset(of: Set(pool)))
        #expect(recommender.train(liked: ["2401.99999"]) == nil, "nothing to learn from without a vector")
    }
}
