/// The delays to wait before each retry of a ``RetryPolicy``: exponential backoff, capped,
/// randomised by the policy's jitter (full jitter by default).
///
/// Generic over the random number generator so tests can inject a seeded one and get the same
/// delays every run. It holds `maxAttempts - 1` delays, one before each retry. Each iteration
/// starts from the generator's state at creation, so iterating twice gives the same delays.
public struct RetryDelaySequence<Generator: RandomNumberGenerator>: Sequence {
    /// The policy the delays follow.
    public let policy: RetryPolicy
    /// The source of jitter.
    public let generator: Generator

    /// The delays of `policy`, drawn from `generator`.
    public init(policy: RetryPolicy, generator: Generator) {
        self.policy = policy
        self.generator = generator
    }

    /// Produces the delays one by one.
    public struct Iterator: IteratorProtocol {
        private let policy: RetryPolicy
        private var generator: Generator
        private var retry = 0

        init(policy: RetryPolicy, generator: Generator) {
            self.policy = policy
            self.generator = generator
        }

        /// The delay before the next retry, nil once every retry has one.
        public mutating func next() -> Duration? {
            guard retry < policy.maxAttempts - 1 else { return nil }
            defer { retry += 1 }
            return policy.delay(forRetry: retry, using: &generator)
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(policy: policy, generator: generator)
    }

    /// The number of delays: one per retry.
    public var underestimatedCount: Int { Swift.max(0, policy.maxAttempts - 1) }
}

extension RetryDelaySequence where Generator == SystemRandomNumberGenerator {
    /// The delays of `policy` with the system's random numbers: what production code wants.
    public init(policy: RetryPolicy) {
        self.init(policy: policy, generator: SystemRandomNumberGenerator())
    }
}

extension RetryDelaySequence: Sendable where Generator: Sendable {}
