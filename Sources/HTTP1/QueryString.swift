/// Request-target helpers: where the path starts and how the query decodes.
///
/// They work on the target's UTF-8 bytes and build each name and value String once.
enum QueryString {
    /// The offset where the path starts: 0 for origin-form and `*`; after `scheme://authority`
    /// for absolute-form (the end of the target when it has no path).
    static func pathStart(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let first = bytes.first, first != ASCII.slash, first != ASCII.asterisk else { return 0 }
        var index = 0
        while index < bytes.count && bytes[index] != ASCII.colon {
            if bytes[index] == ASCII.slash || bytes[index] == ASCII.question { return 0 }
            index += 1
        }
        // scheme ":" "//" authority
        guard index + 2 < bytes.count, bytes[index + 1] == ASCII.slash, bytes[index + 2] == ASCII.slash else { return 0 }
        index += 3
        while index < bytes.count && bytes[index] != ASCII.slash && bytes[index] != ASCII.question && bytes[index] != ASCII.hash {
            index += 1
        }
        return index
    }

    /// The pairs of the query component of `target` (after the first `?`, before any `#`).
    static func parse(_ target: UnsafeRawBufferPointer) -> [(name: String, value: String)] {
        var start = 0
        while start < target.count && target[start] != ASCII.question { start += 1 }
        guard start < target.count else { return [] }
        start += 1
        var end = start
        while end < target.count && target[end] != ASCII.hash { end += 1 }

        var pairs: [(name: String, value: String)] = []
        var pairStart = start
        while pairStart < end {
            var pairEnd = pairStart
            while pairEnd < end && target[pairEnd] != ASCII.ampersand { pairEnd += 1 }
            if pairEnd > pairStart {
                var equals = pairStart
                while equals < pairEnd && target[equals] != ASCII.equals { equals += 1 }
                let name = decode(target, pairStart..<equals)
                let value = equals < pairEnd ? decode(target, equals + 1..<pairEnd) : ""
                pairs.append((name: name, value: value))
            }
            pairStart = pairEnd + 1
        }
        return pairs
    }

    /// Percent-decodes `bytes[range]` with `+` as space. A `%` not followed by two hex digits is
    /// kept literally (lenient, like browsers); decoded bytes that are not UTF-8 are repaired.
    static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var needsDecoding = false
        for index in range where bytes[index] == ASCII.percent || bytes[index] == ASCII.plus {
            needsDecoding = true
            break
        }
        guard needsDecoding else { return ASCII.string(bytes, range) }

        var decoded: [UInt8] = []
        decoded.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == ASCII.plus {
                decoded.append(ASCII.space)
            } else if byte == ASCII.percent, index + 2 < range.upperBound,
                      let high = ASCII.hexValue(bytes[index + 1]), let low = ASCII.hexValue(bytes[index + 2]) {
                decoded.append(UInt8(high << 4 | low))
                index += 2
            } else {
                decoded.append(byte)
            }
            index += 1
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}
