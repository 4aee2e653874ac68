import Dispatch

// Waiting for a ticket: blocking for threads, suspending for tasks.
extension CallbackTicket {
    /// Blocks the calling thread until the ticket settles, then returns its outcome.
    ///
    /// For synchronous callers only: never call it from a callback running in the same pool
    /// (it could wait for a slot it holds itself) or from an event-loop thread.
    public func wait() -> CallbackOutcome<Void> {
        let signal = DispatchSemaphore(value: 0)
        if let outcome = register({ _ in signal.signal() }).settled { return outcome }
        signal.wait()
        return settledOutcome ?? Self.missingOutcome
    }

    /// Blocks for at most `timeout`; nil when the ticket has not settled by then. The same
    /// caveats as ``wait()`` apply.
    public func wait(timeout: Duration) -> CallbackOutcome<Void>? {
        let signal = DispatchSemaphore(value: 0)
        let registration = register({ _ in signal.signal() })
        if let outcome = registration.settled { return outcome }
        if signal.wait(timeout: RuntimeTime.dispatchTime(after: timeout)) == .timedOut,
           let waiterID = registration.waiterID {
            _ = state.withLock { $0.waiters.removeValue(forKey: waiterID) }
        }
        return settledOutcome
    }

    /// Suspends until the ticket settles, then returns its outcome.
    ///
    /// Cancellation-safe: when the awaiting task is cancelled this returns at once with a
    /// `CANCELLED` outcome *for the waiter* and leaves the callback alone, since a ticket may be
    /// watched by several waiters. Call ``cancel()`` to stop the callback itself.
    public func outcome() async -> CallbackOutcome<Void> {
        if let outcome = settledOutcome { return outcome }
        let waiterID = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CallbackOutcome<Void>, Never>) in
                let immediate: CallbackOutcome<Void>? = state.withLock { state in
                    if case .finished(let outcome) = state.phase { return outcome }
                    // The cancellation flag is set before handlers run, so checking it under the
                    // lock closes the gap between this registration and `onCancel` below.
                    if Task.isCancelled { return Self.abandonedWait }
                    state.waiters[waiterID] = { continuation.resume(returning: $0) }
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: waiterID) }
            waiter?(Self.abandonedWait)
        }
    }

    /// Suspends until the ticket settles, ignoring cancellation of the awaiting task: for
    /// callers that cancel the ticket itself when their task is cancelled.
    func settled() async -> CallbackOutcome<Void> {
        if let outcome = settledOutcome { return outcome }
        return await withCheckedContinuation { (continuation: CheckedContinuation<CallbackOutcome<Void>, Never>) in
            let registration = register { continuation.resume(returning: $0) }
            if let outcome = registration.settled { continuation.resume(returning: outcome) }
        }
    }

    /// Reported if a woken waiter finds no outcome, which settling in order rules out; a
    /// defined answer instead of a crash should that invariant ever break.
    static let missingOutcome = CallbackOutcome<Void>(result: .failure(.internal("callback outcome missing")))
    /// What a waiter whose own task was cancelled gets: the callback itself is unaffected.
    static let abandonedWait = CallbackOutcome<Void>(result: .failure(.cancelled("wait for callback cancelled")))

    /// Registers `waiter` to be called once the ticket settles, or returns the outcome at once.
    func register(_ waiter: @escaping @Sendable (CallbackOutcome<Void>) -> Void) -> (settled: CallbackOutcome<Void>?, waiterID: UInt64?) {
        state.withLock { state in
            if case .finished(let outcome) = state.phase { return (outcome, nil) }
            state.nextWaiterID += 1
            state.waiters[state.nextWaiterID] = waiter
            return (nil, state.nextWaiterID)
        }
    }
}
