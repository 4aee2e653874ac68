import BridgeCore

/// Settings of asynchronous request-reply (`POST /validate-async` and webhook delivery).
public struct AsyncConfiguration: Sendable {
    /// Requests processed and delivered at once (the "workers"; they are event-loop tasks, not threads).
    public var workers: Int
    /// Accepted requests waiting for a worker; past this `/validate-async` answers 503.
    public var queueSize: Int
    /// Delivery attempts per answer before the request is marked failed.
    public var deliveryAttempts: Int
    /// Backoff between attempts: exponential from `initialBackoff`, capped, with full jitter.
    public var initialBackoff: Duration
    /// The longest wait between attempts, however many have failed.
    public var maxBackoff: Duration
    /// How long one delivery POST may take.
    public var deliveryTimeout: Duration
    /// Signs deliveries per Standard Webhooks when set.
    public var webhookSecret: WebhookSecret?
    /// Which callback URLs are acceptable.
    public var policy: CallbackURLPolicy
    /// SQLite file for the request log; nil keeps it in memory (lost on restart).
    public var journalPath: String?

    /// Settings with every value but `policy` defaulted: 8 workers, 1000 queued, 5 attempts
    /// backing off from 200 ms to 10 s, 10 s per POST, unsigned, the log in memory.
    public init(workers: Int = 8, queueSize: Int = 1000, deliveryAttempts: Int = 5,
                initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(10),
                deliveryTimeout: Duration = .seconds(10), webhookSecret: WebhookSecret? = nil,
                policy: CallbackURLPolicy, journalPath: String? = nil) {
        self.workers = workers
        self.queueSize = queueSize
        self.deliveryAttempts = deliveryAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.deliveryTimeout = deliveryTimeout
        self.webhookSecret = webhookSecret
        self.policy = policy
        self.journalPath = journalPath
    }
}
