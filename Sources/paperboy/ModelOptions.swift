import ArgumentParser
import Embeddings
import Foundation

/// `--model PATH` and `--precision int8|f32`, shared by every command that embeds text.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Embedding model folder (env PAPERBOY_MODEL, default ./models/all-MiniLM-L6-v2).", valueName: "path"))
    var model: String?

    @Option(help: "Arithmetic of the model's matrix products: int8 (faster; the default where the CPU has AVX-512 VNNI, f32 elsewhere) or f32 (matches the reference exactly).")
    var precision: Precision = .best

    var folder: URL { model.map { URL(fileURLWithPath: $0) } ?? EmbeddingModel.defaultFolder }

    func loadModel() throws -> EmbeddingModel {
        do {
            return try EmbeddingModel(folder: folder, precision: precision)
        } catch {
            let hint = "\(error)".contains("setup-model.sh") ? "" : " (install it with scripts/setup-model.sh)"
            throw CLIError("cannot load the embedding model from \(folder.path): \(error)\(hint)")
        }
    }
}

extension Precision: ExpressibleByArgument {}
