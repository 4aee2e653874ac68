import BridgeCore

/// One try at POSTing an answer to its callback URL: when, and how it ended.
public struct DeliveryAttempt: Sendable, Equatable {
    /// When the attempt started, Unix milliseconds.
    public var atMs: Int64
    /// The HTTP status the receiver answered with; nil when no response arrived.
    public var httpStatus: Int?
    /// Why the attempt failed without a response (connection refused, timeout), or why a
    /// response was not accepted; nil for a plain success.
    public var error: String?

    /// An attempt at `atMs` that ended with `httpStatus` (nil: no response) or `error`.
    public init(atMs: Int64, httpStatus: Int?, error: String?) {
        self.atMs = atMs
        self.httpStatus = httpStatus
        self.error = error
    }

    /// `{"at_ms", "http_status" (number or null), "error" (string or null)}`.
    public var jsonValue: JSONValue {
        .object([
            "at_ms": .number(Double(atMs)),
            "http_status": httpStatus.map { .number(Double($0)) } ?? .null,
            "error": error.map(JSONValue.string) ?? .null,
        ])
    }
}
