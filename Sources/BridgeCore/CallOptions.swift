/// Per-call settings: how long the caller will wait, and metadata for the server.
///
/// A `timeout` is relative to when the call starts; a `deadline` is absolute. When both are
/// set the earlier wins. `metadata` travels as HTTP headers or gRPC metadata where the
/// transport has them; the framed TCP transport has no headers and ignores it.
public struct CallOptions: Sendable {
    public var timeout: Duration?
    public var deadline: ContinuousClock.Instant?
    public var metadata: [String: String]

    public init(timeout: Duration? = nil, deadline: ContinuousClock.Instant? = nil, metadata: [String: String] = [:]) {
        self.timeout = timeout
        self.deadline = deadline
        self.metadata = metadata
    }

    /// No timeout, no metadata.
    public static var defaults: CallOptions { CallOptions() }

    /// Shorthand for options with only a timeout.
    public static func timeout(_ duration: Duration) -> CallOptions { CallOptions(timeout: duration) }

    /// The effective deadline for a call starting at `start`: the earlier of the timeout and
    /// the deadline, or nil when neither is set.
    public func effectiveDeadline(from start: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        let fromTimeout = timeout.map { start + $0 }
        switch (fromTimeout, deadline) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }
}
