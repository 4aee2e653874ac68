#if canImport(Glibc)
import BridgeIO
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CSQLite
import Dispatch
import Synchronization
import Testing
import BridgeCore
import ValidationService

@Suite("Request log")
struct RequestLogTests {
    // MARK: - Fixtures

    /// A fresh directory for one test's database files, removed afterwards.
    private final class TemporaryDirectory {
        let path: String

        init() throws {
            var template = Array("/tmp/requestlog-test-XXXXXX".utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) else {
                throw BridgeError(.internal, "mkdtemp failed: errno \(errno)")
            }
            path = String(cString: made)
        }

        func file(_ name: String) -> String { path + "/" + name }

        deinit {
            // The log's file and SQLite's companions (-wal, -shm), whichever exist.
            for name in ["log.db", "log.db-wal", "log.db-shm", "other.db", "other.db-wal", "other.db-shm"] {
                unlink(file(name))
            }
            rmdir(path)
        }
    }

    private static func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    private static func message(_ id: String, attributes: [String: JSONValue] = ["board_id": "b-1", "voltage": 12.5],
                                payload: [UInt8] = []) -> BridgeMessage {
        BridgeMessage(messageID: id, type: "VALIDATION_REQUEST", attributes: attributes,
                      timestampMs: 1_700_000_000_123, payload: payload)
    }

    private static func newRequest(_ id: String, at acceptedAtMs: Int64 = 1_700_000_000_000) -> NewRequest {
        NewRequest(id: id, webhookID: "msg_\(id)", callbackURL: "http://203.0.113.9:8080/cb/\(id)",
                   request: message(id), acceptedAtMs: acceptedAtMs)
    }

    private static func answer(to id: String) -> BridgeMessage {
        BridgeMessage(messageID: "ans-\(id)", type: "VALIDATION_RESPONSE", requestID: id,
                      attributes: ["result": "PASS", "message": "ok", "violations": []],
                      timestampMs: 1_700_000_000_456, payload: [0, 1, 2, 255])
    }

    /// The code `body` fails with, or nil when it succeeds.
    private static func code(_ body: () throws(BridgeError) -> Void) -> StatusCode? {
        do {
            try body()
            return nil
        } catch {
            return error.code
        }
    }

    // MARK: - Round trips and transitions

