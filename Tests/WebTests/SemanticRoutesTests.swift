import Foundation
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Search
import Testing
@testable import Web

/// The web routes over the real `SearchService` and `VectorIndex`, with hand-made vectors so
/// the expected neighbours follow from geometry (the engine itself is tested in SearchTests).
@Suite
struct SemanticRoutesTests {
    /// Embeds every text as the x axis, so any query or unembedded paper sits exactly on `anchor`.
    struct AxisEmbedder: TextEmbedder {
        let id = "axis-test-model"
        let dimension = 3
        func embed(_ texts: [String]) -> [[Float]] { texts.map { _ in [1, 0, 0] } }
    }

    static var papers: [Paper] { Array(Fixture.samplePapers.prefix(6)) }
    /// anchor = papers[0]; the others at falling cosine to it: 0.994, 0.707, 0.0995, -0.981.
    static var vectors: [(id: String, vector: [Float])] {
        zip(papers.prefix(5).map(\.id), [[1, 0, 0], [0.9, 0.1, 0], [0.5, 0.5, 0], [0.1, 1, 0], [-1, 0, 0.2]] as [[Float]]).map { ($0, $1) }
    }
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        let dot = zip(a, b).reduce(0) { $0 + Double($1.0 * $1.1) }
        return dot / (sqrt(a.reduce(0) { $0 + Double($1 * $1) }) * sqrt(b.reduce(0) { $0 + Double($1 * $1) }))
    }

    func json(_ r: TestResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(r.text.utf8)) }

    func app(jobs: ((any HubStore) -> BackgroundJobs)? = nil) async throws -> some ApplicationProtocol {
        let store = try await Fixture.store()
        let index = VectorIndex(dimension: 3)
        try index.add(Self.vectors)
        let service = SearchService(store: store, index: index, embedder: AxisEmbedder())
        return Application(router: try await Fixture.router(store: store, semantic: service, jobs: jobs?(store) ?? BackgroundJobs()))
    }

    @Test func similarEndpointRanksByCosine() async throws {
        let ids = Self.papers.map(\.id)
        try await app().test(.router) { client in
            let r = try await client.execute(uri: "/api/papers/\(ids[0])/similar", method: .get)
            #expect(r.status == .ok)
            let items = try #require(try json(r) as? [[String: Any]])
            let got = items.compactMap { ($0["paper"] as? [String: Any])?["id"] as? String }
            #expect(got == Array(ids[1...4]), "only indexed papers, nearest first, never the paper itself")
            for (item, v) in zip(items, Self.vectors.dropFirst()) {
                let score = try #require(item["score"] as? Double)
                #expect(abs(score - Self.cosine(Self.vectors[0].vector, v.vector)) < 1e-3)
            }
            let two = try await client.execute(uri: "/api/papers/\(ids[0])v2/similar?limit=2", method: .get)
            #expect((try json(two) as? [[String: Any]])?.count == 2)
            // Not in the index: embedded on the spot (onto the x axis), so the anchor comes first.
            let fresh = try await client.execute(uri: "/api/papers/\(ids[5])/similar?limit=1", method: .get)
            #expect(((try json(fresh) as? [[String: Any]])?.first?["paper"] as? [String: Any])?["id"] as? String == ids[0])
        }
    }

    @Test func similarEndpointRefusesWhatItCannotAnswer() async throws {
        try await app().test(.router) { client in
            #expect(try await client.execute(uri: "/api/papers/0704.99998/similar", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/papers/banana/similar", method: .get).status == .badRequest)
            let tooMany = try await client.execute(uri: "/api/papers/\(Self.papers[0].id)/similar?limit=101", method: .get)
            #expect(tooMany.status == .badRequest && tooMany.text.contains("limit"))
        }
        let keywordOnly = Application(router: try await Fixture.router())
        try await keywordOnly.test(.router) { client in
            let r = try await client.execute(uri: "/api/papers/\(Self.papers[0].id)/similar", method: .get)
            #expect(r.status == .notFound && r.text.contains("embedding model"))
            #expect((try json(r) as? [String: Any])?["error"] as? String != nil)
        }
    }

    @Test func paperPageListsNearestPapers() async throws {
        try await app().test(.router) { client in
            let r = try await client.execute(uri: "/papers/\(Self.papers[0].id)", method: .get)
            let positions = Self.papers[1...4].compactMap { r.text.range(of: "href=\"/papers/\($0.id)\"")?.lowerBound }
            #expect(positions.count == 4 && positions == positions.sorted(), "similar papers in cosine order")
        }
    }

    @Test func searchDefaultsToHybrid() async throws {
        let target = Self.papers[5]
        let phrase = "\"\(target.title.split(separator: " ").prefix(4).joined(separator: " "))\""
        let q = phrase.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await app().test(.router) { client in
            func ids(_ uri: String) async throws -> [String] {
                let r = try await client.execute(uri: uri, method: .get)
                return try #require(try json(r) as? [[String: Any]]).compactMap { ($0["paper"] as? [String: Any])?["id"] as? String }
            }
            let keyword = try await ids("/api/papers/search?q=\(q)&mode=keyword")
            #expect(keyword.contains(target.id) && !keyword.contains(Self.papers[0].id))
            // Hybrid (the default) adds what the vectors find: the anchor sits on the query's axis.
            let hybrid = try await ids("/api/papers/search?q=\(q)")
            #expect(hybrid.contains(target.id) && hybrid.contains(Self.papers[0].id))
            #expect(try await ids("/api/papers/search?q=\(q)&mode=semantic").first == Self.papers[0].id)
            let page = try await client.execute(uri: "/search?q=\(q)", method: .get)
            #expect(page.text.contains("class=\"active\">Hybrid</a>"))
        }
    }

    @Test func healthMetricsAndSearchPageReportEmbeddingProgress() async throws {
        let total = Fixture.samplePapers.count + 1
        var job: EmbeddingJob?
        let app = try await app { store in
            job = EmbeddingJob(store: store, embedder: AxisEmbedder(), index: VectorIndex(dimension: 3), batchSize: 4)
            return BackgroundJobs(embedding: job)
        }
        try await #require(job).run(limit: 10)
        try await app.test(.router) { client in
            let h = try #require(try json(try await client.execute(uri: "/healthz", method: .get)) as? [String: Any])
            #expect(h["searchModes"] as? [String] == ["keyword", "semantic", "hybrid"] && h["defaultSearchMode"] as? String == "hybrid")
            let e = try #require(h["embedding"] as? [String: Any])
            #expect(e["embedded"] as? Int == 10 && e["total"] as? Int == total && e["running"] as? Bool == false)
            #expect(h["harvest"] == nil, "harvesting is off unless enabled")
            let m = try await client.execute(uri: "/metrics", method: .get)
            #expect(m.text.contains("paperboy_embedding_papers_embedded 10.0\n") && m.text.contains("paperboy_embedding_papers_total \(total).0\n"))
            #expect(!m.text.contains("paperboy_harvest_"))
            let s = try await client.execute(uri: "/search?q=neural", method: .get)
            #expect(s.text.contains("10 of \(total) papers embedded"))
        }
        try await Application(router: try await Fixture.router()).test(.router) { client in
            let h = try #require(try json(try await client.execute(uri: "/healthz", method: .get)) as? [String: Any])
            #expect(h["searchModes"] as? [String] == ["keyword"] && h["defaultSearchMode"] as? String == "keyword")
            #expect(h["embedding"] == nil)
        }
    }
}
