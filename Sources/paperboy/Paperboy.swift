import ArgumentParser

@main
struct Paperboy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paperboy",
        abstract: "A self-hosted research-paper hub: arXiv feeds, keyword and semantic search.",
        subcommands: [
            ImportCommand.self,
            ServeCommand.self,
            SearchCommand.self,
            ShowCommand.self,
            StatsCommand.self,
            EvalCommand.self,
            SimilarCommand.self,
            BenchCommand.self,
            HarvestCommand.self,
            FetchCommand.self,
        ]
    )
}
