import BridgeIO
import Dispatch
import Foundation
import Synchronization

/// A bounded pool where user callbacks run: at most `maxConcurrent` at once, the rest queued
/// FIFO (up to `maxQueued`; beyond that a submission completes at once with
/// `RESOURCE_EXHAUSTED`).
///
/// Why a pool: user code is slow, blocking and untrusted as far as the transports are
/// concerned. Running it here keeps it off event-loop (I/O) threads and off the submitting
/// thread, bounds how much of the machine it can take, and gives every callback a timeout,
/// cancellation and an error boundary.
///
/// Callbacks run on Dispatch worker threads: each slot is a serial Dispatch queue (a "lane"),
/// served by Dispatch's overcommit threads so that blocking callbacks cannot starve Swift
/// concurrency or the timers.
///
/// Timeouts count from submission, so time spent queued counts too: a caller asking for an
/// answer within 50 ms gets one, whether the pool was busy or the callback slow. A synchronous
/// body cannot be pre-empted, so when its timeout passes the ticket settles with
/// `DEADLINE_EXCEEDED` at once, its context reports cancelled, and its eventual return is
/// ignored; its slot is released only when the body actually returns, so concurrency stays
/// truly bounded. Cancellation behaves the same way, with `CANCELLED`.
public final class CallbackPool: Sendable {
    /// The process-wide pool: `max(4, 2 * active cores)` slots, the default queue bound.
    public static let shared = CallbackPool(
        maxConcurrent: max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))

    /// How many callbacks may run at once (at least 1).
    public let maxConcurrent: Int
    /// How many callbacks may wait for a slot before submissions are rejected (at least 0).
    public let maxQueued: Int

    private let label: String
    private let state = Locked(CallbackPoolState())

    /// Creates a pool. `maxConcurrent` below 1 is raised to 1 and a negative `maxQueued` to 0,
    /// rather than trapping: a misconfigured pool should degrade, not crash the process.
    public init(maxConcurrent: Int, maxQueued: Int = 10_000) {
        self.maxConcurrent = max(1, maxConcurrent)
        self.maxQueued = max(0, maxQueued)
        self.label = "IPCBridge.CallbackPool"
    }

    /// Submits a callback and returns its ticket at once.
    ///
    /// The body receives a ``CallbackContext`` to poll for cancellation. A throw becomes a
    /// `.failure` outcome (a ``BridgeError`` as is, anything else `UNKNOWN`). With a `timeout`
    /// the ticket settles `DEADLINE_EXCEEDED` once it passes, counted from now. When the queue
    /// is full the returned ticket is already settled with `RESOURCE_EXHAUSTED`.
    @discardableResult
    public func submit(timeout: Duration? = nil,
                       _ body: @escaping @Sendable (CallbackContext) throws -> Void) -> CallbackTicket {
        let clock = ContinuousClock()
        let context = CallbackContext(deadline: timeout.map { clock.now + $0 })
        let admission = state.withLock { state -> (CallbackTicket, launch: (CallbackJob, DispatchQueue)?) in
            let id = state.allocateTicketID()
            let hasSlot = state.running.count < maxConcurrent
            guard hasSlot || state.queue.count < maxQueued else {
                state.completed += 1
                let rejection = BridgeError(.resourceExhausted,
                                            "callback pool queue is full (\(maxQueued) waiting)")
                return (CallbackTicket(id: id, settled: CallbackOutcome(result: .failure(rejection))), nil)
            }
            let ticket = CallbackTicket(id: id, context: context) { [weak self] ticket, wasQueued in
                self?.ticketSettled(ticket, wasQueued: wasQueued)
            }
            let job = CallbackJob(ticket: ticket, body: body)
            guard hasSlot else {
                state.queue.append(job)
                return (ticket, nil)
            }
            state.running[id] = ticket
            return (ticket, (job, state.takeLane(label: label)))
        }
        let (ticket, launch) = admission
        if let timeout, !ticket.isFinished { ticket.arm(timeout: timeout) }
        if let (job, lane) = launch { start(job, on: lane) }
        return ticket
    }

    /// Callbacks holding a slot, including timed-out or cancelled ones whose body has not
    /// returned yet (they still occupy a thread).
    public var runningCount: Int { state.withLock { $0.running.count } }

    /// Callbacks waiting for a slot.
    public var queuedCount: Int { state.withLock { $0.queue.count } }

    /// Submissions that have settled, whatever their outcome: success, failure, timeout,
    /// cancellation or rejection.
    public var completedCount: Int { state.withLock { $0.completed } }

    // MARK: Internals shared with the other CallbackPool files

    /// Runs `job` on `lane`, then hands the lane to the next queued job or back to the pool.
    private func start(_ job: CallbackJob, on lane: DispatchQueue) {
        lane.async { [self] in
            job.execute()
            release(job.ticket.id, lane: lane)
        }
    }

    /// Frees the slot of ticket `id`: the oldest queued job takes it over on the same lane,
    /// or, when none waits, the lane goes idle and `waitForAll` callers may be woken.
    private func release(_ id: UInt64, lane: DispatchQueue) {
        let (next, idleWaiters) = state.withLock { state -> (CallbackJob?, [@Sendable () -> Void]) in
            state.running[id] = nil
            if let next = state.queue.popFirst() {
                state.running[next.ticket.id] = next.ticket
                return (next, [])
            }
            state.idleLanes.append(lane)
            return (nil, state.takeIdleWaitersIfIdle())
        }
        if let next { start(next, on: lane) }
        for waiter in idleWaiters { waiter() }
    }

    /// Bookkeeping when a ticket settles: count it and, if it was still queued (cancelled or
    /// timed out before running), drop it from the queue so it never runs.
    private func ticketSettled(_ ticket: CallbackTicket, wasQueued: Bool) {
        let idleWaiters = state.withLock { state -> [@Sendable () -> Void] in
            state.completed += 1
            if wasQueued { state.queue.remove(ticketID: ticket.id) }
            return state.takeIdleWaitersIfIdle()
        }
        for waiter in idleWaiters { waiter() }
    }

    /// Runs `body` with the pool's lock held; for the pool's extensions in other files.
    func withState<R>(_ body: (inout CallbackPoolState) -> R) -> R {
        state.withLock { body(&$0) }
    }
}
