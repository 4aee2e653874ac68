import BridgeTestSupport
import Testing
@testable import BridgeCore

@Suite("Callbacks.retry")
struct CallbacksRetryTests {
    let policy = RetryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(100), maxBackoff: .seconds(1))

    @Test("succeeds after k retryable failures, sleeping the seeded delays in between")
    func succeedsAfterFailures() async throws {
        let attempts = RuntimeRecorder<Int>()
        let sleeps = RuntimeRecorder<Duration>()
        let value = try await Callbacks.retry(policy: policy, random: RuntimeSeededGenerator(seed: 5),
                                              sleep: { sleeps.append($0) }) { attempt in
            attempts.append(attempt)
            if attempt < 3 { throw BridgeError.unavailable("down") }
            return "up on \(attempt)"
        }
        #expect(value == "up on 3")
        #expect(attempts.values == [1, 2, 3])
        let expected = Array(RetryDelaySequence(policy: policy, generator: RuntimeSeededGenerator(seed: 5)).prefix(2))
        #expect(sleeps.values == expected)
    }

    @Test("a non-retryable error is thrown at once")
    func stopsOnNonRetryable() async {
        let attempts = RuntimeCounter()
        let sleeps = RuntimeCounter()
        await #expect(throws: BridgeError.invalidArgument("bad request")) {
            try await Callbacks.retry(policy: policy, sleep: { _ in sleeps.increment() }) { _ -> Int in
                attempts.increment()
                throw BridgeError.invalidArgument("bad request")
            }
        }
        #expect(attempts.current == 1)
        #expect(sleeps.current == 0)
    }

    @Test("a non-BridgeError becomes UNKNOWN and is not retried")
    func foreignErrorIsUnknown() async {
        struct Oops: Error {}
        let attempts = RuntimeCounter()
        do {
            _ = try await Callbacks.retry(policy: policy, sleep: { _ in }) { _ -> Int in
                attempts.increment()
                throw Oops()
            }
            Issue.record("retry should have thrown")
        } catch {
            #expect((error as? BridgeError)?.code == .unknown)
        }
        #expect(attempts.current == 1)
    }

    @Test("when attempts run out the last error is thrown")
    func exhaustsAttempts() async {
        let sleeps = RuntimeCounter()
        await #expect(throws: BridgeError.unavailable("attempt 4")) {
            try await Callbacks.retry(policy: policy, sleep: { _ in sleeps.increment() }) { attempt -> Int in
                throw BridgeError.unavailable("attempt \(attempt)")
            }
        }
        #expect(sleeps.current == 3)
    }

    @Test("an exhausted budget stops retries, and successes refill it")
    func respectsBudget() async {
        let budget = RetryBudget(maxTokens: 4, tokenRatio: 0.5)
        var generous = policy
        generous.maxAttempts = 10
        let attempts = RuntimeCounter()
        let alwaysDown: @Sendable (Int) async throws -> Int = { _ in
            attempts.increment()
            throw BridgeError.unavailable("down")
        }
        // 4 tokens: the first failure leaves 3 (> 2, retry), the second leaves 2 (throttled).
        await #expect(throws: BridgeError.self) {
            try await Callbacks.retry(policy: generous, budget: budget, sleep: { _ in }, operation: alwaysDown)
        }
        #expect(attempts.current == 2)
        #expect(budget.availableTokens == 2)
        // Throttled: the next call gets no retry at all.
        await #expect(throws: BridgeError.self) {
            try await Callbacks.retry(policy: generous, budget: budget, sleep: { _ in }, operation: alwaysDown)
        }
        #expect(attempts.current == 3)
        #expect(!budget.allowsRetry)
        // Successes earn the retries back.
        for _ in 0..<4 {
            _ = try? await Callbacks.retry(policy: generous, budget: budget, sleep: { _ in }) { _ in 1 }
        }
        #expect(budget.availableTokens == 3)
        #expect(budget.allowsRetry)
        for _ in 0..<20 { budget.recordSuccess() }
        #expect(budget.availableTokens == 4)
    }

    @Test("cancellation during the backoff ends the retry with CANCELLED")
    func cancelledDuringBackoff() async {
        let attempts = RuntimeCounter()
        let backingOff = RuntimeFlag()
        let task = Task {
            try await Callbacks.retry(policy: policy, sleep: { _ in
                backingOff.set()
                try await Task.sleep(for: .seconds(30))
            }) { _ -> Int in
                attempts.increment()
                throw BridgeError.unavailable("down")
            }
        }
        #expect(await eventually(seconds: 10) { backingOff.isSet })
        task.cancel()
        await #expect(throws: BridgeError.cancelled()) { try await task.value }
        #expect(attempts.current == 1)
    }
}
