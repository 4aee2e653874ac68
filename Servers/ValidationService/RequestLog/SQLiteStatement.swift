import CSQLite

/// A prepared statement: bind parameters, step through rows, read columns.
///
/// Not thread-safe, like the connection it belongs to: the request log only touches it while
/// holding its mutex. ``SQLiteDatabase`` caches statements and resets them after each use, so a
/// half-read query never holds a read transaction open (which would stall WAL checkpoints).
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns, so Swift's
    /// temporary buffers may go away. The header spells it as a cast Swift cannot import.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(connection: OpaquePointer, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw SQLiteError(code: status, connection: connection, context: "preparing \(sql)")
        }
        self.handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds `values` to the parameters `?1`, `?2`, ... in order.
    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let number):
                status = sqlite3_bind_int64(handle, index, number)
            case .text(let text):
                // Explicit length, so text holding NUL bytes is stored whole.
                let length = Int32(clamping: text.utf8.count)
                status = text.withCString { sqlite3_bind_text(handle, index, $0, length, Self.transient) }
            case .null:
                status = sqlite3_bind_null(handle, index)
            }
            guard status == SQLITE_OK else {
                throw SQLiteError(code: status, connection: connection, context: "binding parameter \(index) of \(sql)")
            }
        }
    }

    /// Runs the statement to its next row: true when a row is ready to read, false when done.
    func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw SQLiteError(code: status, connection: connection, context: sql)
        }
    }

    /// Makes the statement ready to run again with new parameters.
    func reset() {
        // sqlite3_reset repeats the last step's error, which step() has already reported.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // Columns of the current row, numbered from 0.

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// The column as text; nil when it is NULL.
    func text(_ column: Int32) -> String? {
        guard !isNull(column), let start = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// The column as UTF-8 bytes; nil when it is NULL.
    func bytes(_ column: Int32) -> [UInt8]? {
        guard !isNull(column), let start = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return Array(UnsafeBufferPointer(start: start, count: count))
    }
}
