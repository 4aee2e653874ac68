import Testing
@testable import BridgeCore

@Suite("BridgeMessage JSON form (CONTRACT.md section 1)")
struct BridgeMessageJSONTests {
    @Test("reads the contract's field names, base64 payload and numeric timestamp")
    func readsContractForm() throws {
        let message = try BridgeMessage(jsonString: """
            {"message_id":"m-1","type":"VALIDATION_REQUEST","request_id":"r-0",
             "attributes":{"board_id":"b","n":null,"ok":true,"list":[1,"a"],"obj":{"x":1.5}},
             "timestamp_ms":1700000000123,"payload":"AAEC/w=="}
            """)
        #expect(message.messageID == "m-1")
        #expect(message.type == "VALIDATION_REQUEST")
        #expect(message.requestID == "r-0")
        #expect(message.attributes == ["board_id": "b", "n": nil, "ok": true, "list": [1, "a"], "obj": ["x": 1.5]])
        #expect(message.timestampMs == 1_700_000_000_123)
        #expect(message.payload == [0, 1, 2, 255])
    }

    @Test("timestamp_ms may be a decimal string; lowerCamelCase names are accepted")
    func stringTimestampAndCamelCase() throws {
        let message = try BridgeMessage(jsonString: #"{"messageId":"a","requestId":"b","timestampMs":"9007199254740993"}"#)
        #expect(message.messageID == "a")
        #expect(message.requestID == "b")
        #expect(message.timestampMs == 9_007_199_254_740_993)
    }

    @Test("absent fields take their defaults and unknown keys are ignored")
    func defaultsAndUnknownKeys() throws {
        let message = try BridgeMessage(jsonString: #"{"type":"PING","extra":{"deep":[1,2,{"x":null}]},"attributes":null}"#)
        #expect(message == BridgeMessage(type: "PING"))
    }

    @Test("writes the contract's form: snake_case names, number timestamp, base64 payload")
    func writesContractForm() throws {
        let message = BridgeMessage(messageID: "m", type: "ECHO", requestID: "r", attributes: ["k": "v"],
                                    timestampMs: 1_700_000_000_000, payload: [104, 105])
        let text = message.jsonString
        #expect(text == #"{"message_id":"m","type":"ECHO","request_id":"r","attributes":{"k":"v"},"timestamp_ms":1700000000000,"payload":"aGk="}"#)
        #expect(try BridgeMessage(jsonString: text) == message)
    }

    @Test("rejects what is not a BridgeMessage", arguments: [
        "[]", "\"PING\"", #"{"type":5}"#, #"{"attributes":[1]}"#, #"{"payload":"not base64!"}"#,
        #"{"timestamp_ms":"soon"}"#, #"{"timestamp_ms":1.5}"#, #"{"type":"PING"} trailing"#, "",
    ])
    func rejects(text: String) {
        #expect(throws: JSONError.self) { try BridgeMessage(jsonString: text) }
    }

    /// Found by the fuzzer (scripts/fuzz.sh json): a number past the double range parsed as
    /// -infinity, which the writer can only write as null, so the message did not survive a round
    /// trip. Such numbers are now refused; the largest finite double still reads back exactly.
    @Test("a number beyond the double range is refused, not read as infinity (fuzz regression)")
    func numberOutOfRange() throws {
        let fuzzInput = #"{"attributes":{"a":0,"b":-0,"c":1e308,"d":-1.7976935348623157e308,"e":5e-324,"f":123456789012345678901234567890,"g":0.1,"h":-1.25E+3},"timestamp_ms":-9223372036854775808}"#
        #expect(throws: JSONError.self) { try BridgeMessage(jsonString: fuzzInput) }
        #expect(throws: JSONError.self) { try JSONParser.parse("1e400") }
        #expect(throws: JSONError.self) { try JSONParser.parse("[-1e400]") }
        let largest = try BridgeMessage(jsonString: #"{"attributes":{"d":-1.7976931348623157e308}}"#)
        #expect(largest.attributes["d"] == .number(-.greatestFiniteMagnitude))
        #expect(try BridgeMessage(json: largest.jsonBytes()) == largest)
    }

    @Test("an ERROR message carries its error code and message")
    func errorMessages() {
        let error = BridgeMessage.error(BridgeError(.resourceExhausted, "too big"), requestID: "r")
        #expect(error.type == "ERROR")
        #expect(error.attributes["error_code"] == "RESOURCE_EXHAUSTED")
        #expect(error.carriedError?.code == .resourceExhausted)
        #expect(error.carriedError?.message == "too big")
        #expect(BridgeMessage(type: "PONG").carriedError == nil)
    }

    @Test("replies answer their request with a fresh id")
    func replies() {
        let request = BridgeMessage.request("PING")
        let reply = BridgeMessage.reply(to: request, type: "PONG")
        #expect(reply.requestID == request.messageID)
        #expect(reply.messageID != request.messageID)
        #expect(!reply.messageID.isEmpty)
    }
}

@Suite("Base64 (RFC 4648)")
struct Base64Tests {
    @Test("RFC 4648 section 10 vectors", arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test("every byte value round-trips")
    func allBytes() {
        let bytes = (0..<256).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(bytes)) == bytes)
    }

    @Test("rejects characters outside the alphabet and impossible lengths", arguments: ["Zm9v!", "Z", "Zg==Zg", "Zg==="])
    func rejects(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}

@Suite("Status codes and errors")
struct StatusCodeTests {
    @Test("names round-trip for every gRPC code")
    func names() {
        for raw in 0...16 {
            let code = StatusCode(rawValue: raw)
            #expect(StatusCode(name: code.name) == code)
        }
        #expect(StatusCode(name: "NOPE") == nil)
    }

    @Test("HTTP statuses follow the contract's table", arguments: [
        (StatusCode.invalidArgument, 400), (.unauthenticated, 401), (.permissionDenied, 403), (.unimplemented, 404),
        (.notFound, 404), (.aborted, 409), (.resourceExhausted, 429), (.cancelled, 499), (.unavailable, 503),
        (.deadlineExceeded, 504), (.internal, 500), (.dataLoss, 500),
    ])
    func httpStatus(code: StatusCode, status: Int) {
        #expect(code.httpStatus == status)
    }

    @Test("an error says its code, transport, target and cause")
    func describesItself() {
        let error = BridgeError(.unavailable, "cannot connect", transport: "tcp", target: "127.0.0.1:1", cause: "Connection refused")
        #expect(error.description == "UNAVAILABLE: cannot connect [tcp 127.0.0.1:1] (Connection refused) — is bridge-server running with --tcp 127.0.0.1:1?")
        #expect(BridgeError(wrapping: CancellationError()).code == .cancelled)
    }

    @Test("the effective deadline is the earlier of timeout and deadline")
    func deadlines() {
        let now = ContinuousClock.now
        #expect(CallOptions().effectiveDeadline(from: now) == nil)
        #expect(CallOptions(timeout: .seconds(2)).effectiveDeadline(from: now) == now + .seconds(2))
        #expect(CallOptions(timeout: .seconds(2), deadline: now + .seconds(1)).effectiveDeadline(from: now) == now + .seconds(1))
        // Counted from now: only a deadline passes through unchanged; a timeout lands after now.
        #expect(CallOptions().effectiveDeadline() == nil)
        #expect(CallOptions(deadline: now + .seconds(1)).effectiveDeadline() == now + .seconds(1))
        let before = ContinuousClock.now
        let counted = CallOptions(timeout: .seconds(2)).effectiveDeadline() ?? before
        #expect(counted >= before + .seconds(2) && counted <= ContinuousClock.now + .seconds(2))
    }
}
