import Testing
import PaperboyCore

@Suite("KeywordQuery parsing")
struct KeywordQueryTests {
    typealias Term = KeywordQuery.Term

    @Test func plainWordsAreClausesThatMustAllMatch() {
        let q = KeywordQuery(parsing: "  graph   neural networks ")
        #expect(q.clauses == [[.word("graph")], [.word("neural")], [.word("networks")]])
        #expect(q.highlightTerms == ["graph", "neural", "networks"])
    }

    @Test func phrasesExclusionsAndOr() {
        let q = KeywordQuery(parsing: #""large language models" OR llm -survey -"position paper" NOT review"#)
        #expect(q.clauses == [[.phrase("large language models"), .word("llm")]])
        #expect(q.excluded == [.word("survey"), .phrase("position paper"), .word("review")])
        #expect(q.highlightTerms == ["large language models", "llm"])
    }

    @Test func fieldsBecomeFilters() {
        let q = KeywordQuery(parsing: #"author:"Geoffrey Hinton" author:lecun cat:cs.LG cat:stat.* -cat:cs.CV since:2024-03-01 until:2024-03-31 dropout"#)
        #expect(q.authors == ["Geoffrey Hinton", "lecun"])
        #expect(q.categories == CategoryFilter(include: ["cs.LG", "stat.*"], exclude: ["cs.CV"]))
        #expect(q.since == Day("2024-03-01"))
        #expect(q.until == Day("2024-03-31"))
        #expect(q.clauses == [[.word("dropout")]])
        #expect(q.notes.isEmpty)
    }

    @Test func yearCoversTheCalendarYear() {
        let q = KeywordQuery(parsing: "year:2023 diffusion")
        #expect(q.since == Day("2023-01-01"))
        #expect(q.until == Day("2023-12-31"))
    }

    @Test func badFieldValuesAreDroppedWithANote() {
        let q = KeywordQuery(parsing: "since:yesterday cat:'; year:20x4 transformer")
        #expect(q.since == nil && q.until == nil && q.categories.isEmpty)
        #expect(q.notes.count == 3)
        #expect(q.clauses == [[.word("transformer")]])
    }

    @Test(arguments: ["2403.01234", "arXiv:2403.01234v2", "https://arxiv.org/abs/2403.01234v3",
                      "https://arxiv.org/pdf/2403.01234v1.pdf", "hep-th/9901001"])
    func arxivIdsAndUrlsAreRecognised(_ input: String) {
        #expect(KeywordQuery(parsing: input).arxivID?.base == ArxivID(input)?.base)
        #expect(KeywordQuery(parsing: input).arxivID != nil)
    }

    @Test func unbalancedQuoteRunsToTheEnd() {
        #expect(KeywordQuery(parsing: #"attention "is all"#).clauses == [[.word("attention")], [.phrase("is all")]])
    }

    @Test func aQuoteCarryingACombiningMarkStillOpensAPhrase() {
        // `"` + U+0301 is a single Character to Swift; the scanner must still see the quote.
        #expect(KeywordQuery(parsing: "\"\u{0301}deep learning\"").clauses == [[.phrase("\u{0301}deep learning")]])
    }

    @Test func punctuationOnlyTermsAndControlCharactersDisappear() {
        let q = KeywordQuery(parsing: "* ( ) ^ 🙂 -- \u{0}\u{1B}[31mred\u{7}")
        #expect(q.clauses == [[.word("[31mred")]])
        #expect(KeywordQuery(parsing: "  ").isEmpty)
    }

    @Test func termsAreCapped() {
        let q = KeywordQuery(parsing: (1...100).map { "w\($0)" }.joined(separator: " "))
        #expect(q.clauses.count == KeywordQuery.maxTerms)
        #expect(q.notes.count == 1)
        let long = KeywordQuery(parsing: String(repeating: "a", count: 10_000))
        #expect(long.clauses.first?.first?.text.count == KeywordQuery.maxCharacters)
    }

    @Test func stopwordsAreDroppedUnlessTheyAreAllThereIs() {
        let q = KeywordQuery(parsing: #"the effect of "state of the art" on cancer"#)
        #expect(q.matchClauses(.all) == [[.word("effect")], [.phrase("state of the art")], [.word("cancer")]])
        #expect(KeywordQuery(parsing: "the who").matchClauses(.all) == [[.word("who")]])
        // Lower-case `or`/`not` are words, not operators; all four are stopwords, so all are kept.
        #expect(KeywordQuery(parsing: "to be or not").matchClauses(.all).count == 4)
    }

    @Test func anyModeJoinsEveryTermIntoOneClause() {
        let q = KeywordQuery(parsing: "vitamin D OR calcium reduces the risk of fractures")
        #expect(q.matchClauses(.any) == [[.word("vitamin"), .word("D"), .word("calcium"), .word("reduces"), .word("risk"), .word("fractures")]])
    }
}
