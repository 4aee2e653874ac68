import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Fresh message ids: a random per-process prefix and a counter, cheap enough for the hot path.
public enum MessageID {
    private static let prefix: String = {
        var bytes = [UInt8](repeating: 0, count: 6)
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
        return bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }()
    private static let counter = Atomic<UInt64>(0)

    /// A new id, unique within this process and very likely across processes.
    public static func next() -> String {
        let value = counter.add(1, ordering: .relaxed).newValue
        return prefix + "-" + String(value)
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

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
