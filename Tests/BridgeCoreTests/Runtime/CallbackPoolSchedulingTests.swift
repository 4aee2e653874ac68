import Testing
@testable import BridgeCore

@Suite("CallbackPool scheduling")
struct CallbackPoolSchedulingTests {
    @Test("never more than maxConcurrent callbacks run at once")
    func boundedConcurrency() {
        let pool = CallbackPool(maxConcurrent: 3)
        let gauge = RuntimeGauge()
        let overLimit = RuntimeFlag()
        let tickets = (0..<50).map { _ in
            pool.submit { _ in
                gauge.enter()
                if pool.runningCount > 3 { overLimit.set() }
                RuntimeTiming.block(milliseconds: 2)
                gauge.leave()
            }
        }
        #expect(pool.waitForAll(timeout: .seconds(5)))
        #expect(tickets.allSatisfy { $0.wait().code == .ok })
        #expect(gauge.peak <= 3)
        #expect(gauge.peak >= 2, "the pool should actually run callbacks in parallel")
        #expect(!overLimit.isSet)
        #expect(pool.completedCount == 50)
    }

    @Test("with every slot blocked, exactly maxConcurrent run and the rest wait")
    func slotsFillThenQueue() {
        let pool = CallbackPool(maxConcurrent: 3)
        let gate = RuntimeGate()
        let gauge = RuntimeGauge()
        for _ in 0..<10 {
            pool.submit { _ in
                gauge.enter()
                gate.pass()
                gauge.leave()
            }
        }
        #expect(RuntimeTiming.spin(until: { gauge.current == 3 }))
        RuntimeTiming.block(milliseconds: 20)
        #expect(gauge.current == 3)
        #expect(pool.runningCount == 3)
        #expect(pool.queuedCount == 7)
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(gauge.peak == 3)
        #expect(pool.queuedCount == 0)
    }

    @Test("queued callbacks start in submission order")
    func fifoOrder() {
        let pool = CallbackPool(maxConcurrent: 1)
        let gate = RuntimeGate()
        let order = RuntimeRecorder<Int>()
        pool.submit { _ in gate.pass() }
        for index in 0..<20 {
            pool.submit { _ in order.append(index) }
        }
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(order.values == Array(0..<20))
    }

    @Test("a submission beyond maxQueued settles RESOURCE_EXHAUSTED at once and never runs")
    func queueFull() {
        let pool = CallbackPool(maxConcurrent: 1, maxQueued: 2)
        let gate = RuntimeGate()
        let ran = RuntimeCounter()
        pool.submit { _ in gate.pass() }
        pool.submit { _ in ran.increment() }
        pool.submit { _ in ran.increment() }
        let rejected = pool.submit { _ in ran.increment() }
        #expect(rejected.isFinished)
        #expect(rejected.wait().code == .resourceExhausted)
        #expect(pool.queuedCount == 2)
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(ran.current == 2)
        #expect(pool.completedCount == 4)
    }

    @Test("waitForAll returns only once everything queued and running is done")
    func waitForAllWaits() async {
        let pool = CallbackPool(maxConcurrent: 2)
        let done = RuntimeCounter()
        for _ in 0..<6 {
            pool.submit { _ in
                RuntimeTiming.block(milliseconds: 20)
                done.increment()
            }
        }
        await pool.waitForAll()
        #expect(done.current == 6)
        #expect(pool.runningCount == 0)
        #expect(pool.queuedCount == 0)
    }

    @Test("the blocking waitForAll times out while a callback is stuck")
    func blockingWaitForAllTimesOut() {
        let pool = CallbackPool(maxConcurrent: 1)
        let gate = RuntimeGate()
        pool.submit { _ in gate.pass() }
        #expect(!pool.waitForAll(timeout: .milliseconds(20)))
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
        #expect(CallbackPool(maxConcurrent: 1).waitForAll(timeout: .zero))
    }

    @Test("callbacks never run on the submitting thread")
    func notOnSubmittingThread() {
        let pool = CallbackPool(maxConcurrent: 2)
        let submitter = RuntimeTiming.threadID()
        let threads = RuntimeRecorder<UInt>()
        let tickets = (0..<20).map { _ in pool.submit { _ in threads.append(RuntimeTiming.threadID()) } }
        for ticket in tickets { _ = ticket.wait() }
        #expect(threads.values.count == 20)
        #expect(!threads.values.contains(submitter))
    }

    @Test("the shared pool allows at least four concurrent callbacks")
    func sharedPoolSize() {
        #expect(CallbackPool.shared.maxConcurrent >= 4)
        #expect(CallbackPool(maxConcurrent: 0, maxQueued: -1).maxConcurrent == 1)
    }
}
