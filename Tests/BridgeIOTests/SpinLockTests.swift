import Dispatch
import Foundation
import Testing
import BridgeIO

/// A counter only ever touched under its lock: the test fails if two threads ever hold it at once.
private final class GuardedCounter: @unchecked Sendable {  // `count` and `holders` only under `lock`
    let lock = SpinLock()
    var count = 0
    var holders = 0
    var overlaps = 0
}

@Suite("SpinLock: one holder at a time")
struct SpinLockTests {
    @Test("threads contending for it never hold it together, and no increment is lost")
    func mutualExclusion() {
        let counter = GuardedCounter()
        let threads = 4, rounds = 50_000
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<rounds {
                counter.lock.lock()
                counter.holders += 1
                if counter.holders > 1 { counter.overlaps += 1 }
                counter.count += 1
                counter.holders -= 1
                counter.lock.unlock()
            }
        }
        let (count, overlaps) = counter.lock.withLock { (counter.count, counter.overlaps) }
        #expect(count == threads * rounds)
        #expect(overlaps == 0)
    }

    @Test("a holder that is slow to release keeps the others waiting until it does")
    func waitsForTheHolder() {
        let counter = GuardedCounter()
        let waiterStarted = DispatchSemaphore(value: 0)
        let waiterDone = DispatchSemaphore(value: 0)
        counter.lock.lock()
        // A thread of its own: the waiter spins and yields, which must not hold a pool thread.
        Thread {
            waiterStarted.signal()
            counter.lock.withLock { counter.count += 1 }
            waiterDone.signal()
        }.start()
        waiterStarted.wait()
        // Holding the lock: the waiter cannot have got in.
        #expect(waiterDone.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        #expect(counter.count == 0)
        counter.lock.unlock()
        #expect(waiterDone.wait(timeout: .now() + .seconds(10)) == .success)
        #expect(counter.lock.withLock { counter.count } == 1)
    }
}
