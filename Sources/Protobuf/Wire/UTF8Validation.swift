/// UTF-8 validation for `string` fields (proto3 requires valid UTF-8, as RFC 3629 defines it:
/// no overlong forms, no surrogates, nothing past U+10FFFF).
///
/// Hand-written rather than `String(validating:as:)` because that initializer is generic over
/// the encoding and, called from here, resolves generic metadata at run time on every string:
/// on attribute-heavy messages that was a quarter of the decoding time. ASCII, the common case,
/// is one comparison per byte.
enum UTF8Validation {
    /// True when `bytes` is well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the first continuation byte depends on the lead byte.
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0            // no overlong 3-byte forms
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F           // no surrogates (U+D800...U+DFFF)
            case 0xF0: length = 4; low = 0x90            // no overlong 4-byte forms
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F           // nothing past U+10FFFF
            default: return false                        // continuation byte, C0/C1, F5...FF
            }
            guard count - index >= length else { return false }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return false }
            var next = index + 2
            while next < index + length {
                guard bytes[next] & 0xC0 == 0x80 else { return false }
                next += 1
            }
            index += length
        }
        return true
    }

    /// The string `bytes` hold, or nil when they are not valid UTF-8.
    static func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        bytes.withMemoryRebound(to: UInt8.self) { utf8 in
            // Validated here, so String(copying:) need not validate again (String(decoding:) would).
            isValid(utf8) ? String(copying: UTF8Span(unchecked: utf8.span)) : nil
        }
    }
}
