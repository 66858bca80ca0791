import ArgumentParser

/// Benchmarks: commands that print measured numbers, never tests.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed (import, search); prints numbers and ratios against the goals.",
        subcommands: [BenchStoreCommand.self])
}
