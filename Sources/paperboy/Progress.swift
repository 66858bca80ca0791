import Foundation
import Synchronization

/// Progress of a long command on stderr. On a terminal: one line redrawn in place with the
/// count, rate and (when the share done is known) percentage and ETA. Otherwise (logs, CI):
/// a plain line every `interval` seconds, so logs stay readable.
final class ProgressReporter: Sendable {
    private let label: String
    private let unit: String
    private let interval: TimeInterval
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let start = Date()
    private struct State {
        var lastDraw = Date.distantPast
        /// The highest count reported: callers on several threads may report out of order.
        var highest = 0
    }
    /// Also held while writing, so lines from several threads never interleave.
    private let state = Mutex(State())

    init(label: String, unit: String = "records", interval: TimeInterval = 5) {
        self.label = label; self.unit = unit; self.interval = interval
    }

    /// `done` items so far; `fraction` (0...1) of the whole job when known, for the ETA.
    func update(done: Int, fraction: Double? = nil) {
        state.withLock { s in
            guard done >= s.highest else { return }
            s.highest = done
            let now = Date()
            guard now.timeIntervalSince(s.lastDraw) >= (isTerminal ? 0.1 : interval) else { return }
            s.lastDraw = now
            let line = render(done: done, fraction: fraction, elapsed: now.timeIntervalSince(start))
            write(isTerminal ? "\r\u{1B}[K" + line : line + "\n")
        }
    }

    /// Ends the live line; prints the final count.
    func finish(done: Int) {
        state.withLock { _ in
            let line = render(done: done, fraction: 1, elapsed: Date().timeIntervalSince(start))
            write(isTerminal ? "\r\u{1B}[K" + line + "\n" : line + "\n")
        }
    }

    private func render(done: Int, fraction: Double?, elapsed: TimeInterval) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var parts = ["\(label): \(Self.grouped(done)) \(unit)", "\(Self.grouped(Int(rate)))/s"]
        if let fraction, fraction > 0, fraction <= 1 {
            parts.append(String(format: "%.0f%%", fraction * 100))
            if fraction < 1 { parts.append("ETA " + Self.duration(elapsed * (1 - fraction) / fraction)) }
        }
        parts.append("elapsed " + Self.duration(elapsed))
        return parts.joined(separator: "  ")
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }

    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    static func duration(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
