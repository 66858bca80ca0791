import ArgumentParser
import Embeddings
import Foundation

/// `--model PATH`, shared by every command that embeds text.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Embedding model folder (env PAPERBOY_MODEL, default ./models/all-MiniLM-L6-v2).", valueName: "path"))
    var model: String?

    var folder: URL { model.map { URL(fileURLWithPath: $0) } ?? EmbeddingModel.defaultFolder }

    func loadModel() throws -> EmbeddingModel {
        do {
            return try EmbeddingModel(folder: folder)
        } catch {
            let hint = "\(error)".contains("setup-model.sh") ? "" : " (install it with scripts/setup-model.sh)"
            throw CLIError("cannot load the embedding model from \(folder.path): \(error)\(hint)")
        }
    }
}
