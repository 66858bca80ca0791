import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("PaperStore conformance: keyword search")
struct SearchConformanceTests {
    let attention = Fixtures.attention.id, bert = Fixtures.bert.id, resnet = Fixtures.resnet.id
    let quantum = Fixtures.quantum.id, café = Fixtures.café.id

    func ids(_ store: any PaperStore, _ query: String, sort: SearchSort = .relevance, match: MatchMode = .all,
             filter: CategoryFilter = .init()) async throws -> Set<String> {
        Set(try await store.search(SearchRequest(query: query, filter: filter, sort: sort, match: match)).hits.map(\.paper.id))
    }

    @Test(arguments: StoreKind.allCases)
    func wordsPhrasesOrAndExclusion(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        #expect(try await ids(store, "attention") == [attention, café])
        // café has "networks" but not "neural"; every word must match.
        #expect(try await ids(store, "neural networks") == [attention, resnet])
        #expect(try await ids(store, #""networks are""#) == [resnet])
        #expect(try await ids(store, "residual OR bidirectional") == [resnet, bert])
        #expect(try await ids(store, "attention -coffee") == [attention])
        #expect(try await ids(store, #"attention -"coffee shops""#) == [attention])
        #expect(try await ids(store, "attention NOT coffee") == [attention])
    }

    @Test(arguments: StoreKind.allCases)
    func phrasesStayWithinOneField(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        // The attention paper's title ends with "Need", its abstract begins with "The".
        #expect(try await ids(store, #""need the""#).isEmpty)
        #expect(try await ids(store, #""all you need""#) == [attention])
        #expect(try await ids(store, #""ashish vaswani""#) == [attention])
    }

    @Test(arguments: StoreKind.allCases)
    func stemmingAndDiacriticsFolding(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        // "Transformer" (attention) and "Transformers" (BERT) share a stem.
        #expect(try await ids(store, "transformer") == [attention, bert])
        #expect(try await ids(store, "cafe resume") == [café])
        #expect(try await ids(store, "CAFÉ") == [café])
    }

    @Test(arguments: StoreKind.allCases)
    func authorsAreSearchedInTheAuthorList(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        #expect(try await ids(store, "author:vaswani") == [attention])
        #expect(try await ids(store, #"author:"Kaiming He""#) == [resnet])
        #expect(try await ids(store, "author:muller") == [café])
        // "Vaswani" is not in any title or abstract.
        #expect(try await ids(store, "vaswani attention") == [attention])
        #expect(try await ids(store, "author:vaswani residual").isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func categoryAndDateFilters(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        #expect(try await ids(store, "attention cat:cs.HC") == [café])
        #expect(try await ids(store, "networks cat:cs.*") == [attention, resnet, café])
        #expect(try await ids(store, "networks cat:cs") == [attention, resnet, café])
        #expect(try await ids(store, "networks -cat:cs.CV") == [attention, café])
        #expect(try await ids(store, "attention", filter: CategoryFilter(include: ["cs.HC"])) == [café])
        #expect(try await ids(store, "networks since:2016-01-01") == [attention, café])
        #expect(try await ids(store, "networks until:2017-06-13") == [attention, resnet])
        #expect(try await ids(store, "networks year:2015") == [resnet])
    }

    @Test(arguments: StoreKind.allCases)
    func filtersAloneListNewestFirst(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        let results = try await store.search(SearchRequest(query: "cat:cs.CL"))
        #expect(results.hits.map(\.paper.id) == [café, bert, attention])
        #expect(results.total == 3)
        #expect(try await ids(store, "cat:cs.CL -coffee") == [bert, attention])
    }

    @Test(arguments: StoreKind.allCases)
    func arxivIdOrUrlFindsThePaper(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        for query in ["1512.03385", "https://arxiv.org/abs/1512.03385v2", "arxiv.org/pdf/1512.03385v1.pdf", "quant-ph/9508027v1"] {
            let results = try await store.search(SearchRequest(query: query))
            #expect(results.hits.count == 1 && results.total == 1, "\(query)")
        }
        #expect(try await store.search(SearchRequest(query: "quant-ph/9508027")).hits.first?.paper.id == quantum)
    }

    @Test(arguments: StoreKind.allCases)
    func sortingPagingAndTotals(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        let newest = try await store.search(SearchRequest(query: "networks", sort: .newest))
        #expect(newest.hits.map(\.paper.id) == [café, attention, resnet])
        let relevance = try await store.search(SearchRequest(query: "networks"))
        #expect(relevance.hits.map(\.score) == relevance.hits.map(\.score).sorted(by: >))
        var paged: [String] = []
        for offset in 0..<4 {
            let page = try await store.search(SearchRequest(query: "networks", offset: offset, limit: 1))
            #expect(page.total == 3)
            paged += page.hits.map(\.paper.id)
        }
        #expect(paged == relevance.hits.map(\.paper.id))
    }

    @Test(arguments: StoreKind.allCases)
    func anyModeRanksPapersMatchingSomeWords(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        #expect(try await ids(store, "residual quantum").isEmpty)
        #expect(try await ids(store, "residual quantum", match: .any) == [resnet, quantum])
        let hits = try await store.search(SearchRequest(query: "deep residual networks", match: .any)).hits
        // ResNet has all three words, two of them in its title.
        #expect(hits.first?.paper.id == resnet)
    }

    @Test(arguments: StoreKind.allCases)
    func termsAndNotes(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        let results = try await store.search(SearchRequest(query: #"neural "deep residual" -coffee author:he"#))
        #expect(results.terms == ["neural", "deep residual"])
        let negative = try await store.search(SearchRequest(query: "-attention"))
        #expect(negative.hits.isEmpty && negative.total == 0 && !negative.notes.isEmpty)
        let empty = try await store.search(SearchRequest(query: ""))
        #expect(empty.hits.isEmpty && empty.total == 0)
    }
}
