import CSQLite

/// A failed SQLite call: the (extended) result code, SQLite's own message for it
/// (`sqlite3_errmsg`, which names the table, constraint or I/O problem) and what we were doing.
struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code, e.g. 1555 for `SQLITE_CONSTRAINT_PRIMARYKEY`.
    let code: Int32
    /// `sqlite3_errmsg` at the time of the failure.
    let message: String
    /// The operation or SQL text that failed.
    let context: String

    /// The primary result code (the low byte), e.g. `SQLITE_CONSTRAINT`.
    var primaryCode: Int32 { code & 0xFF }

    /// `SQLITE_CONSTRAINT_PRIMARYKEY`: the header defines it as an expression Swift does not import.
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)

    /// The error SQLite reports on `connection` now. Only meaningful straight after the failing
    /// call on the same connection, which the request log's mutex guarantees.
    init(code: Int32, connection: OpaquePointer?, context: String) {
        self.code = code
        if let connection, let text = sqlite3_errmsg(connection) {
            self.message = String(cString: text)
        } else if let text = sqlite3_errstr(code) {
            self.message = String(cString: text)
        } else {
            self.message = "SQLite result code \(code)"
        }
        self.context = context
    }

    var description: String { "SQLite error \(code) (\(message)) during \(context)" }
}
