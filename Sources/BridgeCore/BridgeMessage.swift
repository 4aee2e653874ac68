/// The one message every transport carries (`ipcbridge.v1.BridgeMessage`, CONTRACT.md section 1).
public struct BridgeMessage: Sendable, Hashable {
    /// Unique per message, set by its sender.
    public var messageID: String
    /// What the message is: `VALIDATION_REQUEST`, `ECHO`, `WATCH`, `PING`, `EVENT`, `ERROR`, ...
    public var type: String
    /// On a reply or event: the `messageID` it answers.
    public var requestID: String
    /// A free-form JSON object (`google.protobuf.Struct`).
    public var attributes: [String: JSONValue]
    /// The sender's clock, Unix milliseconds.
    public var timestampMs: Int64
    /// An opaque binary body (base64 in the JSON form).
    public var payload: [UInt8]

    /// A message with every field given or left at its proto3 default (empty, zero). To send a
    /// request, ``request(_:attributes:payload:)`` fills in a fresh id and the time for you.
    public init(messageID: String = "", type: String = "", requestID: String = "",
                attributes: [String: JSONValue] = [:], timestampMs: Int64 = 0, payload: [UInt8] = []) {
        self.messageID = messageID
        self.type = type
        self.requestID = requestID
        self.attributes = attributes
        self.timestampMs = timestampMs
        self.payload = payload
    }
}

/// The message types of the contract, as constants.
public enum MessageType {
    /// Asks for a verdict on the attributes against the server's rule set.
    public static let validationRequest = "VALIDATION_REQUEST"
    /// The verdict: attributes `result` (`PASS`/`FAIL`), `message` and `violations`.
    public static let validationResponse = "VALIDATION_RESPONSE"
    /// Answered with the same fields (over gRPC `Echo`, the request bytes unchanged).
    public static let echo = "ECHO"
    /// Asks for a stream of `event_count` ``event`` messages, then ``end``.
    public static let watch = "WATCH"
    /// One message of a WATCH stream (attribute `seq`), or one pushed to subscribers.
    public static let event = "EVENT"
    /// Closes a WATCH stream over framed TCP (gRPC ends it with the status instead).
    public static let end = "END"
    /// A liveness check, answered with ``pong``.
    public static let ping = "PING"
    /// The answer to ``ping``.
    public static let pong = "PONG"
    /// The framed TCP handshake carrying attribute `token`, sent first when the server wants one.
    public static let hello = "HELLO"
    /// The answer to an accepted ``hello``.
    public static let helloAck = "HELLO_ACK"
    /// An error answer: attributes `error_code` (a gRPC status name) and `error_message`; the
    /// bridges turn it into a thrown ``BridgeError``.
    public static let error = "ERROR"
}

extension BridgeMessage {
    /// A new request with a fresh message id and the current time.
    public static func request(_ type: String, attributes: [String: JSONValue] = [:],
                               payload: [UInt8] = []) -> BridgeMessage {
        BridgeMessage(messageID: MessageID.next(), type: type, attributes: attributes,
                      timestampMs: Clocks.unixMilliseconds(), payload: payload)
    }

    /// An answer to `request`: its `requestID` is the request's id, with a fresh id of its own.
    public static func reply(to request: BridgeMessage, type: String,
                             attributes: [String: JSONValue] = [:], payload: [UInt8] = []) -> BridgeMessage {
        BridgeMessage(messageID: MessageID.next(), type: type, requestID: request.messageID,
                      attributes: attributes, timestampMs: Clocks.unixMilliseconds(), payload: payload)
    }

    /// An `ERROR` message answering `requestID` (empty when the request could not be read).
    public static func error(_ error: BridgeError, requestID: String) -> BridgeMessage {
        BridgeMessage(messageID: MessageID.next(), type: MessageType.error, requestID: requestID,
                      attributes: ["error_code": .string(error.code.name), "error_message": .string(error.message)],
                      timestampMs: Clocks.unixMilliseconds())
    }

    /// When this is an `ERROR` message, the error it carries; nil otherwise.
    public var carriedError: BridgeError? {
        guard type == MessageType.error else { return nil }
        let codeName = attributes["error_code"]?.stringValue ?? "UNKNOWN"
        let code = StatusCode(name: codeName) ?? .unknown
        return BridgeError(code, attributes["error_message"]?.stringValue ?? "")
    }
}
