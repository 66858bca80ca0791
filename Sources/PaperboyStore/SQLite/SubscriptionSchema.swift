import Foundation
import GRDB
import PaperboyCore

extension SQLiteStore {
    /// Body of the migration "digest subscriptions".
    static func createSubscriptionTables(_ db: Database) throws {
        try db.create(table: SubscriptionRecord.databaseTableName) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("email", .text).notNull().collate(.nocase).indexed()
            t.belongsTo("user", onDelete: .cascade)
            t.column("token", .text).notNull().unique()
            t.column("status", .text).notNull()
            t.column("weekday", .integer)
            t.column("hour", .integer).notNull()
            t.column("timeZone", .text).notNull()
            t.column("filter", .jsonText).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("confirmedAt", .datetime)
            t.column("endedAt", .datetime)
            t.column("reason", .text)
            // The newest edition claimed, kept with the claim: what the next one follows on.
            t.column("lastEdition", .text)
            t.column("lastEditionDay", .date)
        }
        // The claim: a (subscription, edition) pair exists once, with the outbox message it queued.
        try db.create(table: "digestEdition", options: .withoutRowID) { t in
            t.column("subscriptionId", .integer).notNull().references(SubscriptionRecord.databaseTableName, onDelete: .cascade)
            t.column("edition", .text).notNull()
            t.column("firstDay", .date).notNull()
            t.column("lastDay", .date).notNull()
            t.column("papers", .jsonText).notNull()             // [arXiv id], best first
            t.column("outboxId", .integer).notNull()
            t.column("claimedAt", .datetime).notNull()
            t.primaryKey(["subscriptionId", "edition"])
        }
        // Every paper ever sent on a subscription: the "never repeats" check.
        try db.create(table: "digestPaper", options: .withoutRowID) { t in
            t.column("subscriptionId", .integer).notNull().references(SubscriptionRecord.databaseTableName, onDelete: .cascade)
            t.column("paperRowid", .integer).notNull().references("paper", onDelete: .cascade).indexed()
            t.primaryKey(["subscriptionId", "paperRowid"])
        }
        try db.create(table: "mailSuppression", options: .withoutRowID) { t in
            t.primaryKey("address", .text).collate(.nocase)
            t.column("reason", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
    }
}

extension SubscriptionStatus: DatabaseValueConvertible {}

/// A row of `subscription`.
struct SubscriptionRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "subscription"

    var id: Int64?
    var email: String
    var userId: Int64?
    var token: String
    var status: SubscriptionStatus
    var weekday: Int?
    var hour: Int
    var timeZone: String
    var filter: DigestFilter                 // JSON
    var createdAt: Date
    var confirmedAt: Date?
    var endedAt: Date?
    var reason: String?
    var lastEdition: String?
    var lastEditionDay: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let email = Column(CodingKeys.email)
        static let userId = Column(CodingKeys.userId)
        static let token = Column(CodingKeys.token)
        static let status = Column(CodingKeys.status)
        static let weekday = Column(CodingKeys.weekday)
        static let hour = Column(CodingKeys.hour)
        static let timeZone = Column(CodingKeys.timeZone)
        static let filter = Column(CodingKeys.filter)
        static let confirmedAt = Column(CodingKeys.confirmedAt)
        static let endedAt = Column(CodingKeys.endedAt)
        static let reason = Column(CodingKeys.reason)
        static let lastEdition = Column(CodingKeys.lastEdition)
        static let lastEditionDay = Column(CodingKeys.lastEditionDay)
    }

    init(_ new: NewSubscription, token: String, now: Date) {
        email = new.email; userId = new.userID; self.token = token
        status = new.confirmed ? .active : .pending
        weekday = new.schedule.weekday; hour = new.schedule.hour; timeZone = new.schedule.timeZone
        filter = new.filter; createdAt = now; confirmedAt = new.confirmed ? now : nil
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var subscription: Subscription {
        Subscription(id: id ?? 0, email: email, userID: userId, token: token, status: status,
                     schedule: DigestSchedule(weekday: weekday, hour: hour, timeZone: timeZone), filter: filter,
                     createdAt: createdAt, confirmedAt: confirmedAt, endedAt: endedAt, reason: reason,
                     lastEdition: lastEdition.flatMap { key in lastEditionDay.flatMap(Day.init).map { Subscription.Edition(key, $0) } })
    }
}
