import ArgumentParser

/// Benchmarks: commands that print measured numbers next to a baseline measured in the same
/// run, never tests. Build with `-c release`.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (import, search, vectors) and ranking quality (recommend); prints numbers and ratios against baselines.",
        subcommands: [BenchStoreCommand.self, BenchVectorsCommand.self, BenchRecommendCommand.self, BenchDigestCommand.self])
}
