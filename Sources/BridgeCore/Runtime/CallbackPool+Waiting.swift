import Dispatch

extension CallbackPool {
    /// Cancels every queued and running callback: queued ones never run, running ones see
    /// their context cancelled; all their tickets settle `CANCELLED` at once. Callbacks
    /// submitted afterwards are unaffected. Used on shutdown or when a connection drops.
    public func cancelAll() {
        let (queued, running) = withState { state in
            (state.queue.removeAll(), Array(state.running.values))
        }
        // The queued jobs were taken out under the lock, so no slot freed in the meantime can
        // start one of them.
        for job in queued { job.ticket.cancel() }
        for ticket in running { ticket.cancel() }
    }

    /// Suspends until nothing is queued or running, bodies still winding down after a timeout
    /// or cancellation included. Returns early if the awaiting task is cancelled.
    public func waitForAll() async {
        let waiterID = withState { $0.allocateWaiterID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = withState { state -> Bool in
                    // The cancellation flag is set before `onCancel` runs, so checking it here,
                    // under the lock, leaves no window for a lost wake-up.
                    if state.isIdle || Task.isCancelled { return true }
                    state.idleWaiters[waiterID] = { continuation.resume() }
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = withState { $0.idleWaiters.removeValue(forKey: waiterID) }
            waiter?()
        }
    }

    /// Blocks until nothing is queued or running; false if `timeout` passed first.
    ///
    /// For synchronous callers (shutdown paths, tests). Never call it from a callback of the
    /// same pool: the caller's own slot would keep the pool busy until the timeout.
    public func waitForAll(timeout: Duration) -> Bool {
        let signal = DispatchSemaphore(value: 0)
        let registration = withState { state -> UInt64? in
            if state.isIdle { return nil }
            let id = state.allocateWaiterID()
            state.idleWaiters[id] = { signal.signal() }
            return id
        }
        guard let waiterID = registration else { return true }
        if signal.wait(timeout: RuntimeTime.dispatchTime(after: timeout)) == .success { return true }
        let stillWaiting = withState { $0.idleWaiters.removeValue(forKey: waiterID) } != nil
        return !stillWaiting
    }
}
