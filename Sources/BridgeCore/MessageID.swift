import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Fresh message ids: a random per-process prefix and a counter, cheap enough for the hot path.
///
/// An id is eight lowercase hex digits (32 random bits, drawn once per process), a dash and the
/// counter in base 36: `3f9a07c2-1`, `3f9a07c2-2s`, ... Up to 36^6 (about 2.2 billion) ids it
/// fits in 15 bytes, which Swift stores inside the `String` value itself: making, copying,
/// comparing and freeing one touches no heap. (The decimal form it replaced, with a 12-digit
/// prefix, cost an allocation and about 1,000 instructions per id.)
public enum MessageID {
    /// The prefix's eight ASCII hex digits, first digit in the high byte.
    private static let prefix: UInt64 = {
        let bits = UInt32.random(in: .min ... .max)
        var digits: UInt64 = 0
        for shift in stride(from: 28, through: 0, by: -4) {
            digits = digits << 8 | UInt64(digit(UInt8(truncatingIfNeeded: bits >> UInt32(shift)) & 0xF))
        }
        return digits
    }()
    private static let prefixLength = 8
    private static let counter = Atomic<UInt64>(0)

    /// A new id, unique within this process and very likely across processes.
    public static func next() -> String {
        make(counter: counter.add(1, ordering: .relaxed).newValue)
    }

    /// The id for counter value `value` (split out so tests can reach the wide values).
    static func make(counter value: UInt64) -> String {
        // Counter digits, least significant first, into a 13-byte scratch (36^13 > 2^64).
        var scratch: (UInt64, UInt64) = (0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &scratch) { digits in
            var rest = value
            repeat {
                digits[count] = digit(UInt8(truncatingIfNeeded: rest % 36))
                rest /= 36
                count += 1
            } while rest > 0
        }
        let prefix = self.prefix, length = prefixLength
        return String(unsafeUninitializedCapacity: length + 1 + count) { out in
            for index in 0..<length {
                out[index] = UInt8(truncatingIfNeeded: prefix >> UInt64(8 * (length - 1 - index)))
            }
            out[length] = UInt8(ascii: "-")
            withUnsafeBytes(of: &scratch) { digits in
                for index in 0..<count { out[length + 1 + index] = digits[count - 1 - index] }
            }
            return length + 1 + count
        }
    }

    /// The lowercase digit for `value` in 0..<36 (hex digits are the first sixteen).
    private static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}

/// Wall-clock and monotonic time without Foundation.
public enum Clocks {
    /// Unix time in milliseconds.
    public static func unixMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
