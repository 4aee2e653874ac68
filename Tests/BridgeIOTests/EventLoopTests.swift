import BridgeTestSupport
import Dispatch
import Synchronization
import Testing
@testable import BridgeIO

@Suite("EventLoop")
struct EventLoopTests {
    @Test("tasks from many threads all run, on the loop thread")
    func executeFromManyThreads() async throws {
        let loop = try EventLoop(name: "t")
        defer { loop.shutdown() }
        let ran = Atomic<Int>(0)
        let offLoop = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<1000 {
                loop.execute {
                    if !loop.inEventLoop { offLoop.add(1, ordering: .relaxed) }
                    ran.add(1, ordering: .relaxed)
                }
            }
        }
        _ = await eventually { ran.load(ordering: .relaxed) >= 8000 }
        #expect(ran.load(ordering: .relaxed) == 8000)
        #expect(offLoop.load(ordering: .relaxed) == 0)
    }

    @Test("timers fire in deadline order after their delay; cancelled ones never fire")
    func timers() async throws {
        let loop = try EventLoop(name: "t")
        defer { loop.shutdown() }
        let fired = Locked<[Int]>([])
        let start = ContinuousClock.now
        let elapsedAtLast = Locked<Duration>(.zero)
        loop.execute {
            loop.scheduleTimer(after: .milliseconds(60)) {
                fired.withLock { $0.append(60) }
                elapsedAtLast.withLock { $0 = ContinuousClock.now - start }
            }
            loop.scheduleTimer(after: .milliseconds(20)) { fired.withLock { $0.append(20) } }
            let cancelled = loop.scheduleTimer(after: .milliseconds(40)) { fired.withLock { $0.append(40) } }
            loop.cancelTimer(cancelled)
        }
        _ = await eventually { fired.withLock { $0.count } >= 2 }
        try await Task.sleep(for: .milliseconds(30))
        #expect(fired.withLock { $0 } == [20, 60])
        #expect(elapsedAtLast.withLock { $0 } >= .milliseconds(60))
    }

    @Test("the default group has one loop per CPU this process may use")
    func groupSize() throws {
        let group = try EventLoopGroup(threads: 3)
        defer { group.shutdown() }
        #expect(group.loops.count == 3)
        #expect(EventLoopGroup.defaultThreadCount >= 1)
        #expect(Set([group.next(), group.next(), group.next()].map(ObjectIdentifier.init)).count == 3)
    }

    @Test("a task preferring the loop as its executor runs there, and is resumed there by the loop")
    func taskExecutorPreference() async throws {
        let loop = try EventLoop(name: "tasks")
        defer { loop.shutdown() }
        let observed = await withTaskExecutorPreference(loop) {
            await withTaskGroup(of: [Bool].self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        var onLoop = [loop.inEventLoop]
                        for _ in 0..<5 {
                            // An answer arriving on the loop thread (as a connection's read would) resumes the task.
                            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                                loop.scheduleTimer(after: .milliseconds(1)) { continuation.resume() }
                            }
                            onLoop.append(loop.inEventLoop)
                        }
                        return onLoop
                    }
                }
                return await group.reduce(into: [Bool]()) { $0 += $1 }
            }
        }
        #expect(observed.count == 16 * 6)
        #expect(observed.allSatisfy { $0 }, "every step of every task ran on the loop thread")
    }
}
