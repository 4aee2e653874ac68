import BridgeIO
import BridgeCore
import CSQLite
import Synchronization

/// The durable log of async requests (`POST /validate-async`, `--journal PATH`): what was
/// accepted, where it stands, its answer and every delivery attempt. It is both the source of
/// `GET /requests` and what the server resumes from after a restart (``pending()``).
///
/// Storage is SQLite in WAL mode with `synchronous=NORMAL`: a commit is an append to the
/// write-ahead log without an fsync (checkpoints fsync), so recording a state change costs
/// microseconds, and a committed request survives a crash of the process (though not
/// necessarily of the machine's power, the trade `NORMAL` makes). A busy timeout lets another
/// process (the sqlite3 shell, a backup) read the file without the server failing with
/// `SQLITE_BUSY`.
///
/// Thread safety: one connection behind a `Mutex`. SQLite allows one writer at a time anyway,
/// so a connection per thread would only move the waiting into SQLite's file locks (with busy
/// retries instead of a queue); and a connection's prepared statements and `sqlite3_errmsg`
/// are per-connection state that must not be shared by two threads at once. Every call is
/// short (no fsync in the common path), so holding the lock across it is cheap. Calls block,
/// so event loops hand them to a worker rather than calling them directly.
///
/// Errors are ``BridgeError``s with the code the HTTP layer maps: `ALREADY_EXISTS` for a
/// duplicate id, `NOT_FOUND` for an unknown one, `FAILED_PRECONDITION` for a transition the
/// state does not allow, `INVALID_ARGUMENT` for bad input, `DATA_LOSS` for a row that does not
/// decode, `UNAVAILABLE` when the file stays locked, `INTERNAL` for other SQLite failures
/// (with `sqlite3_errmsg` as the cause).
public final class RequestLog: Sendable {
    private let database: Locked<SQLiteDatabase>
    /// The database file (or `:memory:`).
    public let path: String

    /// How long a call waits for another connection's lock before failing with `UNAVAILABLE`.
    public static let busyTimeoutMilliseconds: Int32 = 5_000

    /// Opens the log at `path`, creating the file and schema when new; `:memory:` gives a
    /// private in-memory log (for tests and for running without `--journal`).
    /// - Throws: `FAILED_PRECONDITION` when the file was written by a newer schema version or
    ///   cannot use WAL; `INTERNAL` (with SQLite's message) when it cannot be opened.
    public init(path: String) throws(BridgeError) {
        self.path = path
        let database: SQLiteDatabase
        do {
            database = try SQLiteDatabase(path: path)
            try Self.configure(database)
            try Self.migrate(database)
        } catch {
            throw Self.bridgeError(error, doing: "opening request log \(path)")
        }
        self.database = Locked(database)
    }

    // MARK: - Writing

    /// Records a newly accepted request as `queued`.
    /// - Throws: `ALREADY_EXISTS` when the log already holds `record.id`; `INVALID_ARGUMENT`
    ///   for an empty id.
    public func insertAccepted(_ record: NewRequest) throws(BridgeError) {
        guard !record.id.isEmpty else { throw BridgeError(.invalidArgument, "request id must not be empty") }
        let requestJSON = String(decoding: record.request.jsonBytes(), as: UTF8.self)
        try withDatabase("recording request \(record.id)") { database in
            do {
                try database.run("""
                    INSERT INTO requests (id, webhook_id, status, callback_url, request_json, accepted_at_ms)
                    VALUES (?1, ?2, 'queued', ?3, ?4, ?5)
                    """,
                    [.text(record.id), .text(record.webhookID), .text(record.callbackURL), .text(requestJSON),
                     .integer(record.acceptedAtMs)])
            } catch let error as SQLiteError where error.code == SQLiteError.constraintPrimaryKey {
                throw BridgeError(.alreadyExists, "request id \"\(record.id)\" already exists")
            }
        }
    }

    /// A worker has taken the request. Allowed from `queued`, and from `processing` again (a
    /// request resumed after a restart).
    public func markProcessing(id: String) throws(BridgeError) {
        try transition(id, to: "processing", allowedFrom: "queued or processing", sql: """
            UPDATE requests SET status = 'processing' WHERE id = ?1 AND status IN ('queued', 'processing')
            """, [.text(id)])
    }

    /// Stores the answer before delivery starts; the request stays `processing` until it is
    /// delivered or fails. Allowed while `processing` (again on resume: the new answer replaces it).
    public func storeAnswer(id: String, answer: BridgeMessage) throws(BridgeError) {
        let answerJSON = String(decoding: answer.jsonBytes(), as: UTF8.self)
        try transition(id, to: "answered", allowedFrom: "processing", sql: """
            UPDATE requests SET answer_json = ?2 WHERE id = ?1 AND status = 'processing'
            """, [.text(id), .text(answerJSON)])
    }

