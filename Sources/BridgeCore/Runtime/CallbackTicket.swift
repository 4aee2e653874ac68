import BridgeIO
import Dispatch
import Synchronization

/// Handle to one callback submitted to a ``CallbackPool``: cancel it, or wait for its outcome.
///
/// A ticket settles exactly once. It settles early, before the body returns, when it is
/// cancelled or its timeout passes: waiters are released at once with `CANCELLED` or
/// `DEADLINE_EXCEEDED` and whatever the body returns later is ignored.
public final class CallbackTicket: Sendable {
    /// Where the callback stands.
    enum Phase {
        case queued
        case running(since: ContinuousClock.Instant)
        case finished(CallbackOutcome<Void>)
    }

    struct State {
        var phase: Phase = .queued
        var waiters: [UInt64: @Sendable (CallbackOutcome<Void>) -> Void] = [:]
        var nextWaiterID: UInt64 = 0
        var timer: CallbackTimer?
        /// Told once when the ticket settles, with whether it was still queued then.
        var onSettle: (@Sendable (CallbackTicket, _ wasQueued: Bool) -> Void)?
    }

    /// The pool-wide sequence number of this submission.
    let id: UInt64
    /// The context the callback's body receives.
    let context: CallbackContext
    let state: Locked<State>

    init(id: UInt64, context: CallbackContext,
         onSettle: (@Sendable (CallbackTicket, _ wasQueued: Bool) -> Void)? = nil) {
        self.id = id
        self.context = context
        self.state = Locked(State(onSettle: onSettle))
    }

    /// A ticket that is settled from the start (a rejected submission).
    init(id: UInt64, settled outcome: CallbackOutcome<Void>) {
        self.id = id
        self.context = CallbackContext()
        self.state = Locked(State(phase: .finished(outcome)))
    }

    // MARK: Public API

    /// Cancels the callback. Queued: it never runs and settles `CANCELLED` at once. Running:
    /// its context reports cancelled and the ticket settles `CANCELLED` at once, though a
    /// synchronous body keeps its pool slot until it actually returns. Finished: no effect.
    public func cancel() {
        abandon(.cancelled("callback cancelled"))
    }

    /// True once the ticket has settled (whether or not the body is still winding down).
    public var isFinished: Bool { settledOutcome != nil }

    // MARK: Pool-facing internals

    /// The outcome once settled, nil before.
    var settledOutcome: CallbackOutcome<Void>? {
        state.withLock { state in
            guard case .finished(let outcome) = state.phase else { return nil }
            return outcome
        }
    }

    /// Moves a queued ticket to running; false when it settled first (and must not run).
    func begin(at start: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            guard case .queued = state.phase else { return false }
            state.phase = .running(since: start)
            return true
        }
    }

    /// Settles with the body's own result; ignored when the ticket already settled.
    func complete(_ result: Result<Void, BridgeError>, at end: ContinuousClock.Instant) {
        settle(result, at: end, stopping: nil)
    }

    /// Settles with `reason` (CANCELLED or DEADLINE_EXCEEDED) and tells the body to stop.
    func abandon(_ reason: BridgeError) {
        settle(.failure(reason), at: .now, stopping: reason)
    }

    /// Arms the timeout: when it passes before the ticket settles, the ticket settles with
    /// DEADLINE_EXCEEDED. Timers run on a private serial queue, never on a pool lane.
    func arm(timeout: Duration) {
        let timer = CallbackTimer { [weak self] in
            self?.abandon(.deadlineExceeded("callback timed out after \(timeout)"))
        }
        let armed = state.withLock { state -> Bool in
            if case .finished = state.phase { return false }
            state.timer = timer
            return true
        }
        if armed { timer.schedule(after: timeout) }
    }

    // MARK: Private

    /// What ``settle(_:at:stopping:)`` takes out of the lock to act on after releasing it.
    private struct Settlement {
        var outcome: CallbackOutcome<Void>
        var waiters: [@Sendable (CallbackOutcome<Void>) -> Void]
        var timer: CallbackTimer?
        var onSettle: (@Sendable (CallbackTicket, _ wasQueued: Bool) -> Void)?
        var wasQueued: Bool
    }

    /// Settles the ticket once: records the outcome, stops the context when `reason` is given,
    /// cancels the timer, tells the pool, then wakes every waiter (in that order, so a woken
    /// waiter already sees the context stopped and the pool's counters updated). Nothing is
    /// called while the ticket's lock is held, so the pool's lock is never nested inside it.
    private func settle(_ result: Result<Void, BridgeError>, at end: ContinuousClock.Instant, stopping reason: BridgeError?) {
        let settlement = state.withLock { state -> Settlement? in
            let duration: Duration
            let wasQueued: Bool
            switch state.phase {
            case .finished: return nil
            case .queued: duration = .zero; wasQueued = true
            case .running(let start): duration = max(.zero, start.duration(to: end)); wasQueued = false
            }
            let outcome = CallbackOutcome(result: result, duration: duration)
            state.phase = .finished(outcome)
            defer { state.waiters = [:]; state.timer = nil; state.onSettle = nil }
            return Settlement(outcome: outcome, waiters: Array(state.waiters.values), timer: state.timer,
                              onSettle: state.onSettle, wasQueued: wasQueued)
        }
        guard let settlement else { return }
        if let reason { context.cancel(reason) }
        settlement.timer?.cancel()
        settlement.onSettle?(self, settlement.wasQueued)
        for waiter in settlement.waiters { waiter(settlement.outcome) }
    }
}

