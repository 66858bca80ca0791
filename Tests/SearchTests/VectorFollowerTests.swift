import Foundation
import PaperboyCore
import PaperboyStore
import Search
import Testing

/// Two instances on one database file: one embeds, the other follows its vectors.
@Suite("VectorFollower: an instance that does not embed sees what another saved")
struct VectorFollowerTests {
    static func paper(_ n: Int) -> Paper {
        Paper(id: "2401.0000\(n)", title: "Paper \(n)", abstract: "Abstract \(n).", authors: [Author(name: "A. Author")],
              categories: ["cs.IR"], published: Date(timeIntervalSince1970: 1_704_067_200))
    }

    static func vector(_ n: Int) -> [Float] { (0..<4).map { Float(($0 + n) % 4) + 0.5 } }

    @Test func followsNewAndReplacedVectorsOnly() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("follower-\(UUID().uuidString).sqlite").path
        let embedding = try SQLiteStore.open(path: path), following = try SQLiteStore.open(path: path)
        try await embedding.upsert((1...6).map(Self.paper))
        try await embedding.saveEmbeddings(model: "m", precision: "f32", [(Self.paper(1).id, Self.vector(1)), (Self.paper(2).id, Self.vector(2))])

        let follower = try await VectorFollower(store: following, model: "m", dimension: 4)
        #expect(follower.index.count == 2)
        #expect(try await follower.catchUp() == 0, "nothing new yet")

        try await embedding.saveEmbeddings(model: "m", precision: "f32", (3...5).map { (Self.paper($0).id, Self.vector($0)) })
        try await embedding.saveEmbeddings(model: "other", precision: "f32", [(Self.paper(6).id, Self.vector(6))])
        #expect(try await follower.catchUp() == 3, "the next batch of this model, not another model's")
        #expect(follower.index.count == 5 && follower.index.contains(Self.paper(5).id))
        #expect(try await follower.catchUp() == 0)

        // A paper embedded again (a newer version) comes again and replaces its vector.
        try await embedding.saveEmbeddings(model: "m", precision: "int8", [(Self.paper(1).id, Self.vector(3))])
        #expect(try await follower.catchUp() == 1)
        #expect(follower.index.count == 5)
        let replaced = try #require(follower.index.vector(for: Self.paper(1).id))
        let expected = Self.vector(3).map { $0 / sqrt(Self.vector(3).reduce(0) { $0 + $1 * $1 }) }
        #expect(zip(replaced, expected).allSatisfy { abs($0 - $1) < 1e-5 })
    }
}
