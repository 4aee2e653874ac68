/// Outcome of running a callback: its result and how long it ran.
///
/// Every way a callback can end (a value, a throw, a timeout, a cancellation, a full queue)
/// is folded into one value so that callers never have to catch: the error boundary has
/// already turned whatever happened into a ``BridgeError`` with a gRPC ``StatusCode``.
public struct CallbackOutcome<Value: Sendable>: Sendable {
    /// The callback's value, or the ``BridgeError`` that ended it.
    public var result: Result<Value, BridgeError>
    /// How long the callback's body ran, measured on the continuous clock.
    ///
    /// Zero when it never ran (cancelled or timed out while queued, or rejected). For a callback
    /// abandoned while running (timeout or cancellation) it is the time until it was abandoned.
    public var duration: Duration

    /// Wraps a result and the time it took to produce it.
    public init(result: Result<Value, BridgeError>, duration: Duration = .zero) {
        self.result = result
        self.duration = duration
    }

    /// The value when the callback succeeded, nil otherwise: the quick path for callers that
    /// only care about success.
    public var value: Value? {
        guard case .success(let value) = result else { return nil }
        return value
    }

    /// The error when the callback failed, nil when it succeeded.
    public var error: BridgeError? {
        guard case .failure(let error) = result else { return nil }
        return error
    }

    /// The status code of the outcome: `.ok` on success, the error's code otherwise, so an
    /// outcome maps directly onto a wire status.
    public var code: StatusCode { error?.code ?? .ok }

    /// The value, or the error thrown: for callers that prefer `try` over a switch.
    public func get() throws(BridgeError) -> Value {
        try result.get()
    }
}
