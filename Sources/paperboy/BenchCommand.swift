import ArgumentParser

/// Speed measurements; each prints its numbers next to a baseline measured in the same run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release).",
        subcommands: [BenchVectorsCommand.self]
    )
}
