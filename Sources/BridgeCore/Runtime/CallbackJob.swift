/// One submitted callback: the body to run and the ticket that reports on it.
struct CallbackJob: Sendable {
    let ticket: CallbackTicket
    let body: @Sendable (CallbackContext) throws -> Void

    /// Runs the body behind the error boundary and settles the ticket with what happened.
    ///
    /// Does nothing when the ticket settled before the body could start (cancelled or timed
    /// out while queued). A thrown ``BridgeError`` passes through; any other error becomes
    /// `UNKNOWN` (``BridgeError/init(wrapping:)``).
    func execute() {
        let clock = ContinuousClock()
        guard ticket.begin(at: clock.now) else { return }
        let result: Result<Void, BridgeError>
        do {
            try body(ticket.context)
            result = .success(())
        } catch {
            result = .failure(BridgeError(wrapping: error))
        }
        ticket.complete(result, at: clock.now)
    }
}

/// The pool's FIFO of waiting jobs: O(1) push and pop, O(n) removal of a cancelled job.
struct CallbackJobQueue {
    private var slots: [CallbackJob?] = []
    private var head = 0

    /// How many jobs are waiting.
    var count: Int { slots.count - head }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ job: CallbackJob) {
        slots.append(job)
    }

    /// Takes the oldest job, compacting the storage once the consumed prefix dominates it.
    mutating func popFirst() -> CallbackJob? {
        guard head < slots.count else { return nil }
        let job = slots[head]
        slots[head] = nil
        head += 1
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= slots.count {
            slots.removeFirst(head)
            head = 0
        }
        return job
    }

    /// Removes the job of ticket `id` if it is still waiting.
    mutating func remove(ticketID id: UInt64) {
        guard let index = slots[head...].firstIndex(where: { $0?.ticket.id == id }) else { return }
        slots.remove(at: index)
    }

    /// Empties the queue, returning the jobs oldest first.
    mutating func removeAll() -> [CallbackJob] {
        let jobs = slots[head...].compactMap { $0 }
        slots.removeAll()
        head = 0
        return jobs
    }

    /// The tickets of every waiting job, oldest first.
    var tickets: [CallbackTicket] { slots[head...].compactMap { $0?.ticket } }
}
