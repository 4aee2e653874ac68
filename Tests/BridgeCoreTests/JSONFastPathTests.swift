import BridgeTestSupport
import Testing
@testable import BridgeCore

/// The JSON reader's fast paths give what the general ones give: numbers (Clinger's fast path
/// against strtod), strings (ASCII without a second validation, invalid UTF-8 repaired),
/// objects (members held on the stack, then a dictionary sized once), keys matched as bytes.
@Suite("JSON reader fast paths")
struct JSONFastPathTests {
    @Test("decimal numbers are the correctly rounded double, as strtod gives")
    func decimals() throws {
        let texts = ["12.5", "-0.0", "0.1", "0.3", "-3.14159", "1e22", "1e23", "9007199254740993.0", "900719925474099.7",
                     "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "123456789012345.6", "0.000001",
                     "1E-22", "1e-23", "4.35", "-98765.4321e-3", "1.5e+3", "0.00000000000000000000000000001", "7e0",
                     "1234567890123456789012345.0", "8.5e-10", "0e500", "0.0e-400"]
        for text in texts {
            let parsed = try JSONParser.parse(text)
            let expected = try #require(Double(text))
            #expect(parsed == .number(expected), "\(text)")
            if case .number(let value) = parsed { #expect(value.sign == expected.sign, "\(text)") }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let mantissa = UInt64.random(in: 0...(1 << 56), using: &generator)
            let digits = String(mantissa)
            let point = Int.random(in: 0...digits.count, using: &generator)
            let exponent = Int.random(in: -30...30, using: &generator)
            var text = String(digits.prefix(point)).isEmpty ? "0" : String(digits.prefix(point))
            text += "." + (point == digits.count ? "0" : String(digits.dropFirst(point)))
            if Bool.random(using: &generator) { text += "e\(exponent)" }
            if Bool.random(using: &generator) { text = "-" + text }
            #expect(try JSONParser.parse(text) == .number(try #require(Double(text))), "\(text)")
        }
    }

    @Test("numbers with a few decimals are written from their digits, exactly as description writes them")
    func shortDecimals() {
        var generator = SeededGenerator(seed: 0x5EED_D0C5)
        var checked: [Double] = [12.5, -3.25, 0.1, 0.3, 0.0001, 0.00015, 1234.5678, -0.5, 999999.999999, 0.1 + 0.2,
                                 1e-5, 123456789012.75, 4.35, 99.99, 1.000001, 1.0000001]
        for _ in 0..<20_000 {
            let whole = Double(Int64.random(in: -1_000_000_000...1_000_000_000, using: &generator))
            let decimals = Int.random(in: 1...7, using: &generator)
            checked.append(whole / [10.0, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000][decimals - 1])
            checked.append(Double.random(in: -1e6...1e6, using: &generator))
            checked.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator)))
        }
        for number in checked where number.isFinite {
            let expected = number.rounded() == number && abs(number) <= 9_007_199_254_740_992
                ? String(Int64(number)) : number.description
            #expect(JSONWriter.string(.number(number)) == expected, "\(number)")
        }
    }

    @Test("strings: ASCII, non-ASCII, escapes, and invalid UTF-8 repaired as before")
    func strings() throws {
        #expect(try JSONParser.parse(#""""#) == "")
        #expect(try JSONParser.parse(#""board-7 with a longer tail past 16 bytes""#) == "board-7 with a longer tail past 16 bytes")
        #expect(try JSONParser.parse("\"h\u{E9}llo \u{1F600}\"") == "h\u{E9}llo \u{1F600}")
        #expect(try JSONParser.parse(#""a\"b\\c\u00e9""#) == "a\"b\\c\u{E9}")
        let invalid: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0xC3, 0x22]
        #expect(try JSONParser.parse(invalid) == .string(String(decoding: [0x61, 0xFF, 0x62, 0xC3], as: UTF8.self)))
    }

    @Test("objects of any size keep the last value of a repeated key")
    func objects() throws {
        for count in [0, 1, 2, 7, 8, 9, 16, 17, 100] {
            var text = "{"
            var expected: [String: JSONValue] = [:]
            for index in 0..<count {
                text += (index == 0 ? "" : ",") + "\"k\(index % max(1, count - 3))\": \(index)"
                expected["k\(index % max(1, count - 3))"] = .number(Double(index))
            }
            text += "}"
            #expect(try JSONParser.parse(text) == .object(expected), "\(text)")
        }
        // A key first held on the stack and repeated after the spill into the dictionary.
        let spill = "{" + (0..<12).map { "\"k\($0 % 9)\": \($0)" }.joined(separator: ",") + "}"
        #expect(try JSONParser.parse(spill).objectValue?["k0"] == 9)
        #expect(try JSONParser.parse(spill).objectValue?["k8"] == 8)
        // A failure inside an object releases what it held.
        #expect(throws: JSONError.self) { try JSONParser.parse(#"{"a": "x", "b": [1, 2], "c": tru}"#) }
    }

    @Test("BridgeMessage keys are matched as bytes, escaped or not, snake or camel case")
    func bridgeMessageKeys() throws {
        let message = try BridgeMessage(jsonString: #"{"message\u005fid":"m","typ\u0065":"T","requestId":"r","attributes":{"a":1},"timestampMs":"5","payload":"AQI=","typo":1,"x":{"type":"no"}}"#)
        #expect(message == BridgeMessage(messageID: "m", type: "T", requestID: "r", attributes: ["a": 1], timestampMs: 5, payload: [1, 2]))
        #expect(throws: JSONError("message_id must be a string", at: 0)) { try BridgeMessage(jsonString: #"{"message_id":1}"#) }
        #expect(throws: JSONError("requestId must be a string", at: 0)) { try BridgeMessage(jsonString: #"{"requestId":true}"#) }
    }

    @Test("the validation types read as shared literals give the same strings as the general path")
    func sharedTypeLiterals() throws {
        let spellings: [(json: String, type: String)] = [
            (#""VALIDATION_REQUEST""#, "VALIDATION_REQUEST"), (#" "VALIDATION_RESPONSE""#, "VALIDATION_RESPONSE"),
            (#""VALIDATION\u005fREQUEST""#, "VALIDATION_REQUEST"), (#""VALIDATION_REQUESTS""#, "VALIDATION_REQUESTS"),
            (#""VALIDATION_REQUES""#, "VALIDATION_REQUES"), (#""validation_request""#, "validation_request"),
            (#""VALIDATION_RESPONSE\n""#, "VALIDATION_RESPONSE\n"), ("null", ""),
        ]
        for (json, type) in spellings {
            let message = try BridgeMessage(jsonString: #"{"type":"# + json + #","message_id":"m"}"#)
            #expect(message.type == type, "\(json)")
            #expect(message.messageID == "m", "the reader goes on after the type: \(json)")
        }
        #expect(throws: JSONError.self) { try BridgeMessage(jsonString: #"{"type":"VALIDATION_REQUEST"#) }
        #expect(throws: JSONError.self) { try BridgeMessage(jsonString: #"{"type":"VALIDATION_REQUEST""#) }
        let (first, second) = Array(#""VALIDATION_REQUEST"]"#.utf8).withUnsafeBytes { bytes in
            var parser = JSONParser(bytes)
            let first = parser.consumeString("VALIDATION_REQUEST")
            return (first, parser.consumeString("VALIDATION_REQUEST"))
        }
        #expect(first)
        #expect(!second, "consumed once, then the next byte is not a string")
    }
}
