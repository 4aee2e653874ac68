/// Writes JSON text into a byte array: the output half of the message hot path.
///
/// Numbers that are whole and within ±2^53 are written as integers (`3`, not `3.0`);
/// other finite numbers use Swift's shortest round-trip form; NaN and infinities, which
/// JSON cannot represent, are written as `null`.
public struct JSONWriter {
    /// The JSON text written so far (UTF-8).
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes before it grows.
    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A writer appending to existing bytes (taken over without a copy; get them back with
    /// ``bytes``), so a frame can be encoded straight into an output buffer.
    public init(appendingTo existing: inout [UInt8]) {
        bytes = []
        swap(&bytes, &existing)
    }

    /// Hands the bytes back (the counterpart of ``init(appendingTo:)``).
    public mutating func take(into destination: inout [UInt8]) {
        swap(&bytes, &destination)
    }

    /// Appends raw bytes.
    public mutating func writeRaw(bytes raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// The JSON text of a value.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.write(value)
        return writer.bytes
    }

    /// The JSON text of a value, as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Appends `value`; object members come out in the dictionary's order.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeRaw("null")
        case .bool(let flag): writeRaw(flag ? "true" : "false")
        case .number(let number): write(number: number)
        case .string(let text): write(string: text)
        case .array(let array):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (key, element) in object {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                write(string: key)
                bytes.append(UInt8(ascii: ":"))
                write(element)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as is: for literals and punctuation the caller knows to be valid JSON.
    public mutating func writeRaw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends one byte as is (`,`, `{`...).
    public mutating func writeByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// `"key":` for an object member.
    public mutating func writeKey(_ key: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        writeRaw(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends a number: whole values within ±2^53 as integers, NaN and infinities as `null`.
    public mutating func write(number: Double) {
        guard number.isFinite else { writeRaw("null"); return }
        if number.rounded() == number && abs(number) <= 9_007_199_254_740_992 {
            write(integer: Int64(number))
        } else if !writeShortDecimal(number) {
            bytes.append(contentsOf: number.description.utf8)
        }
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

    /// Writes a number with at most six decimals (12.5, -0.25, 1234.5678) straight from its
    /// digits, when they are exactly what `description` writes: scaled by 10^k it is a whole
    /// number that divides back to itself (so the digits read back as this double), and k is the
    /// fewest decimals that do. Anything else (tiny, huge, long) returns false and is written by
    /// `description`, which builds a String per number.
    private mutating func writeShortDecimal(_ number: Double) -> Bool {
        let magnitude = abs(number)
        guard magnitude >= 0.0001, magnitude < 1e15 else { return false }
        for decimals in 1...6 {
            let power = Self.powersOfTen[decimals]
            let scaled = number * power
            guard scaled.rounded() == scaled else { continue }
            // Exact in an Int64, reads back as this double, and no trailing zero (which would
            // mean fewer decimals had only missed by rounding).
            guard abs(scaled) < 9_007_199_254_740_992, scaled / power == number else { return false }
            let whole = Int64(scaled)
            guard whole % 10 != 0 else { return false }
            let divisor = Int64(power)
            if whole < 0 { bytes.append(UInt8(ascii: "-")) }
            write(integer: Int64(whole.magnitude / UInt64(divisor)))
            bytes.append(UInt8(ascii: "."))
            var fraction = Int64(whole.magnitude % UInt64(divisor))
            var place = divisor / 10
            while place > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(fraction / place))
                fraction %= place
                place /= 10
            }
            return true
        }
        return false
    }

    /// Appends an integer in decimal, without allocating.
    public mutating func write(integer: Int64) {
        if integer == 0 { bytes.append(UInt8(ascii: "0")); return }
        var magnitude = integer.magnitude
        if integer < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 24 digits, no allocation
        withUnsafeMutableBytes(of: &digits) { buffer in
            // Filled from the end, then appended in one go rather than a byte at a time.
            var start = buffer.count
            while magnitude > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Appends a quoted string, escaping quotes, backslashes and control characters.
    public mutating func write(string: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = string
        text.withUTF8 { utf8 in
            // Plain runs are found eight bytes at a time by the reader's scanner; only the bytes
            // it stops at need a look of their own.
            let raw = UnsafeRawBufferPointer(utf8)
            var runStart = 0
            var highBits: UInt64 = 0
            while true {
                let index = JSONParser.scanPlainString(raw, from: runStart, highBits: &highBits)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                guard index < utf8.count else { break }
                let byte = utf8[index]
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(0x22)
                case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
