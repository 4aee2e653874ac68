/// The request log's tables, versioned with SQLite's `user_version` so a later build can
/// migrate a journal an older one wrote, and an older build refuses one it does not understand
/// instead of misreading it.
enum RequestLogSchema {
    /// The version this build writes and reads.
    static let version = 1

    /// Version 1. `requests` keeps one row per accepted request (its rowid gives insertion
    /// order, the tie-break when two requests share a millisecond); the message and answer are
    /// their contract JSON text, readable with the sqlite3 shell. `delivery_attempts` is
    /// append-only, its integer key giving the order attempts were made.
    static let version1 = """
        CREATE TABLE requests (
            id TEXT PRIMARY KEY NOT NULL,
            webhook_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('queued', 'processing', 'delivered', 'failed')),
            callback_url TEXT NOT NULL,
            request_json TEXT NOT NULL,
            answer_json TEXT,
            accepted_at_ms INTEGER NOT NULL,
            failure_reason TEXT
        );
        CREATE INDEX requests_by_time ON requests (accepted_at_ms);
        CREATE INDEX requests_by_status_time ON requests (status, accepted_at_ms);
        CREATE TABLE delivery_attempts (
            seq INTEGER PRIMARY KEY,
            request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
            at_ms INTEGER NOT NULL,
            http_status INTEGER,
            error TEXT
        );
        CREATE INDEX delivery_attempts_by_request ON delivery_attempts (request_id, seq);
        PRAGMA user_version = 1;
        """
}