    /// Appends one delivery attempt. Allowed while `processing` with an answer stored.
    public func recordAttempt(id: String, _ attempt: DeliveryAttempt) throws(BridgeError) {
        try transition(id, to: "given a delivery attempt", allowedFrom: "processing with an answer stored", sql: """
            INSERT INTO delivery_attempts (request_id, at_ms, http_status, error)
            SELECT id, ?2, ?3, ?4 FROM requests WHERE id = ?1 AND status = 'processing' AND answer_json IS NOT NULL
            """, [.text(id), .integer(attempt.atMs), .optionalInteger(attempt.httpStatus), .optionalText(attempt.error)])
    }

    /// The callback accepted the answer. Allowed while `processing` with an answer stored.
    public func markDelivered(id: String) throws(BridgeError) {
        try transition(id, to: "delivered", allowedFrom: "processing with an answer stored", sql: """
            UPDATE requests SET status = 'delivered'
            WHERE id = ?1 AND status = 'processing' AND answer_json IS NOT NULL
            """, [.text(id)])
    }

    /// Gives the request up, saying why. Allowed from `queued` or `processing`.
    public func markFailed(id: String, reason: String) throws(BridgeError) {
        try transition(id, to: "failed", allowedFrom: "queued or processing", sql: """
            UPDATE requests SET status = 'failed', failure_reason = ?2
            WHERE id = ?1 AND status IN ('queued', 'processing')
            """, [.text(id), .text(reason)])
    }

    // MARK: - Reading

    /// The request `id`, or nil when the log does not hold it.
    public func record(id: String) throws(BridgeError) -> RequestRecord? {
        try withDatabase("reading request \(id)") { database in
            try Self.records(database, where: "id = ?1", [.text(id)]).first
        }
    }

    /// The most recent `limit` requests (by acceptance time), newest first, optionally only
    /// those with `status`.
    /// - Throws: `INVALID_ARGUMENT` for a negative limit.
    public func list(status: RequestStatus?, limit: Int) throws(BridgeError) -> [RequestRecord] {
        guard limit >= 0 else { throw BridgeError(.invalidArgument, "limit must not be negative (got \(limit))") }
        return try withDatabase("listing requests") { database in
            if let status {
                return try Self.records(database, where: "status = ?1", [.text(status.rawValue)],
                                        order: "DESC", limit: limit)
            }
            return try Self.records(database, where: "1", [], order: "DESC", limit: limit)
        }
    }

    /// What to resume after a restart: requests `queued`, or `processing` (with or without an
    /// answer stored: those with one only need delivering), oldest first so they are resumed
    /// in the order they were accepted.
    public func pending() throws(BridgeError) -> [RequestRecord] {
        try withDatabase("listing pending requests") { database in
            try Self.records(database, where: "status IN ('queued', 'processing')", [], order: "ASC", limit: nil)
        }
    }

    /// How many requests are in each status; every status is present (0 when none).
    public func counts() throws(BridgeError) -> [RequestStatus: Int] {
        try withDatabase("counting requests") { database in
            var counts = Dictionary(uniqueKeysWithValues: RequestStatus.allCases.map { ($0, 0) })
            let rows = try database.query("SELECT status, COUNT(*) FROM requests GROUP BY status") { row in
                (row.text(0) ?? "", Int(row.int64(1)))
            }
            for (text, count) in rows {
                guard let status = RequestStatus(rawValue: text) else {
                    throw BridgeError(.dataLoss, "request log holds an unknown status \"\(text)\"")
                }
                counts[status] = count
            }
            return counts
        }
    }

    // MARK: - Internals

    /// Runs `body` on the connection under the lock, turning every error into a ``BridgeError``.
    private func withDatabase<Result: Sendable>(_ action: String,
                                                _ body: (SQLiteDatabase) throws -> Result) throws(BridgeError) -> Result {
        do {
            return try database.withLock { database throws in try body(database) }
        } catch {
            throw Self.bridgeError(error, doing: action)
        }
    }

    /// Runs a conditional state change; when it changes no row, finds out whether the request
    /// is missing (`NOT_FOUND`) or in the wrong state (`FAILED_PRECONDITION`, naming both).
    /// The condition lives in the statement's WHERE, so check and change are one atomic step.
    private func transition(_ id: String, to target: String, allowedFrom expected: String,
                            sql: String, _ parameters: [SQLiteValue]) throws(BridgeError) {
        try withDatabase("marking request \(id) \(target)") { database in
            guard try database.run(sql, parameters) == 0 else { return }
            let found = try database.query("SELECT status, answer_json IS NOT NULL FROM requests WHERE id = ?1",
                                           [.text(id)]) { row in (row.text(0) ?? "", row.int64(1) != 0) }
            guard let current = found.first else {
                throw BridgeError(.notFound, "request \"\(id)\" is not in the request log")
            }
            let (status, answered) = current
            let state = status == "processing" && answered ? "processing with an answer stored" : status
            throw BridgeError(.failedPrecondition,
                              "request \"\(id)\" cannot be \(target): it is \(state), expected \(expected)")
        }
    }

