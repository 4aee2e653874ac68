/// Per-call settings: how long the caller will wait, and metadata for the server.
///
/// A `timeout` is relative to when the call starts; a `deadline` is absolute. When both are
/// set the earlier wins. `metadata` travels as HTTP headers or gRPC metadata where the
/// transport has them; the framed TCP transport has no headers and ignores it.
public struct CallOptions: Sendable {
    /// How long the caller waits, counted from when the call starts; nil for no limit.
    public var timeout: Duration?
    /// An absolute point in time after which the call fails with `DEADLINE_EXCEEDED`; nil for none.
    public var deadline: ContinuousClock.Instant?
    /// Sent to the server as HTTP headers or gRPC metadata (keys ending in `-bin` carry base64 of
    /// binary values over gRPC); ignored by framed TCP.
    public var metadata: [String: String]

    /// Options with any of the three set; the defaults wait forever and send no metadata.
    public init(timeout: Duration? = nil, deadline: ContinuousClock.Instant? = nil, metadata: [String: String] = [:]) {
        self.timeout = timeout
        self.deadline = deadline
        self.metadata = metadata
    }

    /// No timeout, no metadata.
    public static var defaults: CallOptions { CallOptions() }

    /// Shorthand for options with only a timeout.
    public static func timeout(_ duration: Duration) -> CallOptions { CallOptions(timeout: duration) }

    /// The effective deadline for a call starting now. The clock is read only when there is a
    /// timeout to count from: a call with neither limit (a pipelined client's usual case) pays
    /// no clock read for its deadline.
    public func effectiveDeadline() -> ContinuousClock.Instant? {
        guard timeout != nil else { return deadline }
        return effectiveDeadline(from: .now)
    }

    /// The effective deadline for a call starting at `start`: the earlier of the timeout and
    /// the deadline, or nil when neither is set.
    public func effectiveDeadline(from start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let fromTimeout = timeout.map { start + $0 }
        switch (fromTimeout, deadline) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }
}
