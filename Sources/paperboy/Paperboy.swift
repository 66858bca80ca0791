import ArgumentParser
import Embeddings
import Foundation

@main
struct Paperboy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperboy",
        abstract: "A self-hosted research-paper hub: arXiv feeds, keyword and semantic search.",
        subcommands: [
            ImportCommand.self,
            ServeCommand.self,
            UserCommand.self,
            TokenCommand.self,
            SearchCommand.self,
            RecommendCommand.self,
            SubscribeCommand.self,
            SubscriptionsCommand.self,
            UnsubscribeCommand.self,
            DigestCommand.self,
            ShowCommand.self,
            StatsCommand.self,
            CopyDBCommand.self,
            EvalCommand.self,
            EmbedCommand.self,
            SimilarCommand.self,
            HarvestCommand.self,
            FetchCommand.self,
            BenchCommand.self,
        ]
    )

    /// Runs the command with Paperboy's exit codes: 0 ok, 1 runtime error, 2 usage error
    /// (ArgumentParser's own default for usage errors is 64), each error one line on stderr.
    static func main() async {
        // Before anything touches OpenBLAS: may re-exec with its AVX-512 kernels selected.
        OpenBLASEnvironment.reexecIfNeeded()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid usage"
            FileHandle.standardError.write(Data("paperboy: \(message) (see 'paperboy help')\n".utf8))
            exit(withError: ExitCode(2))
        }
    }
}
