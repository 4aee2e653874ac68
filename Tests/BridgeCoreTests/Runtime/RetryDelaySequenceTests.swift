import Testing
@testable import BridgeCore

@Suite("RetryDelaySequence")
struct RetryDelaySequenceTests {
    let policy = RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(10),
                             maxBackoff: .milliseconds(200), multiplier: 2)

    /// min(max, initial * 2^n), computed independently of the code under test.
    func cap(_ retry: Int) -> Duration {
        min(.milliseconds(200), .milliseconds(10) * (1 << retry))
    }

    @Test("full-jitter delays stay within 0...min(max, initial * multiplier^n)")
    func boundsWithSeededGenerator() {
        for seed in UInt64(1)...20 {
            let delays = Array(RetryDelaySequence(policy: policy, generator: RuntimeSeededGenerator(seed: seed)))
            #expect(delays.count == 9)
            for (retry, delay) in delays.enumerated() {
                #expect(delay >= .zero)
                #expect(delay <= cap(retry), "retry \(retry) with seed \(seed)")
            }
        }
    }

    @Test("the same seed gives the same delays; jitter actually varies them")
    func deterministic() {
        let first = Array(RetryDelaySequence(policy: policy, generator: RuntimeSeededGenerator(seed: 42)))
        let again = Array(RetryDelaySequence(policy: policy, generator: RuntimeSeededGenerator(seed: 42)))
        let other = Array(RetryDelaySequence(policy: policy, generator: RuntimeSeededGenerator(seed: 43)))
        #expect(first == again)
        #expect(first != other)
        #expect(first.enumerated().contains { $0.element < cap($0.offset) })
        // One sequence value iterates the same way twice.
        let sequence = RetryDelaySequence(policy: policy, generator: RuntimeSeededGenerator(seed: 7))
        #expect(Array(sequence) == Array(sequence))
    }

    @Test("without jitter the delays are the capped exponential backoff")
    func noJitter() {
        var exact = policy
        exact.jitter = .none
        let delays = Array(RetryDelaySequence(policy: exact, generator: RuntimeSeededGenerator(seed: 1)))
        #expect(delays == (0..<9).map(cap))
        #expect(exact.backoffCap(forRetry: 3) == .milliseconds(80))
        #expect(exact.backoffCap(forRetry: 500) == .milliseconds(200))
    }

    @Test("equal jitter keeps at least half the cap")
    func equalJitter() {
        var halved = policy
        halved.jitter = .equal
        let delays = Array(RetryDelaySequence(policy: halved, generator: RuntimeSeededGenerator(seed: 9)))
        for (retry, delay) in delays.enumerated() {
            #expect(delay >= cap(retry) / 2 - .nanoseconds(1))
            #expect(delay <= cap(retry))
        }
    }

    @Test("defaults follow the documented policy")
    func defaults() {
        let defaults = RetryPolicy.defaults
        #expect(defaults.jitter == .full)
        #expect(defaults.retryableCodes == [.unavailable, .resourceExhausted, .aborted])
        #expect(Array(RetryDelaySequence(policy: defaults)).count == defaults.maxAttempts - 1)
        #expect(Array(RetryDelaySequence(policy: .never)).isEmpty)
    }
}