    /// Loads the requests matching `condition`, each with its attempts, in one read transaction
    /// so a record and its attempts come from the same snapshot.
    private static func records(_ database: SQLiteDatabase, where condition: String, _ parameters: [SQLiteValue],
                                order: String = "ASC", limit: Int? = nil) throws -> [RequestRecord] {
        // `condition` and `order` are fixed text from this file, never caller input.
        var sql = """
            SELECT id, webhook_id, status, callback_url, request_json, answer_json, accepted_at_ms, failure_reason
            FROM requests WHERE \(condition) ORDER BY accepted_at_ms \(order), rowid \(order)
            """
        var bound = parameters
        if let limit {
            sql += " LIMIT ?\(bound.count + 1)"
            bound.append(.integer(Int64(limit)))
        }
        return try database.transaction(immediate: false) {
            let rows = try database.query(sql, bound) { row in
                (id: row.text(0) ?? "", webhookID: row.text(1) ?? "", status: row.text(2) ?? "",
                 callbackURL: row.text(3) ?? "", request: row.bytes(4) ?? [], answer: row.bytes(5),
                 acceptedAtMs: row.int64(6), failureReason: row.text(7))
            }
            return try rows.map { row in
                guard let status = RequestStatus(rawValue: row.status) else {
                    throw BridgeError(.dataLoss, "request \"\(row.id)\" has an unknown status \"\(row.status)\"")
                }
                return RequestRecord(
                    id: row.id, webhookID: row.webhookID, status: status, callbackURL: row.callbackURL,
                    request: try decode(row.request, what: "request", of: row.id),
                    answer: try row.answer.map { answer throws in try decode(answer, what: "answer", of: row.id) },
                    acceptedAtMs: row.acceptedAtMs,
                    attempts: try attempts(database, of: row.id),
                    failureReason: row.failureReason)
            }
        }
    }

    private static func attempts(_ database: SQLiteDatabase, of id: String) throws(SQLiteError) -> [DeliveryAttempt] {
        try database.query("SELECT at_ms, http_status, error FROM delivery_attempts WHERE request_id = ?1 ORDER BY seq",
                           [.text(id)]) { row in
            DeliveryAttempt(atMs: row.int64(0), httpStatus: row.isNull(1) ? nil : Int(row.int64(1)), error: row.text(2))
        }
    }

    private static func decode(_ json: [UInt8], what: String, of id: String) throws(BridgeError) -> BridgeMessage {
        do {
            return try BridgeMessage(json: json)
        } catch {
            throw BridgeError(.dataLoss, "request \"\(id)\": stored \(what) does not decode", cause: error.description)
        }
    }

    /// WAL, `synchronous=NORMAL`, the busy timeout and foreign keys (so deleting a request
    /// would delete its attempts), on this connection.
    private static func configure(_ database: SQLiteDatabase) throws {
        try database.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        let mode = try database.query("PRAGMA journal_mode = WAL") { $0.text(0) ?? "" }.first ?? ""
        // An in-memory database has no file to log beside; it reports "memory" and that is fine.
        guard mode.lowercased() == "wal" || mode.lowercased() == "memory" else {
            throw BridgeError(.failedPrecondition, "request log \(database.path) cannot use WAL mode (SQLite chose \"\(mode)\")")
        }
        try database.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
    }

    /// Creates the schema in a new file, accepts the current version, refuses a newer one.
    /// The version is read inside the write transaction so two processes opening a new file at
    /// once cannot both create the tables.
    private static func migrate(_ database: SQLiteDatabase) throws {
        try database.transaction {
            let version = try database.query("PRAGMA user_version") { Int($0.int64(0)) }.first ?? 0
            switch version {
            case 0:
                try database.exec(RequestLogSchema.version1)
            case RequestLogSchema.version:
                break
            default:
                throw BridgeError(.failedPrecondition,
                                  "request log \(database.path) has schema version \(version); this build reads version \(RequestLogSchema.version)")
            }
        }
    }

    /// Any error from the log as a ``BridgeError``: ours pass through, SQLite's are mapped by
    /// their primary code and keep `sqlite3_errmsg` as the cause.
    private static func bridgeError(_ error: any Error, doing action: String) -> BridgeError {
        if let error = error as? BridgeError { return error }
        guard let error = error as? SQLiteError else { return BridgeError(.internal, "\(action) failed", cause: String(describing: error)) }
        let code: StatusCode
        switch error.primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED: code = .unavailable
        case SQLITE_CORRUPT, SQLITE_NOTADB: code = .dataLoss
        default: code = .internal
        }
        return BridgeError(code, "\(action) failed", cause: error.description)
    }
}
