import BridgeTestSupport
import Testing
@testable import BridgeCore

@Suite("CallbackPool cancellation")
struct CallbackPoolCancellationTests {
    @Test("cancelling before the callback runs: it never runs and settles CANCELLED")
    func cancelBeforeRun() {
        let pool = CallbackPool(maxConcurrent: 1)
        let gate = RuntimeGate()
        let ran = RuntimeCounter()
        pool.submit { _ in gate.pass() }
        let ticket = pool.submit { _ in ran.increment() }
        #expect(pool.queuedCount == 1)
        #expect(!ticket.isFinished)
        ticket.cancel()
        #expect(ticket.isFinished)
        #expect(pool.queuedCount == 0)
        let outcome = ticket.wait()
        #expect(outcome.code == .cancelled)
        #expect(outcome.duration == .zero)
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(ran.current == 0)
        #expect(pool.completedCount == 2)
    }

    @Test("cancelling a running callback: its context sees it and the outcome is CANCELLED")
    func cancelDuringRun() {
        let pool = CallbackPool(maxConcurrent: 1)
        let started = RuntimeGate()
        let observed = RuntimeRecorder<StatusCode>()
        let ticket = pool.submit { context in
            started.open()
            guard RuntimeTiming.spin(until: { context.isCancelled }) else { return }
            do { try context.checkCancellation() } catch let error as BridgeError { observed.append(error.code) }
        }
        started.pass()
        #expect(!ticket.isFinished)
        ticket.cancel()
        let outcome = ticket.wait()
        #expect(outcome.code == .cancelled)
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(observed.values == [.cancelled])
    }

    @Test("cancelling the task awaiting run cancels the callback")
    func cancelAwaitingTask() async {
        let pool = CallbackPool(maxConcurrent: 1)
        let started = RuntimeFlag()
        let sawCancel = RuntimeFlag()
        let task = Task {
            await pool.run { context -> Int in
                started.set()
                if RuntimeTiming.spin(until: { context.isCancelled }) { sawCancel.set() }
                return 42
            }
        }
        #expect(await eventually(seconds: 10) { started.isSet })
        task.cancel()
        let outcome = await task.value
        #expect(outcome.code == .cancelled)
        #expect(outcome.value == nil)
        await pool.waitForAll()
        #expect(sawCancel.isSet)
    }

    @Test("cancelAll cancels queued and running callbacks; queued ones never run")
    func cancelAll() {
        let pool = CallbackPool(maxConcurrent: 2)
        let runningStarted = RuntimeCounter()
        let runningSawCancel = RuntimeCounter()
        let queuedRan = RuntimeCounter()
        let running = (0..<2).map { _ in
            pool.submit { context in
                runningStarted.increment()
                if RuntimeTiming.spin(until: { context.isCancelled }) { runningSawCancel.increment() }
            }
        }
        let queued = (0..<3).map { _ in pool.submit { _ in queuedRan.increment() } }
        #expect(RuntimeTiming.spin(until: { runningStarted.current == 2 }))
        #expect(pool.queuedCount == 3)
        pool.cancelAll()
        #expect(pool.queuedCount == 0)
        for ticket in running + queued {
            #expect(ticket.wait().code == .cancelled)
        }
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(queuedRan.current == 0)
        #expect(runningSawCancel.current == 2)
        #expect(pool.completedCount == 5)
    }

    @Test("cancelling the task awaiting outcome() stops the wait but not the callback")
    func outcomeWaitIsCancellationSafe() async {
        let pool = CallbackPool(maxConcurrent: 1)
        let gate = RuntimeGate()
        let ticket = pool.submit { _ in gate.pass() }
        let waiter = Task { await ticket.outcome() }
        try? await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        let seen = await waiter.value
        #expect(seen.code == .cancelled)
        #expect(!ticket.isFinished)
        #expect(!ticket.context.isCancelled)
        gate.open()
        let outcome = await ticket.outcome()
        #expect(outcome.code == .ok)
    }
}
