import BridgeTestSupport
import Dispatch
import Glibc
import Synchronization
import Testing
@testable import BridgeIO

/// Resumes every waiting task from its read callback, in the order they registered; the tasks
/// then run on the loop (their executor), after the callback, each knowing its position.
final class ResumingHandler: ConnectionHandler, @unchecked Sendable {
    let waiting = Locked<[CheckedContinuation<(Int, Connection), Never>]>([])
    /// Signalled by the test's peer once it has the first tasks' bytes.
    let peerHasFirst = DispatchSemaphore(value: 0)
    /// Whether they arrived while a later task still held the loop.
    let arrivedMidTick = Atomic<Bool>(false)

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        let resumed = waiting.withLock { waiting in
            defer { waiting = [] }
            return waiting
        }
        for (position, continuation) in resumed.enumerated() { continuation.resume(returning: (position, connection)) }
        return bytes.count
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {}
}

@Suite("EventLoop: output of resumed tasks leaves before the tick ends")
struct EarlyFlushTests {
    @Test("tasks resumed by one read: the first ones' output reaches the peer while the rest still run")
    func firstOutputLeavesMidTick() async throws {
        let tasks = 20
        let early = EventLoop.jobsBeforeEarlyFlush
        let handler = ResumingHandler()
        let (group, listener) = try ConnectionTests.server("127.0.0.1:0", threads: 1) { handler }
        defer { listener.close(); group.shutdown() }
        let address = listener.address
        let hold = TestTiming.bound(.seconds(5))

        let received = try await withTaskExecutorPreference(group.loops[0]) {
            try await withThrowingTaskGroup(of: [UInt8]?.self) { running in
                for _ in 0..<tasks {
                    running.addTask {
                        let (position, connection) = await withCheckedContinuation { continuation in
                            handler.waiting.withLock { $0.append(continuation) }
                        }
                        connection.sendSoon([UInt8(position)])
                        if position == early {
                            // Holds the loop: the first bytes arrive in time only if they left
                            // before this job ran.
                            let arrived = handler.peerHasFirst.wait(timeout: .now() + .milliseconds(Int(hold.components.seconds) * 1000)) == .success
                            handler.arrivedMidTick.store(arrived, ordering: .sequentiallyConsistent)
                        }
                        return nil
                    }
                }
                running.addTask {
                    try await onDedicatedThread { () throws -> [UInt8]? in
                        let client = try BlockingSocket(connectingTo: address, timeout: .seconds(10))
                        defer { client.close() }
                        let deadline = ContinuousClock.now + hold
                        while handler.waiting.withLock({ $0.count }) < tasks && ContinuousClock.now < deadline {
                            usleep(10_000)
                        }
                        try client.send([1])
                        guard let first = try client.receive(exactly: early) else { return nil }
                        handler.peerHasFirst.signal()
                        guard let rest = try client.receive(exactly: tasks - early) else { return nil }
                        return first + rest
                    }
                }
                var bytes: [UInt8]?
                for try await result in running where result != nil { bytes = result }
                return bytes
            }
        }
        #expect(received == (0..<tasks).map { UInt8($0) }, "every task's byte, in the order they ran")
        let arrived = handler.arrivedMidTick.load(ordering: .sequentiallyConsistent)
        #expect(arrived, "the first \(early) tasks' bytes reached the peer before task \(early) finished")
    }
}
