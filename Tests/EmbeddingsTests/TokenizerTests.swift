import Foundation
import Testing
@testable import Embeddings

@Suite("BertTokenizer")
struct TokenizerTests {
    // Needs shared/reference/all-MiniLM-L6-v2 and the model from scripts/setup-model.sh.
    @Test("token ids equal the Hugging Face tokenizer's for every reference text",
          .enabled(if: TestData.hasReference && TestData.hasModel, "reference data or model folder missing (run scripts/setup-model.sh)"))
    func matchesReference() throws {
        let texts = try TestData.jsonLines("texts.jsonl", as: TestData.Text.self)
        let expected = try TestData.jsonLines("tokens.jsonl", as: TestData.Tokens.self)
        #expect(texts.count == 1394)
        try #require(texts.count == expected.count)
        let config = try ModelConfig(folder: TestData.modelFolder)
        let tokenizer = try BertTokenizer(folder: TestData.modelFolder, options: config.tokenizer, maxLength: config.maxSequenceLength)
        var mismatches: [String] = []
        for (text, tokens) in zip(texts, expected) {
            #expect(text.id == tokens.id)
            let ids = tokenizer.encode(text.text)
            if ids != tokens.input_ids {
                mismatches.append("\(text.id): got \(ids.prefix(40)) expected \(tokens.input_ids.prefix(40))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(texts.count) texts differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    /// Hand-checked cases against a toy vocabulary, independent of the reference files.
    @Test func wordPieceRules() throws {
        let tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "hello", ",", "σ", "a", "##b", "##c"]
        let vocabulary = Dictionary(uniqueKeysWithValues: tokens.enumerated().map { ($1, Int32($0)) })
        let tokenizer = try BertTokenizer(vocabulary: vocabulary, options: TokenizerOptions(), maxLength: 6)
        #expect(tokenizer.encode("unaffable") == [2, 5, 6, 7, 3])
        // Punctuation is split off; accents and case are folded; Σ lowercases to σ even at a word end.
        #expect(tokenizer.encode("HÉLLO,Σ") == [2, 8, 9, 10, 3])
        // Special tokens are matched case-sensitively inside words; [mask] is ordinary text (→ [UNK] pieces).
        #expect(tokenizer.encode("un[MASK]") == [2, 5, 4, 3])
        // A word without a full cover is a single [UNK]; truncation keeps maxLength - 2 pieces.
        #expect(tokenizer.encode("unx") == [2, 1, 3])
        #expect(tokenizer.encode("unaffable unaffable") == [2, 5, 6, 7, 5, 3])
        // Zero-width space (Cf) and vertical tab (Cc) are deleted, gluing the pieces together.
        #expect(tokenizer.encode("a\u{200B}b\u{0B}c") == [2, 11, 12, 13, 3])
        // Words over 100 characters are [UNK] even when they could be covered.
        #expect(tokenizer.encode("a" + String(repeating: "b", count: 100)) == [2, 1, 3])
    }
}
