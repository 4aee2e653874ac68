import BridgeCore
import BridgeIO
import Dispatch
import HTTP1
import HTTPBridge
import Synchronization

/// Asynchronous request-reply: `POST /validate-async` is journaled and answered 202 at once;
/// a bounded set of workers runs the service and POSTs each answer to its callback URL,
/// retrying with backoff and jitter, signed per Standard Webhooks when a secret is set.
///
/// Durability: a request is written to the request log *before* 202 is sent, and every state
/// change after that is logged, so with a journal file a restarted server resumes exactly
/// where the old one stopped (a delivery cut short is retried with the same `webhook-id`, so a
/// receiver that dedupes by it sees each answer once). Log writes block, so they run on one
/// serial queue, never on an event loop.
public final class AsyncRequests: Sendable {
    struct Job: Sendable {
        let id: String
        let webhookID: String
        let callbackURL: String
        let request: BridgeMessage
        var answer: BridgeMessage?
    }

    private struct State {
        var queue: [Job] = []
        var active = 0
        var stopped = false
    }

    /// The request log: every accepted request, its answer and its delivery attempts.
    public let log: RequestLog
    let configuration: AsyncConfiguration
    private let service: any MessageService
    private let group: EventLoopGroup
    private let state = Locked(State())
    private let storage = DispatchQueue(label: "ipcbridge.request-log")
    /// Reads (`GET /requests`) on their own queue so they never wait behind a burst of writes.
    let readQueue = DispatchQueue(label: "ipcbridge.request-log-reads")
    private let clients = Locked<[String: HTTPClient]>([:])

    /// Opens the request log (creating the journal file when configured), resumes requests a
    /// previous run accepted but did not finish, and starts accepting. Throws when the log cannot be opened.
    public init(service: any MessageService, group: EventLoopGroup, configuration: AsyncConfiguration) throws(BridgeError) {
        self.service = service
        self.group = group
        self.configuration = configuration
        log = try RequestLog(path: configuration.journalPath ?? ":memory:")
        try resume()
    }

    /// Requests waiting for a worker.
    public var queueDepth: Int { state.withLock { $0.queue.count } }
    /// Requests being processed or delivered now.
    public var activeWorkers: Int { state.withLock { $0.active } }

    /// Picks up what a previous run left unfinished (journal only).
    private func resume() throws(BridgeError) {
        let unfinished = try log.pending()
        guard !unfinished.isEmpty else { return }
        state.withLock { state in
            state.queue = unfinished.map {
                Job(id: $0.id, webhookID: $0.webhookID, callbackURL: $0.callbackURL, request: $0.request, answer: $0.answer)
            }
        }
        startWorkers()
    }

    /// Stops starting new work; what is in flight is already journaled.
    public func stop() {
        state.withLock { $0.stopped = true }
        for client in clients.withLock({ Array($0.values) }) { client.close() }
    }

    // MARK: accepting (POST /validate-async)

    /// Validates, journals and queues one request, then answers through `responder`
    /// (202, or 400/404/409/503 with an ERROR body).
    func accept(_ body: [UInt8], responder: HTTPResponder) {
        let parsed: (id: String, url: String, message: BridgeMessage)
        do {
            parsed = try Self.parse(body)
        } catch {
            return responder.respond(.error(error))
        }
        storage.async { [self] in
            do {
                _ = try configuration.policy.check(parsed.url)
            } catch {
                return responder.respond(.error(BridgeError(.invalidArgument, "callback_url refused: \(error)"), requestID: parsed.id))
            }
            let full = state.withLock { $0.queue.count >= configuration.queueSize }
            if full {
                var headers: HTTPHeaders = [:]
                headers.add("Retry-After", "1")
                return responder.respond(.error(BridgeError(.unavailable, "queue full (\(configuration.queueSize) waiting)"),
                                                requestID: parsed.id, headers: headers))
            }
            let job = Job(id: parsed.id, webhookID: "msg_" + parsed.id, callbackURL: parsed.url, request: parsed.message)
            do {
                try log.insertAccepted(NewRequest(id: job.id, webhookID: job.webhookID, callbackURL: job.callbackURL,
                                                  request: job.request, acceptedAtMs: Clocks.unixMilliseconds()))
            } catch {
                return responder.respond(.error(BridgeError(wrapping: error), requestID: parsed.id))
            }
            state.withLock { $0.queue.append(job) }
            var headers: HTTPHeaders = [:]
            headers.add("Location", "/requests/\(job.id)")
            responder.respond(.json(202, ["status": "accepted", "request_id": .string(job.id)], headers: headers))
            startWorkers()
        }
    }

