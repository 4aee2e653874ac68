import BridgeTestSupport
import Dispatch
import Testing
@testable import BridgeCore

@Suite("Callbacks.withTimeout and Callbacks.run")
struct CallbacksTimeoutTests {
    @Test("an operation that finishes in time returns its value")
    func returnsValue() async throws {
        let value = try await Callbacks.withTimeout(.seconds(2)) { 5 }
        #expect(value == 5)
        await #expect(throws: BridgeError.unavailable("x")) {
            try await Callbacks.withTimeout(.seconds(2)) { () async throws -> Int in throw BridgeError.unavailable("x") }
        }
    }

    @Test("the deadline throws DEADLINE_EXCEEDED and cancels the operation")
    func deadlineCancels() async {
        let sawCancel = RuntimeFlag()
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try await Callbacks.withTimeout(.milliseconds(30)) { () async throws -> Int in
                do { try await Task.sleep(for: .seconds(30)) } catch { sawCancel.set(); throw error }
                return 1
            }
            Issue.record("withTimeout should have thrown")
        } catch {
            #expect((error as? BridgeError)?.code == .deadlineExceeded)
        }
        #expect(start.duration(to: clock.now) < TestTiming.bound(.seconds(10)))
        #expect(await eventually(seconds: 10) { sawCancel.isSet })
    }

    @Test("the deadline is kept even when the operation ignores cancellation")
    func promptEvenIfIgnored() async {
        let finished = RuntimeFlag()
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: BridgeError.self) {
            try await Callbacks.withTimeout(.milliseconds(20)) { () async -> Int in
                // A wait that cancellation cannot cut short (and that does not spin).
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(30 * TestTiming.scale)) { continuation.resume() }
                }
                finished.set()
                return 1
            }
        }
        // Generous bound: the machine may be busy (4.4 s seen in CI under load); the operation
        // itself takes 30 s.
        #expect(start.duration(to: clock.now) < TestTiming.bound(.seconds(15)))
        #expect(!finished.isSet)
    }

    @Test("cancelling the calling task throws CANCELLED")
    func callerCancelled() async {
        let task = Task {
            try await Callbacks.withTimeout(.seconds(5)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(30))
                return 1
            }
        }
        try? await Task.sleep(for: .milliseconds(10))
        task.cancel()
        await #expect(throws: BridgeError.cancelled("operation cancelled")) { try await task.value }
    }

    @Test("Callbacks.run turns throws into outcomes and measures the duration")
    func errorBoundary() async {
        struct Plain: Error {}
        let ok = await Callbacks.run { () async throws -> Int in
            try await Task.sleep(for: .milliseconds(30))
            return 3
        }
        #expect(ok.value == 3)
        #expect(ok.duration >= .milliseconds(29))
        let plain = await Callbacks.run { () async throws -> Int in throw Plain() }
        #expect(plain.code == .unknown)
        let bridge = await Callbacks.run { () async throws -> Int in throw BridgeError(.aborted, "conflict") }
        #expect(bridge.error == BridgeError(.aborted, "conflict"))
        let late = await Callbacks.run(timeout: .milliseconds(20)) { () async throws -> Int in
            try await Task.sleep(for: .seconds(30))
            return 0
        }
        #expect(late.code == .deadlineExceeded)
        #expect(late.duration < TestTiming.bound(.seconds(10)))
    }
}
