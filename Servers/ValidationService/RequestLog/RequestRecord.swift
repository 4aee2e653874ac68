import BridgeCore

/// Everything the log knows about one async request: what `GET /requests/{id}` shows and what
/// the server needs to resume it after a restart.
public struct RequestRecord: Sendable, Equatable {
    /// The request id, the log's key (the `request_id` the client gave or the server made up).
    public var id: String
    /// The Standard Webhooks `webhook-id` every delivery of this answer carries.
    public var webhookID: String
    /// Where the request is: `queued`, `processing`, `delivered` or `failed`.
    public var status: RequestStatus
    /// Where the answer is POSTed.
    public var callbackURL: String
    /// The message to answer.
    public var request: BridgeMessage
    /// The answer, once computed (it is stored before delivery starts, so a restart re-delivers
    /// the same answer instead of computing a different one).
    public var answer: BridgeMessage?
    /// When `POST /validate-async` accepted it, Unix milliseconds.
    public var acceptedAtMs: Int64
    /// Every delivery attempt, oldest first.
    public var attempts: [DeliveryAttempt]
    /// Why the request failed, when its status is `failed`.
    public var failureReason: String?

    /// A record with every field given (the log builds these from its rows).
    public init(id: String, webhookID: String, status: RequestStatus, callbackURL: String, request: BridgeMessage,
                answer: BridgeMessage?, acceptedAtMs: Int64, attempts: [DeliveryAttempt], failureReason: String?) {
        self.id = id
        self.webhookID = webhookID
        self.status = status
        self.callbackURL = callbackURL
        self.request = request
        self.answer = answer
        self.acceptedAtMs = acceptedAtMs
        self.attempts = attempts
        self.failureReason = failureReason
    }

    /// The body of `GET /requests/{id}`: `{"request_id", "status", "callback_url",
    /// "accepted_at_ms", "answer" (the message or null), "attempts": [{"at_ms", "http_status",
    /// "error"}], "failure_reason" (string or null)}`.
    public var jsonValue: JSONValue {
        .object([
            "request_id": .string(id),
            "status": .string(status.rawValue),
            "callback_url": .string(callbackURL),
            "accepted_at_ms": .number(Double(acceptedAtMs)),
            "answer": answer.map(Self.messageJSON) ?? .null,
            "attempts": .array(attempts.map(\.jsonValue)),
            "failure_reason": failureReason.map(JSONValue.string) ?? .null,
        ])
    }

    /// A message's JSON form (CONTRACT.md section 1) as a value to nest in another object:
    /// the same keys `BridgeMessage.writeJSON` writes, `payload` only when there is one.
    private static func messageJSON(_ message: BridgeMessage) -> JSONValue {
        var object: [String: JSONValue] = [
            "message_id": .string(message.messageID),
            "type": .string(message.type),
            "request_id": .string(message.requestID),
            "attributes": .object(message.attributes),
            "timestamp_ms": .number(Double(message.timestampMs)),
        ]
        if !message.payload.isEmpty { object["payload"] = .string(Base64.encode(message.payload)) }
        return .object(object)
    }
}
