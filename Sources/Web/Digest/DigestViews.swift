import Digest
import Foundation
import PaperboyCore
import PaperboyStore

/// What the digest pages need from the hub: the subscriptions, the desk that makes them and
/// the service that previews and feeds them.
struct DigestPages: Sendable {
    let store: any SubscriptionStore
    let desk: SubscriptionDesk
    let service: DigestService
}

/// subscribe.mustache: the form, the confirm page, the manage page and plain messages.
struct SubscribeView {
    var layout: LayoutView
    var heading: String
    var intro: String?
    var error: String?
    var notice: String?
    var csrf: String
    var action: String
    var submit: String
    var form: SubscriptionForm?
    /// The signed-in person's other subscriptions (nil: none).
    var existing: Section<LinkView>?
    /// The confirm page: one button.
    var confirm = false
    var manage: ManageLinks?
    /// The latest editions sent (nil: none yet).
    var sent: Section<String>?
    var links: [LinkView] = []

    init(layout: LayoutView, heading: String, intro: String?, error: String? = nil, notice: String? = nil, csrf: String, action: String,
         submit: String, form: SubscriptionForm? = nil, existing: [LinkView] = []) {
        self.layout = layout; self.heading = heading; self.intro = intro; self.error = error; self.notice = notice
        self.csrf = csrf; self.action = action; self.submit = submit; self.form = form; self.existing = Section(existing)
    }
}

/// A list with a heading: nil when empty, so the template shows the heading only above items.
struct Section<Item> {
    var items: [Item]
    init?(_ items: [Item]) {
        guard !items.isEmpty else { return nil }
        self.items = items
    }
}

struct ManageLinks {
    var preview: String
    var atom: String
    var rss: String
    var end: String

    init(token: String) {
        let base = DigestController.managePath(token)
        preview = base + "/preview"; atom = base + "/feed.atom"; rss = base + "/feed.rss"; end = base + "/end"
    }
}

/// The subscription's fields as the form shows them.
struct SubscriptionForm {
    struct Option { var value: String; var label: String; var selected: Bool }

    var email: String
    var emailFixed: Bool
    var daily: Bool
    var weekdays: [Option]
    var hours: [Option]
    var timeZone: String
    var categories: String
    var exclude: String
    var queries: String
    var authors: String
    var collections: String
    var top: String
    var canForYou: Bool
    var forYou: Bool

    init(_ v: Values, signedIn: Bool, emailFixed: Bool = false) {
        email = v.email; self.emailFixed = emailFixed
        daily = v.weekly.isEmpty
        let weekday = DigestSchedule.weekday(v.weekly) ?? 1
        weekdays = DigestSchedule.weekdayNames.enumerated().map { Option(value: "\($0.offset + 1)", label: $0.element.capitalized, selected: $0.offset + 1 == weekday) }
        hours = (0..<24).map { Option(value: "\($0)", label: ($0 < 10 ? "0" : "") + "\($0):00", selected: "\($0)" == v.hour) }
        timeZone = v.timeZone; categories = v.categories; exclude = v.exclude; queries = v.queries; authors = v.authors
        collections = v.collections; top = v.top; canForYou = signedIn; forYou = v.forYou
    }

    /// The form's raw values, kept as typed so a refused form comes back as it was.
    struct Values {
        var email = ""
        /// Empty: daily; else the weekday's number.
        var weekly = ""
        var hour = "7"
        var timeZone = "UTC"
        var categories = "", exclude = "", queries = "", authors = "", collections = ""
        var top = "10"
        var forYou = false

        init() {}

        init(_ form: FormData) {
            email = form["email"] ?? ""
            weekly = form["frequency"] == "weekly" ? (form["weekday"] ?? "1") : ""
            hour = form["hour"] ?? hour; timeZone = form["timezone"] ?? timeZone
            categories = form["categories"] ?? ""; exclude = form["exclude"] ?? ""; queries = form["queries"] ?? ""
            authors = form["authors"] ?? ""; collections = form["collections"] ?? ""; top = form["top"] ?? top
            forYou = form["foryou"] == "1"
        }

        init(_ s: Subscription) {
            email = s.email; weekly = s.schedule.weekday.map(String.init) ?? ""; hour = "\(s.schedule.hour)"; timeZone = s.schedule.timeZone
            categories = s.filter.categories.joined(separator: ", "); exclude = s.filter.excludedCategories.joined(separator: ", ")
            queries = s.filter.queries.joined(separator: "\n"); authors = s.filter.authors.joined(separator: "\n")
            collections = s.filter.collections.map(String.init).joined(separator: ", "); top = "\(s.filter.top)"; forYou = s.filter.forYou
        }

        func schedule() throws(SubscriptionError) -> DigestSchedule {
            guard let hour = Int(hour) else { throw SubscriptionError("hour", "'\(hour.prefix(20))' is not an hour from 0 to 23") }
            var weekday: Int?
            if !weekly.isEmpty {
                guard let day = DigestSchedule.weekday(weekly) else { throw SubscriptionError("weekday", "'\(weekly.prefix(20))' is not a weekday") }
                weekday = day
            }
            return DigestSchedule(weekday: weekday, hour: hour, timeZone: timeZone.trimmingCharacters(in: .whitespaces))
        }

        func filter() throws(SubscriptionError) -> DigestFilter {
            guard let top = Int(top.trimmingCharacters(in: .whitespaces)) else {
                throw SubscriptionError("papers per digest", "'\(top.prefix(20))' is not a number")
            }
            var ids: [Int64] = []
            for word in collections.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                // A collection's link works as well as its number.
                guard let id = Int64(word.split(separator: "/").last ?? word) else {
                    throw SubscriptionError("collections", "'\(word.prefix(40))' is not a collection number or link")
                }
                ids.append(id)
            }
            return DigestFilter(categories: [categories], excludedCategories: [exclude], queries: lines(queries), authors: lines(authors),
                                collections: ids, forYou: forYou, top: top)
        }

        private func lines(_ text: String) -> [String] { text.split(whereSeparator: \.isNewline).map(String.init) }
    }
}
