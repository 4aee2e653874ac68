/// The JSON form of a BridgeMessage (CONTRACT.md section 1): proto3 JSON with the original
/// field names, `attributes` a plain object, `payload` standard base64, `timestamp_ms` written
/// as a number and read from a number or a decimal string, absent fields at their defaults,
/// unknown keys ignored. Readers also accept the lowerCamelCase names proto3 JSON allows.
///
/// Decoding walks the object once and reads each known field straight into the struct,
/// without building an intermediate dictionary: this is the transport hot path.
extension BridgeMessage {
    /// Reads a message from JSON bytes; the error says what was wrong and where.
    public init(json bytes: UnsafeRawBufferPointer) throws(JSONError) {
        var parser = JSONParser(bytes)
        guard parser.peekValueStart() == UInt8(ascii: "{") else {
            throw JSONError("a BridgeMessage must be a JSON object", at: 0)
        }
        var message = BridgeMessage()
        // Keys are matched as bytes: no String is built for a known key.
        try parser.readObjectKeyBytes(into: &message) { (key, parser, message) throws(JSONError) in
            switch JSONField(key) {
            case .messageID:
                message.messageID = try Self.readString(&parser, field: key)
            case .type:
                // The two long types are read as shared literals: no allocation per message.
                if parser.consumeString("VALIDATION_REQUEST") {
                    message.type = MessageType.validationRequest
                } else if parser.consumeString("VALIDATION_RESPONSE") {
                    message.type = MessageType.validationResponse
                } else {
                    message.type = try Self.readString(&parser, field: key)
                }
            case .requestID:
                message.requestID = try Self.readString(&parser, field: key)
            case .attributes:
                if try parser.consumeNull() { return }
                guard case .object(let object) = try parser.parseValue() else {
                    throw JSONError("attributes must be a JSON object", at: 0)
                }
                message.attributes = object
            case .timestampMs:
                if try parser.consumeNull() { return }
                message.timestampMs = try parser.parseInt64()
            case .payload:
                let text = try Self.readString(&parser, field: key)
                guard let data = Base64.decode(text) else { throw JSONError("payload is not valid base64", at: 0) }
                message.payload = data
            case nil:
                try parser.skipValue()
            }
        }
        try parser.expectEnd()
        self = message
    }

    /// The JSON keys of the fields: the proto field names and their lowerCamelCase forms.
    private enum JSONField {
        case messageID, type, requestID, attributes, timestampMs, payload

        init?(_ key: UnsafeRawBufferPointer) {
            switch key.count {
            case 4 where Self.equal(key, "type"): self = .type
            case 7 where Self.equal(key, "payload"): self = .payload
            case 9 where Self.equal(key, "messageId"): self = .messageID
            case 9 where Self.equal(key, "requestId"): self = .requestID
            case 10 where Self.equal(key, "message_id"): self = .messageID
            case 10 where Self.equal(key, "request_id"): self = .requestID
            case 10 where Self.equal(key, "attributes"): self = .attributes
            case 11 where Self.equal(key, "timestampMs"): self = .timestampMs
            case 12 where Self.equal(key, "timestamp_ms"): self = .timestampMs
            default: return nil
            }
        }

        private static func equal(_ key: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
            guard key.count == name.utf8CodeUnitCount else { return false }
            let expected = name.utf8Start
            for index in 0..<key.count where key[index] != expected[index] { return false }
            return true
        }
    }

    /// Reads a message from JSON bytes.
    public init(json bytes: [UInt8]) throws(JSONError) {
        self = try bytes.withUnsafeBytes { raw in Result { () throws(JSONError) in try BridgeMessage(json: raw) } }.get()
    }

    /// Reads a message from a JSON string.
    public init(jsonString: String) throws(JSONError) {
        try self.init(json: Array(jsonString.utf8))
    }

    private static func readString(_ parser: inout JSONParser, field: UnsafeRawBufferPointer) throws(JSONError) -> String {
        if parser.peekValueStart() == UInt8(ascii: "\"") { return try parser.parseString() }
        if try parser.consumeNull() { return "" }
        throw JSONError("\(String(decoding: field, as: UTF8.self)) must be a string", at: 0)
    }

    /// Appends the JSON form of this message to `writer`.
    public func writeJSON(to writer: inout JSONWriter) {
        writer.writeByte(UInt8(ascii: "{"))
        writer.writeKey("message_id")
        writer.write(string: messageID)
        writer.writeByte(UInt8(ascii: ","))
        writer.writeKey("type")
        writer.write(string: type)
        writer.writeByte(UInt8(ascii: ","))
        writer.writeKey("request_id")
        writer.write(string: requestID)
        writer.writeByte(UInt8(ascii: ","))
        writer.writeKey("attributes")
        writer.write(.object(attributes))
        writer.writeByte(UInt8(ascii: ","))
        writer.writeKey("timestamp_ms")
        writer.write(integer: timestampMs)
        if !payload.isEmpty {
            writer.writeByte(UInt8(ascii: ","))
            writer.writeKey("payload")
            var encoded: [UInt8] = [UInt8(ascii: "\"")]
            Base64.encode(payload, into: &encoded)
            encoded.append(UInt8(ascii: "\""))
            writer.writeRaw(bytes: encoded)
        }
        writer.writeByte(UInt8(ascii: "}"))
    }

    /// The JSON form as bytes.
    public func jsonBytes() -> [UInt8] {
        var writer = JSONWriter(capacity: 128 + payload.count * 4 / 3)
        writeJSON(to: &writer)
        return writer.bytes
    }

    /// The JSON form as a string.
    public var jsonString: String { String(decoding: jsonBytes(), as: UTF8.self) }
}
