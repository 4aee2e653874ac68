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
    public static let validationRequest = "VALIDATION_REQUEST"
    public static let validationResponse = "VALIDATION_RESPONSE"
    public static let echo = "ECHO"
    public static let watch = "WATCH"
    public static let event = "EVENT"
    public static let end = "END"
    public static let ping = "PING"
    public static let pong = "PONG"
    public static let hello = "HELLO"
    public static let helloAck = "HELLO_ACK"
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
