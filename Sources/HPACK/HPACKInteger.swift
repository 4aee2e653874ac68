// Prefixed integers (RFC 7541 section 5.1).

/// The integer representation of RFC 7541 section 5.1: a value that fits in the
/// N-bit prefix of the first octet is stored there; a larger one fills the prefix
/// with ones and continues in 7-bit groups, least significant first, with the high
/// bit of each continuation octet set when another follows.
public enum HPACKInteger {
    /// The most continuation octets accepted when decoding: 4, that is 28 bits beyond
    /// the prefix (a maximum of 2^28 - 1 + 2^N - 1). No header block needs more; a
    /// longer run is reported as `integerOverflow` rather than risking Int overflow.
    public static let maxContinuationOctets = 4

    /// Appends `value` with a `prefixBits`-bit prefix (1 to 8). `flags` supplies the
    /// bits of the first octet above the prefix (the representation's pattern); bits
    /// inside the prefix are ignored. A negative `value` is encoded as 0.
    public static func encode(_ value: Int, prefixBits: Int, flags: UInt8 = 0, into output: inout [UInt8]) {
        let bits = min(max(prefixBits, 1), 8)
        let mask = (1 << bits) - 1
        let high = Int(flags) & ~mask & 0xFF
        var value = max(value, 0)
        if value < mask {
            output.append(UInt8(truncatingIfNeeded: high | value))
            return
        }
        output.append(UInt8(truncatingIfNeeded: high | mask))
        value -= mask
        while value >= 0x80 {
            output.append(UInt8(truncatingIfNeeded: (value & 0x7F) | 0x80))
            value >>= 7
        }
        output.append(UInt8(truncatingIfNeeded: value))
    }

    /// Decodes an integer with a `prefixBits`-bit prefix (1 to 8) starting at
    /// `offset` in `bytes`, and advances `offset` past it. The bits of the first
    /// octet above the prefix are ignored.
    ///
    /// - Throws: `truncatedInteger` if `bytes` ends first, `integerOverflow` after
    ///   more than `maxContinuationOctets` continuation octets; `offset` is then
    ///   left unchanged and the error's offset is the integer's first octet.
    public static func decode(_ bytes: UnsafeRawBufferPointer, prefixBits: Int, offset: inout Int) throws(HPACKError) -> Int {
        let start = offset
        guard start >= 0, start < bytes.count else {
            throw HPACKError(.truncatedInteger, offset: start)
        }
        let mask = (1 << min(max(prefixBits, 1), 8)) - 1
        var value = Int(bytes[start]) & mask
        var position = start + 1
        if value == mask {
            var shift = 0
            while true {
                guard position < bytes.count else {
                    throw HPACKError(.truncatedInteger, offset: start)
                }
                let octet = bytes[position]
                position += 1
                value += Int(octet & 0x7F) << shift
                if octet & 0x80 == 0 { break }
                shift += 7
                if shift >= 7 * maxContinuationOctets {
                    throw HPACKError(.integerOverflow, offset: start)
                }
            }
        }
        offset = position
        return value
    }

    /// Decodes an integer from the start of `bytes`; see `decode(_:prefixBits:offset:)`.
    /// Returns the value and the number of octets it took.
    public static func decode(_ bytes: [UInt8], prefixBits: Int) throws(HPACKError) -> (value: Int, length: Int) {
        let result: Result<(value: Int, length: Int), HPACKError> = bytes.withUnsafeBytes { raw in
            var offset = 0
            do throws(HPACKError) {
                let value = try decode(raw, prefixBits: prefixBits, offset: &offset)
                return .success((value, offset))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
