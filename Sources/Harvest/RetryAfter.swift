import Foundation
import PaperboyCore

/// `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
enum RetryAfter {
    /// Seconds to wait from `now`, or nil when the value is neither form.
    static func seconds(_ value: String, now: Date) -> Double? {
        let v = value.collapsingWhitespace()
        if !v.isEmpty, v.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Double(v) { return n }
        // Rare (only on throttling), so a formatter per call is cheap enough and needs no sharing.
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = Day.utc.timeZone
        for pattern in patterns {
            f.dateFormat = pattern
            if let date = f.date(from: v) { return max(0, date.timeIntervalSince(now)) }
        }
        return nil
    }

    /// IMF-fixdate, then the obsolete RFC 850 and asctime forms recipients must accept.
    private static let patterns = ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"]
}
