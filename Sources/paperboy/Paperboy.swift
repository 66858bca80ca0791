import ArgumentParser
import Embeddings

@main
struct Paperboy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperboy",
        abstract: "A self-hosted research-paper hub: arXiv feeds, keyword and semantic search.",
        subcommands: [
            EmbedCommand.self,
        ]
    )

    static func main() async {
        // Before anything touches OpenBLAS: may re-exec with its AVX-512 kernels selected.
        OpenBLASEnvironment.reexecIfNeeded()
        await main(nil)
    }
}
