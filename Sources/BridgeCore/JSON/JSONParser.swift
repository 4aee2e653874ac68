/// A strict RFC 8259 JSON reader over a byte buffer, written for the message hot path:
/// it reads straight from the buffer (no intermediate token list), builds strings without
/// escapes in one step, and bounds nesting so hostile input cannot exhaust the stack.
///
/// It is a cursor: ``parseValue()`` reads any value; ``readObject(_:)`` walks an object's
/// keys so a caller (BridgeMessage's decoder) can read known fields into typed storage
/// without building a dictionary first.
public struct JSONParser: ~Copyable {
    /// The deepest nesting of arrays and objects accepted; deeper input fails instead of
    /// recursing until the stack runs out.
    public static let maximumDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int = 0
    private var depth = 0

    /// A parser at the start of `bytes`, which must stay valid while it is used.
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses one whole JSON document (surrounding whitespace allowed).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes)
        let value = try parser.parseValue()
        try parser.expectEnd()
        return value
    }

    /// Parses one whole JSON document held in a byte array.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBytes { raw in Result { () throws(JSONError) in try parse(raw) } }.get()
    }

    /// Parses one whole JSON document held in a string.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Fails unless only whitespace is left.
    public mutating func expectEnd() throws(JSONError) {
        skipWhitespace()
        if offset != bytes.count { throw JSONError("unexpected data after the JSON value", at: offset) }
    }

    // MARK: values

    /// Reads the value at the cursor (after any whitespace) and moves past it.
    public mutating func parseValue() throws(JSONError) -> JSONValue {
        skipWhitespace()
        guard offset < bytes.count else { throw JSONError("unexpected end of input", at: offset) }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            return .object(try parseObject())
        case UInt8(ascii: "["):
            return .array(try parseArray())
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw JSONError("unexpected character '\(Self.printable(bytes[offset]))'", at: offset)
        }
    }

    /// Walks an object: calls `body` with each key while the cursor sits on its value;
    /// `body` must consume the value (``parseValue()``, ``parseString()``, ``skipValue()``...).
    public mutating func readObject(_ body: (String, inout JSONParser) throws(JSONError) -> Void) throws(JSONError) {
        guard try openObject() else { return }
        repeat {
            try atKey()
            let key = try parseString()
            try afterKey()
            try body(key, &self)
        } while try nextMember()
    }

    /// Walks an object like ``readObject(_:)`` but hands `body` each key as its UTF-8 bytes
    /// (escapes resolved) instead of a `String`: a caller matching known keys (BridgeMessage's
    /// decoder) then builds no strings for them. The bytes are valid only during the call.
    /// `target`, the value being read into, is handed to `body` rather than captured by it: a
    /// local captured by a closure is copied, not moved, when it is returned afterwards.
    mutating func readObjectKeyBytes<Target>(into target: inout Target,
                                             _ body: (UnsafeRawBufferPointer, inout JSONParser, inout Target) throws(JSONError) -> Void) throws(JSONError) {
        guard try openObject() else { return }
        repeat {
            try atKey()
            if let end = unescapedStringEnd() {
                let key = UnsafeRawBufferPointer(rebasing: bytes[offset + 1..<end])
                offset = end + 1
                try afterKey()
                try body(key, &self, &target)
            } else {
                let key = Array(try parseString().utf8)
                try afterKey()
                try key.withUnsafeBytes { raw in Result { () throws(JSONError) in try body(raw, &self, &target) } }.get()
            }
        } while try nextMember()
    }

    // MARK: the steps of walking an object (shared by the two walkers above)

    /// Consumes `{`; false when the object is empty (its `}` consumed too, nesting left).
    @inline(__always)
    private mutating func openObject() throws(JSONError) -> Bool {
        skipWhitespace()
        try expect(UInt8(ascii: "{"))
        try enterNesting()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { offset += 1; depth -= 1; return false }
        return true
    }

    /// Checks that a member's key (a string) starts at the cursor.
    @inline(__always)
    private mutating func atKey() throws(JSONError) {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw JSONError("expected a string key", at: offset) }
    }

    /// Consumes the `:` after a key.
    @inline(__always)
    private mutating func afterKey() throws(JSONError) {
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
    }

    /// After a member's value: true on `,` (another member follows), false on `}` (the object is
    /// closed and its nesting left).
    @inline(__always)
    private mutating func nextMember() throws(JSONError) -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw JSONError("unterminated object", at: offset) }
        let next = bytes[offset]
        offset += 1
        if next == UInt8(ascii: "}") { depth -= 1; return false }
        if next != UInt8(ascii: ",") { throw JSONError("expected ',' or '}' in object", at: offset - 1) }
        return true
    }

    /// Where the string starting at the cursor (on its opening quote) closes, when it has no
    /// escapes and no control characters; nil otherwise (then ``parseString()`` reads it, and
    /// reports what is wrong). Does not move the cursor.
    private func unescapedStringEnd() -> Int? {
        var highBits: UInt64 = 0
        let stop = Self.scanPlainString(bytes, from: offset + 1, highBits: &highBits)
        return stop < bytes.count && bytes[stop] == UInt8(ascii: "\"") ? stop : nil
    }

    /// Scans string content from `start` to the first quote, backslash or control character
    /// (or the end of the input), eight bytes at a time where it can; returns where it stopped
    /// and ORs every byte passed over into `highBits` (ASCII when no byte has its top bit).
    @inline(__always)
    static func scanPlainString(_ bytes: UnsafeRawBufferPointer, from start: Int, highBits: inout UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        var index = start
        let count = bytes.count
        while count - index >= 8 {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            // A byte equal to 0 after the XOR, or below 0x20, sets its top bit here (bytes above
            // one that does may be flagged too: the bytewise loop below then sorts it out).
            let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
            let flagged = ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
                | ((word &- ones &* 0x20) & ~word)
            if flagged & tops != 0 { break }
            highBits |= word
            index += 8
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highBits |= UInt64(byte)
            index += 1
        }
        return index
    }

    /// Reads an object into a dictionary sized once for its members: the first few are held
    /// in stack scratch until the object ends (growing a dictionary 1 -> 3 -> 6 rehashes every
    /// key each time). A key seen twice keeps its last value.
    private mutating func parseObject() throws(JSONError) -> [String: JSONValue] {
        try withUnsafeTemporaryAllocation(of: (key: String, value: JSONValue).self, capacity: 8) { pending in
            Result { () throws(JSONError) in try parseObject(pending: pending) }
        }.get()
    }

    private mutating func parseObject(pending: UnsafeMutableBufferPointer<(key: String, value: JSONValue)>) throws(JSONError) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        guard let base = pending.baseAddress else {
            try readObject { (key, parser) throws(JSONError) in object[key] = try parser.parseValue() }
            return object
        }
        var held = 0            // pairs initialized in `pending`
        var spilled = false     // more members than `pending` holds: they go straight to `object`
        defer { base.deinitialize(count: held) }
        try readObject { (key, parser) throws(JSONError) in
            let value = try parser.parseValue()
            if spilled {
                object[key] = value
            } else if held < pending.count {
                (base + held).initialize(to: (key, value))
                held += 1
            } else {
                // (Dictionary(minimumCapacity:), not reserveCapacity: that one is not specialized.)
                object = Dictionary(minimumCapacity: held * 2)
                for index in 0..<held {
                    let pair = (base + index).move()
                    object[pair.key] = pair.value
                }
                held = 0
                spilled = true
                object[key] = value
            }
        }
        if spilled || held == 0 { return object }
        object = Dictionary(minimumCapacity: held)
        for index in 0..<held {
            let pair = (base + index).move()
            object[pair.key] = pair.value
        }
        held = 0
        return object
    }

    /// Reads and discards one value of any kind.
    public mutating func skipValue() throws(JSONError) {
        _ = try parseValue()
    }

    /// True (and consumes it) when the next value is `null`.
    public mutating func consumeNull() throws(JSONError) -> Bool {
        skipWhitespace()
        guard peek() == UInt8(ascii: "n") else { return false }
        try expectLiteral("null")
        return true
    }

    /// Consumes the next value when it is the string `text` exactly (no escapes), returning
    /// true; otherwise consumes nothing. Lets a reader hand out a shared literal for a value
    /// it expects often instead of building a new String.
    public mutating func consumeString(_ text: StaticString) -> Bool {
        skipWhitespace()
        let length = text.utf8CodeUnitCount
        guard bytes.count - offset >= length + 2, bytes[offset] == UInt8(ascii: "\""),
              bytes[offset + length + 1] == UInt8(ascii: "\"") else { return false }
        let expected = text.utf8Start
        for index in 0..<length where bytes[offset + 1 + index] != expected[index] { return false }
        offset += length + 2
        return true
    }

    /// The next value's first byte, after whitespace (0 at the end).
    public mutating func peekValueStart() -> UInt8 {
        skipWhitespace()
        return peek()
    }

    private mutating func parseArray() throws(JSONError) -> [JSONValue] {
        try expect(UInt8(ascii: "["))
        try enterNesting()
        var array: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { offset += 1; depth -= 1; return array }
        while true {
            array.append(try parseValue())
            skipWhitespace()
            guard offset < bytes.count else { throw JSONError("unterminated array", at: offset) }
            let next = bytes[offset]
            offset += 1
            if next == UInt8(ascii: "]") { break }
            if next != UInt8(ascii: ",") { throw JSONError("expected ',' or ']' in array", at: offset - 1) }
        }
        depth -= 1
        return array
    }

    // MARK: strings

    /// Reads a string value (the cursor must be at its opening quote, after whitespace).
    public mutating func parseString() throws(JSONError) -> String {
        skipWhitespace()
        try expect(UInt8(ascii: "\""))
        let start = offset
        // Fast path: no escapes, so the bytes between the quotes are the string.
        var highBits: UInt64 = 0
        offset = Self.scanPlainString(bytes, from: start, highBits: &highBits)
        if offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = Self.string(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]),
                                       isASCII: highBits & 0x8080_8080_8080_8080 == 0)
                offset += 1
                return text
            }
            if byte < 0x20 { throw JSONError("control character in string", at: offset) }
        }
        guard offset < bytes.count else { throw JSONError("unterminated string", at: start - 1) }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<offset]))
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try appendEscape(to: &utf8)
            case 0..<0x20:
                throw JSONError("control character in string", at: offset - 1)
            default:
                utf8.append(byte)
            }
        }
        throw JSONError("unterminated string", at: start - 1)
    }

    /// A string from raw bytes: ASCII (already scanned) needs no validation; anything else is
    /// decoded with invalid UTF-8 repaired (U+FFFD), as `String(decoding:as:)` does.
    private static func string(_ raw: UnsafeRawBufferPointer, isASCII: Bool) -> String {
        if raw.isEmpty { return "" }
        if isASCII {
            return raw.withMemoryRebound(to: UInt8.self) { utf8 in
                String(copying: UTF8Span(unchecked: utf8.span, isKnownASCII: true))
            }
        }
        return String(decoding: raw, as: UTF8.self)
    }

    private mutating func appendEscape(to utf8: inout [UInt8]) throws(JSONError) {
        guard offset < bytes.count else { throw JSONError("unterminated escape", at: offset) }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): utf8.append(0x22)
        case UInt8(ascii: "\\"): utf8.append(0x5C)
        case UInt8(ascii: "/"): utf8.append(0x2F)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by \u and a low surrogate.
                guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw JSONError("unpaired surrogate in \\u escape", at: offset)
                }
                offset += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw JSONError("invalid low surrogate", at: offset - 4) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw JSONError("unpaired low surrogate in \\u escape", at: offset - 4)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw JSONError("invalid \\u escape", at: offset - 4) }
            utf8.append(contentsOf: String(Character(unicode)).utf8)
        default:
            throw JSONError("invalid escape '\\\(Self.printable(byte))'", at: offset - 1)
        }
    }

    private mutating func readHex4() throws(JSONError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw JSONError("truncated \\u escape", at: offset) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw JSONError("invalid hex digit in \\u escape", at: offset)
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    // MARK: numbers

    /// Reads a number as a double.
    public mutating func parseNumber() throws(JSONError) -> Double {
        let (start, end, isInteger) = try scanNumber()
        let length = end - start
        if isInteger && length <= 16 {
            // At most 16 digits fit an Int64, and Int64 -> Double rounds to nearest like strtod.
            return Double(Self.integerValue(bytes, start, end))
        }
        if let exact = Self.fastDouble(bytes, start, end) { return exact }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONError("invalid number", at: start) }
        // Past ±Double.greatestFiniteMagnitude (1e400) Double(text) is infinite, which JSON cannot
        // write back (JSONWriter writes null): refuse it, as RFC 8259 section 6 allows.
        guard value.isFinite else { throw JSONError("number out of range", at: start) }
        return value
    }

    /// Reads an integral number exactly as a 64-bit integer (no detour through a double),
    /// or a decimal string holding one (proto3 JSON writes int64 as a string).
    public mutating func parseInt64() throws(JSONError) -> Int64 {
        skipWhitespace()
        if peek() == UInt8(ascii: "\"") {
            let startOffset = offset
            let text = try parseString()
            guard let value = Int64(text) else { throw JSONError("expected an integer in the string", at: startOffset) }
            return value
        }
        let (start, end, isInteger) = try scanNumber()
        if isInteger && end - start <= 18 { return Self.integerValue(bytes, start, end) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        if isInteger, let exact = Int64(text) { return exact }
        // Exponent or fraction forms of an integer (1e3, 5.0) are accepted when exact.
        guard let double = Double(text), double.rounded() == double, abs(double) < 9.2e18 else {
            throw JSONError("expected a 64-bit integer", at: start)
        }
        return Int64(double)
    }

    /// Powers of ten a Double holds exactly.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// A scanned number's value when Clinger's fast path applies: the digits, as an integer,
    /// fit in 53 bits and the power of ten is within ±22, so both are exact doubles and one
    /// multiplication or division, correctly rounded, gives the correctly rounded value (what
    /// strtod gives). Nil otherwise (the caller falls back to the full conversion).
    private static func fastDouble(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var exponent = 0
        var inFraction = false
        while index < end {
            let byte = bytes[index]
            if isDigit(byte) {
                // mantissa * 10 + 9 must stay within 2^53.
                guard mantissa <= 900_719_925_474_098 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
                if inFraction { exponent -= 1 }
            } else if byte == UInt8(ascii: ".") {
                inFraction = true
            } else {
                break  // 'e' or 'E'
            }
            index += 1
        }
        if index < end {
            index += 1
            var exponentNegative = false
            if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var written = 0
            while index < end {
                guard written < 1000 else { return nil }
                written = written * 10 + Int(bytes[index] &- UInt8(ascii: "0"))
                index += 1
            }
            exponent += exponentNegative ? -written : written
        }
        var value = Double(mantissa)
        if exponent > 0 {
            guard exponent <= 22 else { return nil }
            value *= exactPowersOfTen[exponent]
        } else if exponent < 0 {
            guard exponent >= -22 else { return nil }
            value /= exactPowersOfTen[-exponent]
        }
        return negative ? -value : value
    }

    private static func integerValue(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Int64 {
        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var value: Int64 = 0
        while index < end {
            value = value &* 10 &+ Int64(bytes[index] &- UInt8(ascii: "0"))
            index += 1
        }
        return negative ? -value : value
    }

    /// Validates the RFC 8259 number grammar; returns its byte range and whether it is an integer.
    private mutating func scanNumber() throws(JSONError) -> (Int, Int, Bool) {
        skipWhitespace()
        let start = offset
        var isInteger = true
        if peek() == UInt8(ascii: "-") { offset += 1 }
        if peek() == UInt8(ascii: "0") {
            offset += 1
        } else if Self.isDigit(peek()) {
            while Self.isDigit(peek()) { offset += 1 }
        } else {
            throw JSONError("invalid number", at: start)
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            offset += 1
            guard Self.isDigit(peek()) else { throw JSONError("expected digits after '.'", at: offset) }
            while Self.isDigit(peek()) { offset += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            offset += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { offset += 1 }
            guard Self.isDigit(peek()) else { throw JSONError("expected digits in exponent", at: offset) }
            while Self.isDigit(peek()) { offset += 1 }
        }
        return (start, offset, isInteger)
    }

    // MARK: helpers

    private mutating func enterNesting() throws(JSONError) {
        depth += 1
        if depth > Self.maximumDepth { throw JSONError("nesting deeper than \(Self.maximumDepth)", at: offset) }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { throw JSONError("unexpected end of input", at: offset) }
        let pointer = literal.utf8Start
        for index in 0..<count where bytes[offset + index] != pointer[index] {
            throw JSONError("invalid literal", at: offset)
        }
        offset += count
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8) throws(JSONError) {
        guard offset < bytes.count, bytes[offset] == byte else { throw unexpected(byte) }
        offset += 1
    }

    @inline(never)
    private func unexpected(_ byte: UInt8) -> JSONError {
        guard offset < bytes.count else { return JSONError("unexpected end of input", at: offset) }
        return JSONError("expected '\(Self.printable(byte))' but found '\(Self.printable(bytes[offset]))'", at: offset)
    }

    private func peek() -> UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func printable(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }
}
