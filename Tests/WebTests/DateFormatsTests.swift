import Foundation
import Testing
@testable import Web

/// The web layer's dates, written without `Calendar`, read back by Foundation's formatters.
@Suite struct DateFormatsTests {
    @Test(arguments: [-86_400 * 365 * 30 + 0.25, 0, 784_111_777, 951_782_400.999, 1_764_000_000.5, 4_102_444_799])
    func httpAndISODatesRoundTrip(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let whole = Date(timeIntervalSince1970: seconds.rounded(.down))
        let http = DateFormatter()
        http.locale = Locale(identifier: "en_US_POSIX")
        http.timeZone = TimeZone(identifier: "GMT")
        http.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        #expect(DateFormats.http(date) == http.string(from: whole))
        #expect(DateFormats.parseHTTP(DateFormats.http(date)) == whole)
        let iso = ISO8601DateFormatter()
        #expect(DateFormats.iso(date) == iso.string(from: whole))
        iso.formatOptions.insert(.withFractionalSeconds)
        let ms = try #require(iso.date(from: DateFormats.iso(date, milliseconds: true)))
        #expect(abs(ms.timeIntervalSince1970 - seconds) < 0.0006)
    }
}