    @Test func insertedRequestRoundTrips() throws {
        let log = try RequestLog(path: ":memory:")
        var request = Self.newRequest("r-1")
        request.request = Self.message("r-1", attributes: ["nested": ["a": [1, "two", nil, true]], "text": "quote \" and \\"],
                                       payload: Array("bytes\u{0}with nul".utf8))
        try log.insertAccepted(request)
        let record = try #require(try log.record(id: "r-1"))
        #expect(record == RequestRecord(id: "r-1", webhookID: "msg_r-1", status: .queued, callbackURL: request.callbackURL,
                                        request: request.request, answer: nil, acceptedAtMs: request.acceptedAtMs,
                                        attempts: [], failureReason: nil))
        #expect(try log.record(id: "missing") == nil)
    }

    @Test func duplicateAndEmptyIdsAreRefused() throws {
        let log = try RequestLog(path: ":memory:")
        try log.insertAccepted(Self.newRequest("dup"))
        #expect(Self.code { () throws(BridgeError) in try log.insertAccepted(Self.newRequest("dup")) } == .alreadyExists)
        #expect(Self.code { () throws(BridgeError) in try log.insertAccepted(Self.newRequest("")) } == .invalidArgument)
        do {
            try log.insertAccepted(Self.newRequest("dup", at: 5))
            Issue.record("a duplicate id was accepted")
        } catch {
            #expect(error.message == "request id \"dup\" already exists")
        }
        // The original row is untouched.
        #expect(try log.record(id: "dup")?.acceptedAtMs == 1_700_000_000_000)
    }

    @Test func lifecycleKeepsAnswerAndAttemptsInOrder() throws {
        let log = try RequestLog(path: ":memory:")
        try log.insertAccepted(Self.newRequest("r-2"))
        try log.markProcessing(id: "r-2")
        #expect(try log.record(id: "r-2")?.status == .processing)
        try log.storeAnswer(id: "r-2", answer: Self.answer(to: "r-2"))
        let attempts = [
            DeliveryAttempt(atMs: 10, httpStatus: 503, error: nil),
            DeliveryAttempt(atMs: 20, httpStatus: nil, error: "connection refused"),
            DeliveryAttempt(atMs: 15, httpStatus: 500, error: "server error"),  // order of recording, not of time
            DeliveryAttempt(atMs: 40, httpStatus: 204, error: nil),
        ]
        for attempt in attempts { try log.recordAttempt(id: "r-2", attempt) }
        try log.markDelivered(id: "r-2")

        let record = try #require(try log.record(id: "r-2"))
        #expect(record.status == .delivered)
        #expect(record.answer == Self.answer(to: "r-2"))
        #expect(record.attempts == attempts)
        #expect(record.failureReason == nil)
    }

    @Test func failingKeepsTheReason() throws {
        let log = try RequestLog(path: ":memory:")
        try log.insertAccepted(Self.newRequest("q"))
        try log.markFailed(id: "q", reason: "shutting down before processing")
        try log.insertAccepted(Self.newRequest("p"))
        try log.markProcessing(id: "p")
        try log.storeAnswer(id: "p", answer: Self.answer(to: "p"))
        try log.recordAttempt(id: "p", DeliveryAttempt(atMs: 1, httpStatus: 500, error: nil))
        try log.markFailed(id: "p", reason: "5 attempts failed; last: HTTP 500")
        #expect(try log.record(id: "q")?.failureReason == "shutting down before processing")
        let failed = try #require(try log.record(id: "p"))
        #expect(failed.status == .failed)
        #expect(failed.failureReason == "5 attempts failed; last: HTTP 500")
        #expect(failed.attempts.count == 1)
    }

    @Test func transitionsTheStateDoesNotAllowAreRefused() throws {
        let log = try RequestLog(path: ":memory:")
        try log.insertAccepted(Self.newRequest("s"))
        // Queued: no answer, attempt or delivery yet.
        #expect(Self.code { () throws(BridgeError) in try log.storeAnswer(id: "s", answer: Self.answer(to: "s")) } == .failedPrecondition)
        #expect(Self.code { () throws(BridgeError) in try log.recordAttempt(id: "s", DeliveryAttempt(atMs: 1, httpStatus: 200, error: nil)) } == .failedPrecondition)
        #expect(Self.code { () throws(BridgeError) in try log.markDelivered(id: "s") } == .failedPrecondition)
        // Processing without an answer: still not deliverable.
        try log.markProcessing(id: "s")
        try log.markProcessing(id: "s")  // again, as on resume: allowed
        do {
            try log.markDelivered(id: "s")
            Issue.record("delivered without an answer")
        } catch {
            #expect(error.code == .failedPrecondition)
            #expect(error.message == "request \"s\" cannot be delivered: it is processing, expected processing with an answer stored")
        }
        try log.storeAnswer(id: "s", answer: Self.answer(to: "s"))
        try log.markDelivered(id: "s")
        // Final: nothing changes any more.
        #expect(Self.code { () throws(BridgeError) in try log.markProcessing(id: "s") } == .failedPrecondition)
        #expect(Self.code { () throws(BridgeError) in try log.markFailed(id: "s", reason: "late") } == .failedPrecondition)
        #expect(Self.code { () throws(BridgeError) in try log.recordAttempt(id: "s", DeliveryAttempt(atMs: 1, httpStatus: 200, error: nil)) } == .failedPrecondition)
        #expect(Self.code { () throws(BridgeError) in try log.storeAnswer(id: "s", answer: Self.answer(to: "x")) } == .failedPrecondition)
        let record = try #require(try log.record(id: "s"))
        #expect(record.status == .delivered)
        #expect(record.answer == Self.answer(to: "s"))
        #expect(record.attempts.isEmpty)
        #expect(record.failureReason == nil)
    }

    @Test func unknownIdsAreNotFound() throws {
        let log = try RequestLog(path: ":memory:")
        #expect(Self.code { () throws(BridgeError) in try log.markProcessing(id: "nope") } == .notFound)
        #expect(Self.code { () throws(BridgeError) in try log.storeAnswer(id: "nope", answer: Self.answer(to: "nope")) } == .notFound)
        #expect(Self.code { () throws(BridgeError) in try log.recordAttempt(id: "nope", DeliveryAttempt(atMs: 1, httpStatus: nil, error: "x")) } == .notFound)
        #expect(Self.code { () throws(BridgeError) in try log.markDelivered(id: "nope") } == .notFound)
        #expect(Self.code { () throws(BridgeError) in try log.markFailed(id: "nope", reason: "x") } == .notFound)
    }

    // MARK: - Listing

    @Test func listIsNewestFirstWithFilterAndLimit() throws {
        let log = try RequestLog(path: ":memory:")
        // Accepted out of order, two sharing a millisecond (insertion order breaks the tie).
        for (id, at) in [("c", 300), ("a", 100), ("d", 300), ("b", 200), ("e", 500)] {
            try log.insertAccepted(Self.newRequest(id, at: Int64(at)))
        }
        try log.markProcessing(id: "b")
        try log.markProcessing(id: "d")
        try log.markFailed(id: "e", reason: "x")

        #expect(try log.list(status: nil, limit: 10).map(\.id) == ["e", "d", "c", "b", "a"])
        #expect(try log.list(status: nil, limit: 2).map(\.id) == ["e", "d"])
        #expect(try log.list(status: .queued, limit: 10).map(\.id) == ["c", "a"])
        #expect(try log.list(status: .processing, limit: 1).map(\.id) == ["d"])
        #expect(try log.list(status: .delivered, limit: 10).isEmpty)
        #expect(try log.list(status: nil, limit: 0).isEmpty)
        #expect(Self.code { () throws(BridgeError) in _ = try log.list(status: nil, limit: -1) } == .invalidArgument)
        #expect(try log.counts() == [.queued: 2, .processing: 2, .delivered: 0, .failed: 1])
    }

    @Test func jsonValueIsTheRequestsEndpointBody() throws {
        let log = try RequestLog(path: ":memory:")
        try log.insertAccepted(Self.newRequest("j", at: 1_700_000_000_000))
        #expect(try log.record(id: "j")?.jsonValue == [
            "request_id": "j", "status": "queued", "callback_url": "http://203.0.113.9:8080/cb/j",
            "accepted_at_ms": 1_700_000_000_000, "answer": nil, "attempts": [], "failure_reason": nil,
        ])
        try log.markProcessing(id: "j")
        try log.storeAnswer(id: "j", answer: Self.answer(to: "j"))
        try log.recordAttempt(id: "j", DeliveryAttempt(atMs: 1_700_000_000_900, httpStatus: nil, error: "timed out"))
        try log.recordAttempt(id: "j", DeliveryAttempt(atMs: 1_700_000_001_900, httpStatus: 200, error: nil))
        try log.markDelivered(id: "j")
        let json = try #require(try log.record(id: "j")?.jsonValue)
        #expect(json["status"] == "delivered")
        #expect(json["answer"] == [
            "message_id": "ans-j", "type": "VALIDATION_RESPONSE", "request_id": "j",
            "attributes": ["result": "PASS", "message": "ok", "violations": []],
            "timestamp_ms": 1_700_000_000_456, "payload": "AAEC/w==",
        ])
        #expect(json["attempts"] == [
            ["at_ms": 1_700_000_000_900, "http_status": nil, "error": "timed out"],
            ["at_ms": 1_700_000_001_900, "http_status": 200, "error": nil],
        ])
        // The nested answer is exactly the message's own JSON form.
        let answerJSON = try #require(json["answer"])
        #expect(try JSONParser.parse(Self.answer(to: "j").jsonBytes()) == answerJSON)
    }

    // MARK: - Durability

    @Test func pendingSurvivesCloseAndReopen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("log.db")
        do {
            let log = try RequestLog(path: path)
            try log.insertAccepted(Self.newRequest("queued", at: 40))
            try log.insertAccepted(Self.newRequest("working", at: 10))
            try log.markProcessing(id: "working")
            try log.insertAccepted(Self.newRequest("answered", at: 20))
            try log.markProcessing(id: "answered")
            try log.storeAnswer(id: "answered", answer: Self.answer(to: "answered"))
            try log.recordAttempt(id: "answered", DeliveryAttempt(atMs: 21, httpStatus: 502, error: nil))
            try log.insertAccepted(Self.newRequest("done", at: 5))
            try log.markProcessing(id: "done")
            try log.storeAnswer(id: "done", answer: Self.answer(to: "done"))
            try log.markDelivered(id: "done")
            try log.insertAccepted(Self.newRequest("gave-up", at: 30))
            try log.markFailed(id: "gave-up", reason: "no")
            // WAL mode: writes go to the -wal file beside the database.
            #expect(Self.fileExists(path + "-wal"))
        }  // the log is released here, closing the connection

        let reopened = try RequestLog(path: path)
        let pending = try reopened.pending()
        #expect(pending.map(\.id) == ["working", "answered", "queued"])  // oldest first
        #expect(pending.map(\.status) == [.processing, .processing, .queued])
        #expect(pending[1].answer == Self.answer(to: "answered"))
        #expect(pending[1].attempts == [DeliveryAttempt(atMs: 21, httpStatus: 502, error: nil)])
        #expect(pending[0].answer == nil)
        #expect(try reopened.record(id: "done")?.status == .delivered)
        #expect(try reopened.counts() == [.queued: 1, .processing: 2, .delivered: 1, .failed: 1])
        // The reopened log carries on where the first left off.
        try reopened.recordAttempt(id: "answered", DeliveryAttempt(atMs: 22, httpStatus: 200, error: nil))
        try reopened.markDelivered(id: "answered")
        #expect(try reopened.pending().map(\.id) == ["working", "queued"])
    }

    @Test func fileIsConfiguredAsDocumented() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("log.db")
        let log = try RequestLog(path: path)
        try log.insertAccepted(Self.newRequest("x"))
        // A second, independent connection sees the committed row, the WAL journal mode
        // (persistent in the file) and the schema version.
        let pragmas = try Self.query(path, "SELECT (SELECT COUNT(*) FROM requests), "
            + "(SELECT journal_mode FROM pragma_journal_mode), (SELECT user_version FROM pragma_user_version)")
        #expect(pragmas == ["1", "wal", "1"])
    }

    @Test func newerSchemaVersionIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("other.db")
        _ = try Self.query(path, "PRAGMA user_version = 7")
        do {
            _ = try RequestLog(path: path)
            Issue.record("a newer schema was accepted")
        } catch {
            #expect(error.code == .failedPrecondition)
            #expect(error.message.contains("schema version 7"))
        }
    }

    @Test func unopenableFileReportsSQLitesMessage() {
        do {
            _ = try RequestLog(path: "/nonexistent-directory/for/sure/log.db")
            Issue.record("opened a file in a missing directory")
        } catch {
            #expect(error.code == .internal)
            #expect(error.message.contains("/nonexistent-directory/for/sure/log.db"))
            #expect(error.cause?.contains("unable to open database file") == true)
        }
    }

    // MARK: - Concurrency

    @Test func concurrentWritersFromSeveralThreads() throws {
        let directory = try TemporaryDirectory()
        let log = try RequestLog(path: directory.file("log.db"))
        let threads = 6
        let perThread = 40
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for n in 0..<perThread {
                let id = "t\(thread)-\(n)"
                do {
                    try log.insertAccepted(Self.newRequest(id, at: Int64(n)))
                    try log.markProcessing(id: id)
                    try log.storeAnswer(id: id, answer: Self.answer(to: id))
                    try log.recordAttempt(id: id, DeliveryAttempt(atMs: 1, httpStatus: 500, error: nil))
                    try log.recordAttempt(id: id, DeliveryAttempt(atMs: 2, httpStatus: 200, error: nil))
                    if n % 2 == 0 { try log.markDelivered(id: id) }
                    _ = try log.list(status: .processing, limit: 5)
                } catch {
                    failures.withLock { $0.append("\(id): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try log.counts() == [.queued: 0, .processing: threads * perThread / 2, .delivered: threads * perThread / 2, .failed: 0])
        for record in try log.list(status: nil, limit: threads * perThread) {
            #expect(record.attempts.map(\.httpStatus) == [500, 200], "\(record.id)")
            #expect(record.answer?.requestID == record.id)
        }
    }

    // MARK: - Helpers

    /// Runs `sql` on its own connection to `path` and returns the first row's columns as text.
    private static func query(_ path: String, _ sql: String) throws -> [String] {
        var connection: OpaquePointer?
        guard sqlite3_open(path, &connection) == SQLITE_OK, let connection else {
            sqlite3_close(connection)
            throw BridgeError(.internal, "cannot open \(path)")
        }
        defer { sqlite3_close(connection) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw BridgeError(.internal, "cannot prepare \(sql): \(String(cString: sqlite3_errmsg(connection)))")
        }
        defer { sqlite3_finalize(statement) }
        guard sqlite3_step(statement) == SQLITE_ROW else { return [] }
        return (0..<sqlite3_column_count(statement)).map { column in
            sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "NULL"
        }
    }
}
