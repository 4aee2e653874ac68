import BridgeIO
import Dispatch
import Synchronization
import Testing
@testable import BridgeCore

@Suite("PendingCall: one completion primitive under three calling styles")
struct PendingCallTests {
    let answer = BridgeMessage(messageID: "a", type: "PONG", requestID: "q")

    @Test("blocking wait returns the result delivered from another thread")
    func blocking() throws {
        let call = PendingCall()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(20)) { call.complete(.success(answer)) }
        #expect(try call.wait() == answer)
    }

    @Test("async value returns the result, and only the first completion counts")
    func asyncValue() async throws {
        let call = PendingCall()
        Task { call.complete(.success(answer)) }
        #expect(try await call.value() == answer)
        #expect(call.complete(.failure(.internal("late"))) == false)
        #expect(try await call.value() == answer)
    }

    @Test("every waiter on one call hears its result once, in the order they came, and late ones at once")
    func severalWaiters() async throws {
        let call = PendingCall()
        let heard = Locked<[String]>([])
        for name in ["first", "second", "third"] {
            call.whenCompleteInline { result in heard.withLock { $0.append("\(name) \((try? result.get())?.type ?? "-")") } }
        }
        let pooled: Result<BridgeMessage, BridgeError> = await withCheckedContinuation { continuation in
            call.whenComplete { continuation.resume(returning: $0) }
            call.complete(.success(answer))
            call.complete(.failure(.internal("late")))
        }
        call.whenCompleteInline { result in heard.withLock { $0.append("after \((try? result.get())?.type ?? "-")") } }
        #expect(heard.withLock { $0 } == ["first PONG", "second PONG", "third PONG", "after PONG"])
        #expect(try pooled.get() == answer)
        #expect(try await call.value() == answer)
    }

    @Test("a completion handler runs off the completing thread, with the result")
    func callback() async throws {
        let call = PendingCall()
        let result: Result<BridgeMessage, BridgeError> = await withCheckedContinuation { continuation in
            call.whenComplete { continuation.resume(returning: $0) }
            call.complete(.failure(BridgeError(.unavailable, "down")))
        }
        #expect(throws: BridgeError.self) { try result.get() }
    }

    @Test("cancel completes with CANCELLED and runs the transport's cancel hook once")
    func cancel() async {
        let call = PendingCall()
        let hookRuns = Atomic<Int>(0)
        call.setCancelHandler { hookRuns.add(1, ordering: .relaxed) }
        call.cancel()
        call.cancel()
        #expect(hookRuns.load(ordering: .relaxed) == 1)
        await #expect(throws: BridgeError.cancelled()) { try await call.value() }
    }

    @Test("a cancel hook set after the call was cancelled runs at once; after an answer, never")
    func lateCancelHook() {
        let hooks = Atomic<Int>(0)
        let cancelled = PendingCall()
        cancelled.cancel()
        cancelled.setCancelHandler { hooks.add(1, ordering: .relaxed) }
        #expect(hooks.load(ordering: .relaxed) == 1)

        let answered = PendingCall()
        answered.complete(.success(.request("PONG")))
        answered.setCancelHandler { hooks.add(1, ordering: .relaxed) }
        answered.cancel()
        #expect(hooks.load(ordering: .relaxed) == 1)
    }

    @Test("cancelling the awaiting task cancels the call")
    func taskCancellation() async {
        let call = PendingCall()
        let task = Task { try await call.value() }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        let result = await task.result
        #expect(throws: BridgeError.self) { try result.get() }
        #expect(call.result.map { (try? $0.get()) == nil } == true)
    }

    @Test("a blocking wait on an event-loop thread throws instead of deadlocking")
    func blockingOnLoopThrows() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.shutdown() }
        let call = PendingCall()
        let code: StatusCode? = await withCheckedContinuation { (continuation: CheckedContinuation<StatusCode?, Never>) in
            loop.execute {
                do {
                    _ = try call.wait()
                    continuation.resume(returning: nil)
                } catch {
                    continuation.resume(returning: (error as? BridgeError)?.code)
                }
            }
        }
        #expect(code == .failedPrecondition)
    }

    @Test("completion handlers never run on an event-loop thread")
    func callbacksOffLoop() async throws {
        let loop = try EventLoop(name: "test-loop")
        defer { loop.shutdown() }
        let call = PendingCall()
        let ranOnIOThread: Bool = await withCheckedContinuation { continuation in
            call.whenComplete { _ in continuation.resume(returning: EventLoop.isOnIOThread) }
            loop.execute { call.complete(.success(answer)) }
        }
        #expect(ranOnIOThread == false)
    }
}
