import Dispatch

/// Conversions between Swift `Duration` and the units Dispatch and the backoff maths use.
///
/// A namespace rather than extensions on `Duration` so that these helpers can never clash
/// with another file of the module that extends `Duration` itself.
enum RuntimeTime {
    /// The duration in nanoseconds as a Double (sub-nanosecond parts kept as a fraction).
    static func nanoseconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1e9 + Double(parts.attoseconds) / 1e9
    }

    /// A Dispatch time `duration` from now; negative durations mean "now", huge ones "distant".
    static func dispatchTime(after duration: Duration) -> DispatchTime {
        let nanos = nanoseconds(duration)
        if nanos <= 0 { return .now() }
        if nanos >= Double(Int.max) { return .distantFuture }
        return .now() + .nanoseconds(Int(nanos))
    }

    /// A duration of `nanos` nanoseconds, rounded down and clamped to what `Int64` can hold.
    static func duration(nanoseconds nanos: Double) -> Duration {
        guard nanos.isFinite, nanos > 0 else { return nanos == .infinity ? .nanoseconds(Int64.max) : .zero }
        if nanos >= Double(Int64.max) { return .nanoseconds(Int64.max) }
        return .nanoseconds(Int64(nanos.rounded(.down)))
    }
}
