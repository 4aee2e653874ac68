import Testing
@testable import BridgeCore

@Suite("JSON reader")
struct JSONParserTests {
    @Test("reads every kind of value")
    func everyKind() throws {
        let value = try JSONParser.parse(#" {"n": null, "t": true, "f": false, "i": -12, "d": 12.5e1, "s": "hi", "a": [1, [2]], "o": {"k": {}}} "#)
        #expect(value == [
            "n": nil, "t": true, "f": false, "i": -12, "d": 125.0, "s": "hi", "a": [1, [2]], "o": ["k": [:]],
        ])
    }

    @Test("decodes escapes, including surrogate pairs")
    func escapes() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t\u{e9}\u{1F600}"))
    }

    @Test("keeps raw UTF-8 in strings")
    func utf8() throws {
        #expect(try JSONParser.parse("\"héllo ✓\"") == .string("héllo ✓"))
    }

    @Test("numbers: integers exactly, fractions and exponents")
    func numbers() throws {
        #expect(try JSONParser.parse("0") == 0)
        #expect(try JSONParser.parse("-0.5") == -0.5)
        #expect(try JSONParser.parse("1E3") == 1000)
        #expect(try JSONParser.parse("9007199254740993") == .number(9007199254740992))
    }

    @Test("int64 read exactly from a number or a decimal string", arguments: [
        ("1700000000000", Int64(1_700_000_000_000)), ("\"1700000000000\"", 1_700_000_000_000),
        ("9223372036854775807", Int64.max), ("-42", -42), ("5.0", 5),
    ])
    func int64(text: String, expected: Int64) throws {
        let value = Array(text.utf8).withUnsafeBytes { raw in
            var parser = JSONParser(raw)
            return Result { () throws(JSONError) in try parser.parseInt64() }
        }
        #expect(try value.get() == expected)
    }

    @Test("rejects malformed text with the offset", arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc", "\"\\x\"", "\"\\ud800\"", "[1] x", "{\"a\":1,}",
        "\"tab\there\"", "nul", "1e", "{1:2}",
    ])
    func rejects(text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(text) }
    }

    @Test("nesting deeper than the limit is an error, not a stack overflow")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONError.self) { try JSONParser.parse(deep) }
        #expect(error?.reason.contains("nesting") == true)
        let fine = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONParser.parse(fine) }
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    @Test("whole numbers are written as integers, others in shortest form")
    func numbers() {
        #expect(JSONWriter.string(3) == "3")
        #expect(JSONWriter.string(-3.0) == "-3")
        #expect(JSONWriter.string(12.5) == "12.5")
        #expect(JSONWriter.string(.number(1e300)) == "1e+300")
        #expect(JSONWriter.string(.number(.nan)) == "null")
        #expect(JSONWriter.string(.number(Double(Int64(1) << 53))) == "9007199254740992")
    }

    @Test("strings are escaped so they read back unchanged")
    func escaping() throws {
        let text = "quote \" backslash \\ newline \n tab \t bell \u{07} é ✓ \u{1F600}"
        let written = JSONWriter.string(.string(text))
        #expect(written.contains("\\u0007"))
        #expect(try JSONParser.parse(written) == .string(text))
    }

    @Test("any value round-trips")
    func roundTrip() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true, ["deep": [[:]]]], "b": "", "c": -0.001]
        #expect(try JSONParser.parse(JSONWriter.encode(value)) == value)
    }
}
