import Testing
@testable import BridgeCore

@Suite("CallbackPool timeouts")
struct CallbackPoolTimeoutTests {
    @Test("a timeout settles the ticket with DEADLINE_EXCEEDED while the body still holds its slot")
    func timeoutFiresWhileBodyBlocks() {
        let pool = CallbackPool(maxConcurrent: 2)
        let gate = RuntimeGate()
        let sawCancel = RuntimeFlag()
        let clock = ContinuousClock()
        let start = clock.now
        let ticket = pool.submit(timeout: .milliseconds(50)) { context in
            gate.pass()
            if context.isCancelled { sawCancel.set() }
        }
        let outcome = ticket.wait()
        #expect(outcome.code == .deadlineExceeded)
        #expect(start.duration(to: clock.now) < .seconds(1))
        #expect(ticket.context.isCancelled)
        // The body has not returned, so its slot is still taken.
        #expect(pool.runningCount == 1)
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(pool.runningCount == 0)
        #expect(sawCancel.isSet)
        // The late return did not overwrite the outcome.
        #expect(ticket.wait().code == .deadlineExceeded)
    }

    @Test("a callback that times out while queued never runs")
    func timeoutWhileQueued() {
        let pool = CallbackPool(maxConcurrent: 1)
        let gate = RuntimeGate()
        let ran = RuntimeCounter()
        pool.submit { _ in gate.pass() }
        let ticket = pool.submit(timeout: .milliseconds(30)) { _ in ran.increment() }
        let outcome = ticket.wait()
        #expect(outcome.code == .deadlineExceeded)
        #expect(outcome.duration == .zero)
        #expect(pool.queuedCount == 0)
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(ran.current == 0)
    }

    @Test("run with a timeout returns DEADLINE_EXCEEDED and the context reports it")
    func runTimesOut() async {
        let pool = CallbackPool(maxConcurrent: 1)
        let reason = RuntimeRecorder<StatusCode>()
        let outcome: CallbackOutcome<Int> = await pool.run(timeout: .milliseconds(40)) { context in
            _ = RuntimeTiming.spin(until: { context.isCancelled })
            do { try context.checkCancellation() } catch let error as BridgeError { reason.append(error.code) }
            return 1
        }
        #expect(outcome.code == .deadlineExceeded)
        #expect(outcome.value == nil)
        await pool.waitForAll()
        #expect(reason.values == [.deadlineExceeded])
    }

    @Test("a callback that finishes in time is not affected by its timeout")
    func finishesInTime() async {
        let pool = CallbackPool(maxConcurrent: 1)
        let outcome = await pool.run(timeout: .seconds(2)) { context in
            try context.checkCancellation()
            return "done"
        }
        #expect(outcome.value == "done")
    }
}
