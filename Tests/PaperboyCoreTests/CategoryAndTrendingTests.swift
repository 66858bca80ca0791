import Foundation
import Testing
@testable import PaperboyCore

@Suite struct CategoryFilterTests {
    @Test func includeAnyExcludeAll() {
        let f = CategoryFilter(include: "cs.CL,cs.LG", exclude: "cs.CV")
        #expect(f.matches(["cs.CL"]))
        #expect(f.matches(["stat.ML", "cs.LG"]))
        #expect(!f.matches(["cs.CL", "cs.CV"]), "an excluded cross-list removes the paper")
        #expect(!f.matches(["cs.AI"]))
        #expect(CategoryFilter().matches(["anything"]))
    }

    @Test func archivePrefixes() {
        #expect(CategoryFilter.pattern("cs.*", matches: "cs.CL"))
        #expect(CategoryFilter.pattern("cs", matches: "cs.CL"))
        #expect(!CategoryFilter.pattern("cs.*", matches: "csx.CL"))
        #expect(CategoryFilter.pattern("hep-th", matches: "hep-th"))
        #expect(!CategoryFilter.pattern("cs.C", matches: "cs.CL"))
    }

    @Test func dropsHostileOrInvalidPatterns() {
        let f = CategoryFilter(include: "cs.CL,<script>,' OR 1=1,,math.*", exclude: nil)
        #expect(f.include == ["cs.CL", "math.*"])
        #expect(f.queryItems.map { "\($0.0)=\($0.1)" } == ["cat=cs.CL,math.*"])
    }
}

@Suite struct TrendingTests {
    @Test func votesRaiseAndAgeLowersTheScore() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let fresh = Trending.score(votes: 0, since: now, now: now)
        #expect(abs(fresh - 1 / pow(2, 1.5)) < 1e-12)
        #expect(Trending.score(votes: 10, since: now, now: now) > fresh)
        #expect(Trending.score(votes: 0, since: now.addingTimeInterval(-3600 * 24), now: now) < fresh)
        // A day-old paper with many votes beats a fresh one with none.
        #expect(Trending.score(votes: 50, since: now.addingTimeInterval(-3600 * 24), now: now) > fresh)
    }
}
