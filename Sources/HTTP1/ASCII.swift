/// Byte classes of RFC 9110/9112, tested with comparisons and bit masks rather than tables or
/// `Character`s, so the hot scanning loops stay branch-light and never touch `String`.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let comma: UInt8 = 0x2C
    static let question: UInt8 = 0x3F
    static let hash: UInt8 = 0x23
    static let ampersand: UInt8 = 0x26
    static let equals: UInt8 = 0x3D
    static let plus: UInt8 = 0x2B
    static let percent: UInt8 = 0x25
    static let slash: UInt8 = 0x2F
    static let asterisk: UInt8 = 0x2A

    /// `tchar` bits for bytes 0..<64: "!#$%&'*+-.^_`|~", digits (RFC 9110 5.6.2).
    private static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    /// `tchar` bits for bytes 64..<128: letters, "^", "_", "`", "|", "~".
    private static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// A `tchar`: the bytes allowed in methods and field names.
    @inline(__always)
    static func isTokenByte(_ byte: UInt8) -> Bool {
        if byte < 64 { return (tokenLow >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (tokenHigh >> UInt64(byte &- 64)) & 1 == 1 }
        return false
    }

    /// A byte allowed inside a field value or reason phrase: HTAB, SP, VCHAR, obs-text.
    /// Everything else is a control character (NUL, CR, LF, DEL, ...).
    @inline(__always)
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == tab
    }

    /// A byte allowed in a request target: visible ASCII, no space, no control, no DEL, no obs-text.
    @inline(__always)
    static func isTargetByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// The value of a hex digit, or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte &- 0x30)
        case 0x41...0x46: return Int(byte &- 0x41 &+ 10)
        case 0x61...0x66: return Int(byte &- 0x61 &+ 10)
        default: return nil
        }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    /// The String of `bytes[range]`, built once from the raw bytes (invalid UTF-8 is repaired).
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        if range.isEmpty { return "" }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// ASCII case-insensitive equality, the comparison HTTP uses for field names and most tokens.
    /// Compares the strings' UTF-8 storage in place (no iterator machinery, no copies).
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8, right = rhs.utf8
        guard left.count == right.count else { return false }
        let fast = left.withContiguousStorageIfAvailable { a in
            right.withContiguousStorageIfAvailable { b in equalsIgnoringCase(a, b) }
        }
        if let fast, let result = fast { return result }
        return zip(left, right).allSatisfy { lowercased($0) == lowercased($1) }
    }

    @inline(__always)
    static func equalsIgnoringCase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count {
            let x = a[index], y = b[index]
            if x != y && lowercased(x) != lowercased(y) { return false }
        }
        return true
    }

    /// Calls `body` with each element of a comma-separated list (RFC 9110 5.6.1), OWS trimmed,
    /// empty elements skipped; stops early when `body` returns false. No allocation.
    static func forEachListElement(_ value: String, _ body: (UnsafeRawBufferPointer) -> Bool) {
        var value = value
        value.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != comma { end += 1 }
                var low = start, high = end
                while low < high && isWhitespace(bytes[low]) { low += 1 }
                while high > low && isWhitespace(bytes[high - 1]) { high -= 1 }
                if low < high && !body(UnsafeRawBufferPointer(rebasing: bytes[low..<high])) { return }
                start = end + 1
            }
        }
    }

    /// Whether `element` equals the lowercase ASCII `token`, ignoring case.
    static func element(_ element: UnsafeRawBufferPointer, equalsLowercase token: StaticString) -> Bool {
        guard element.count == token.utf8CodeUnitCount else { return false }
        let expected = UnsafeRawBufferPointer(start: token.utf8Start, count: token.utf8CodeUnitCount)
        for index in 0..<element.count where lowercased(element[index]) != expected[index] {
            return false
        }
        return true
    }

    /// Whether the comma-separated `value` lists `token` (lowercase ASCII), ignoring case.
    static func list(_ value: String, contains token: StaticString) -> Bool {
        var found = false
        forEachListElement(value) { element in
            found = Self.element(element, equalsLowercase: token)
            return !found
        }
        return found
    }
}

extension ASCII {
    /// Whether the comma-separated `value` is exactly one element, `token` (lowercase ASCII), ignoring case.
    static func list(_ value: String, isExactly token: StaticString) -> Bool {
        var elements = 0
        var matches = false
        forEachListElement(value) { element in
            elements += 1
            matches = Self.element(element, equalsLowercase: token)
            return elements == 1
        }
        return elements == 1 && matches
    }
}
