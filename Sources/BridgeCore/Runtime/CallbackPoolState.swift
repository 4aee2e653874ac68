import Dispatch

/// Everything a ``CallbackPool`` guards with its one lock.
struct CallbackPoolState {
    /// Jobs waiting for a slot, oldest first.
    var queue = CallbackJobQueue()
    /// Tickets holding a slot, by id. A ticket that settled early (timeout, cancellation) stays
    /// here until its body returns: that is what keeps concurrency truly bounded.
    var running: [UInt64: CallbackTicket] = [:]
    /// Idle lanes (serial Dispatch queues), reused so the pool creates at most `maxConcurrent`.
    var idleLanes: [DispatchQueue] = []
    var laneCount = 0
    /// Submissions settled in any way, rejected ones included.
    var completed = 0
    var nextTicketID: UInt64 = 0
    /// Callers of `waitForAll`, woken when the pool becomes idle.
    var idleWaiters: [UInt64: @Sendable () -> Void] = [:]
    var nextWaiterID: UInt64 = 0

    /// Nothing queued and nothing running (including bodies still winding down).
    var isIdle: Bool { queue.isEmpty && running.isEmpty }

    /// An idle lane, or a new one while fewer than the pool's limit exist.
    ///
    /// Lanes are serial queues because Dispatch serves serial queues from its overcommit
    /// threads: a blocking callback gets a thread of its own instead of starving the shared
    /// worker threads that Swift concurrency and timers also use.
    mutating func takeLane(label: String) -> DispatchQueue {
        if let lane = idleLanes.popLast() { return lane }
        laneCount += 1
        return DispatchQueue(label: "\(label).lane\(laneCount)")
    }

    /// Removes and returns the idle waiters when the pool is idle; none otherwise.
    mutating func takeIdleWaitersIfIdle() -> [@Sendable () -> Void] {
        guard isIdle, !idleWaiters.isEmpty else { return [] }
        defer { idleWaiters = [:] }
        return Array(idleWaiters.values)
    }

    mutating func allocateTicketID() -> UInt64 {
        nextTicketID += 1
        return nextTicketID
    }

    mutating func allocateWaiterID() -> UInt64 {
        nextWaiterID += 1
        return nextWaiterID
    }
}
