import Foundation
import GRDB
import GRDBSQLite

/// Binds and runs a cached statement through SQLite's C API. An import inserts every paper
/// and each of its categories one statement at a time; building GRDB's `StatementArguments`
/// (an array of existentials, each converted to a `DatabaseValue`) cost more than the
/// inserts' own SQLite work.
struct RowBinder {
    private let statement: Statement
    private var index: CInt = 0

    init(_ statement: Statement) {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
    }

    /// Binds the text up to its first NUL, as GRDB binds strings (as C strings): a row must
    /// store the same bytes whichever way it was written, or an unchanged re-import would
    /// compare unequal to what it wrote.
    mutating func bind(_ text: String?) {
        index += 1
        guard var text else { sqlite3_bind_null(statement.sqliteStatement, index); return }
        // SQLITE_TRANSIENT: SQLite copies the bytes, which live only during the call.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        text.withUTF8 { bytes in
            // An empty buffer may have no address, and SQLite binds a null pointer as NULL, not ''.
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                _ = sqlite3_bind_text(statement.sqliteStatement, index, "", 0, transient)
                return
            }
            let length = memchr(base, 0, bytes.count).map { UnsafeRawPointer(base).distance(to: $0) } ?? bytes.count
            _ = sqlite3_bind_text(statement.sqliteStatement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                  CInt(length), transient)
        }
    }

    mutating func bind(_ value: Int64?) {
        index += 1
        guard let value else { sqlite3_bind_null(statement.sqliteStatement, index); return }
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    /// Runs the statement (one that returns no rows) with the values bound so far.
    func execute() throws {
        let handle = statement.sqliteStatement
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(handle)))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }
}