    static func parse(_ body: [UInt8]) throws(BridgeError) -> (id: String, url: String, message: BridgeMessage) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw .invalidArgument("body is not JSON: \(error)")
        }
        guard let url = value["callback_url"]?.stringValue, !url.isEmpty else {
            throw .invalidArgument("callback_url (a string) is required")
        }
        guard let messageValue = value["message"], case .object = messageValue else {
            throw .invalidArgument("message (a BridgeMessage object) is required")
        }
        var message: BridgeMessage
        do {
            message = try BridgeMessage(json: JSONWriter.encode(messageValue))
        } catch {
            throw .invalidArgument("message is not a BridgeMessage: \(error)")
        }
        if message.type.isEmpty { message.type = MessageType.validationRequest }
        if message.type == MessageType.watch {
            throw BridgeError(.unimplemented, "WATCH streams; it cannot be answered by one webhook")
        }
        let id = value["request_id"]?.stringValue ?? (message.messageID.isEmpty ? MessageID.next() : message.messageID)
        guard !id.isEmpty, id.utf8.count <= 200, !id.contains("/") else {
            throw .invalidArgument("request_id must be 1-200 characters without '/'")
        }
        if message.messageID.isEmpty { message.messageID = id }
        return (id, url, message)
    }

    // MARK: workers

    private func startWorkers() {
        while let job = state.withLock({ state -> Job? in
            guard !state.stopped, state.active < configuration.workers, !state.queue.isEmpty else { return nil }
            state.active += 1
            return state.queue.removeFirst()
        }) {
            run(job)
        }
    }

    private func finished() {
        state.withLock { $0.active -= 1 }
        startWorkers()
    }

    private func run(_ job: Job) {
        if job.answer != nil {
            storage.async { [self] in
                deliver(job, attempt: (try? log.record(id: job.id))?.attempts.count ?? 0)
            }
            return
        }
        storage.async { [self] in
            try? log.markProcessing(id: job.id)
            let loop = group.next()
            service.handle(job.request, replies: CollectingReplyWriter(loop: loop, transport: "http") { reply in
                // The webhook answers the accepted request: its request_id is that id, even
                // when the message carried a message_id of its own.
                var stamped = reply
                stamped.requestID = job.id
                let answer = stamped
                self.storage.async {
                    try? self.log.storeAnswer(id: job.id, answer: answer)
                    var answered = job
                    answered.answer = answer
                    self.deliver(answered, attempt: 0)
                }
            })
        }
    }

    // MARK: delivery

    /// POSTs the answer; `attempt` counts the attempts already made.
    private func deliver(_ job: Job, attempt: Int) {
        guard let answer = job.answer else { return finished() }
        guard !state.withLock({ $0.stopped }) else { return finished() }
        let url: CallbackURL
        let resolved: [String]
        do {
            // Checked again at delivery time: DNS may have changed since the request was accepted.
            (url, resolved) = try configuration.policy.check(job.callbackURL)
        } catch {
            return fail(job, reason: "callback_url refused at delivery: \(error)")
        }
        guard let address = resolved.first.flatMap({ try? SocketAddress(parsing: $0.contains(":") ? "[\($0)]:\(url.port)" : "\($0):\(url.port)") }) else {
            return fail(job, reason: "callback host \(url.host) did not resolve")
        }
        let body = answer.jsonBytes()
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Host": url.authority]
        if let secret = configuration.webhookSecret {
            for (name, value) in StandardWebhooks.headers(secret: secret, id: job.webhookID, timestamp: Clocks.unixMilliseconds() / 1000, body: body) {
                headers.replaceOrAdd(name, value)
            }
        } else {
            headers.replaceOrAdd(StandardWebhooks.idHeader, job.webhookID)
        }
        client(for: address).send(method: "POST", path: url.path, headers: headers, body: body,
                                  deadline: .now + configuration.deliveryTimeout) { result in
            self.storage.async { self.settle(job, attempt: attempt + 1, result: result) }
        }
    }

    private func settle(_ job: Job, attempt: Int, result: Result<HTTPClientResponse, BridgeError>) {
        let now = Clocks.unixMilliseconds()
        switch result {
        case .success(let response) where (200..<300).contains(response.status):
            try? log.recordAttempt(id: job.id, DeliveryAttempt(atMs: now, httpStatus: response.status, error: nil))
            try? log.markDelivered(id: job.id)
            finished()
        case .success(let response):
            try? log.recordAttempt(id: job.id, DeliveryAttempt(atMs: now, httpStatus: response.status, error: nil))
            retry(job, attempt: attempt, reason: "HTTP \(response.status)")
        case .failure(let error):
            try? log.recordAttempt(id: job.id, DeliveryAttempt(atMs: now, httpStatus: nil, error: error.description))
            retry(job, attempt: attempt, reason: error.description)
        }
    }

    private func retry(_ job: Job, attempt: Int, reason: String) {
        guard attempt < configuration.deliveryAttempts else {
            return fail(job, reason: "gave up after \(attempt) attempts; last: \(reason)")
        }
        // Exponential backoff with full jitter: the callback runtime's RetryPolicy.
        let delay = RetryPolicy(maxAttempts: configuration.deliveryAttempts, initialBackoff: configuration.initialBackoff,
                                maxBackoff: configuration.maxBackoff, multiplier: 2, jitter: .full)
            .delay(forRetry: attempt - 1)
        let loop = group.next()
        loop.execute { loop.scheduleTimer(after: delay) { self.deliver(job, attempt: attempt) } }
    }

    private func fail(_ job: Job, reason: String) {
        storage.async {
            try? self.log.markFailed(id: job.id, reason: reason)
            self.finished()
        }
    }

    private func client(for address: SocketAddress) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[address.description] { return client }
            let client = HTTPClient(address: address, configuration: .init(maxConnections: 4, group: group))
            clients[address.description] = client
            return client
        }
    }
}

/// Collects a service's single answer for a request nobody waits on directly.
struct CollectingReplyWriter: ReplyWriter {
    let loop: EventLoop
    let transport: String
    let onAnswer: @Sendable (BridgeMessage) -> Void

    func send(_ message: BridgeMessage) { onAnswer(message) }
    func finish() {}
}
