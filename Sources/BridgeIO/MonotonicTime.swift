#if canImport(Glibc)
import Glibc
#endif

/// Nanoseconds on the monotonic clock: what loop timers are scheduled against.
public enum MonotonicTime {
    /// Now, in nanoseconds since an arbitrary fixed point: only differences mean anything.
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped at zero.
    public var nanosecondsClamped: UInt64 {
        // Components truncate toward zero: -300 ns is (0 s, -3e11 as): the sign can sit in
        // either part, so clamp the total, not the seconds.
        let (seconds, attoseconds) = components
        let nanos = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        if !(nanos > 0) { return 0 }
        return nanos >= Double(UInt64.max) ? UInt64.max : UInt64(nanos)
    }

    /// The duration in (fractional) seconds.
    public var secondsDouble: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
