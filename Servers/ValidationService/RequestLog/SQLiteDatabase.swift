import CSQLite

/// One SQLite connection: open, run SQL, prepared statements with bound parameters.
///
/// Deliberately small: just what the request log needs, with every failure turned into a
/// ``SQLiteError`` carrying `sqlite3_errmsg`. Not thread-safe: the connection is opened with
/// `SQLITE_OPEN_NOMUTEX` because its owner serializes all use (the request log's mutex), and
/// SQLite's own per-call mutex would not make multi-statement work or `sqlite3_errmsg` safe anyway.
final class SQLiteDatabase {
    private let connection: OpaquePointer
    /// Prepared statements by SQL text: the log runs the same dozen statements over and over.
    private var statements: [String: SQLiteStatement] = [:]
    /// The file opened (or `:memory:`).
    let path: String

    /// Opens (creating if needed) the database at `path`; `:memory:` is a private in-memory one.
    init(path: String) throws(SQLiteError) {
        var connection: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        guard status == SQLITE_OK, let connection else {
            let error = SQLiteError(code: status, connection: connection, context: "opening \(path)")
            sqlite3_close_v2(connection)
            throw error
        }
        sqlite3_extended_result_codes(connection, 1)
        self.connection = connection
        self.path = path
    }

    deinit {
        // Statements first: a connection with live statements does not close.
        statements.removeAll()
        sqlite3_close_v2(connection)
    }

    /// Waits up to `milliseconds` for another connection's lock instead of failing at once
    /// with `SQLITE_BUSY` (another process reading the journal, a checkpoint).
    func setBusyTimeout(milliseconds: Int32) throws(SQLiteError) {
        let status = sqlite3_busy_timeout(connection, milliseconds)
        guard status == SQLITE_OK else { throw SQLiteError(code: status, connection: connection, context: "setting busy timeout") }
    }

    /// Runs SQL without parameters (one or several statements), discarding any rows.
    func exec(_ sql: String) throws(SQLiteError) {
        var errorText: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(connection, sql, nil, nil, &errorText)
        defer { sqlite3_free(errorText) }
        guard status == SQLITE_OK else { throw SQLiteError(code: status, connection: connection, context: sql) }
    }

    /// Runs one statement with `parameters`, discarding any rows; returns the rows it changed.
    @discardableResult
    func run(_ sql: String, _ parameters: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        try withStatement(sql, parameters) { (statement) throws(SQLiteError) in
            while try statement.step() {}
        }
        return Int(sqlite3_changes(connection))
    }

    /// Runs one query with `parameters` and maps each row with `row`.
    func query<Row>(_ sql: String, _ parameters: [SQLiteValue] = [],
                    row: (SQLiteStatement) throws(SQLiteError) -> Row) throws(SQLiteError) -> [Row] {
        try withStatement(sql, parameters) { (statement) throws(SQLiteError) in
            var rows: [Row] = []
            while try statement.step() { rows.append(try row(statement)) }
            return rows
        }
    }

    /// Runs `body` inside `BEGIN ... COMMIT`, rolling back when it throws.
    /// `immediate` takes the write lock up front, so a read-then-write body cannot fail half-way
    /// with `SQLITE_BUSY` because another connection wrote in between; a plain `BEGIN` suits
    /// reads, which only need one consistent snapshot and should not block other writers.
    func transaction<Result>(immediate: Bool = true, _ body: () throws -> Result) throws -> Result {
        try exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try exec("COMMIT")
            return result
        } catch {
            // The original error says what went wrong; a failed rollback (the transaction
            // already ended) adds nothing, and SQLite rolls back on close regardless.
            if sqlite3_get_autocommit(connection) == 0 { _ = try? exec("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` with the cached statement for `sql`, bound to `parameters`, and resets it
    /// afterwards whatever happens.
    private func withStatement<Result>(_ sql: String, _ parameters: [SQLiteValue],
                                       _ body: (SQLiteStatement) throws(SQLiteError) -> Result) throws(SQLiteError) -> Result {
        let statement: SQLiteStatement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try SQLiteStatement(connection: connection, sql: sql)
            statements[sql] = statement
        }
        defer { statement.reset() }
        try statement.bind(parameters)
        return try body(statement)
    }
}
