import BridgeIO

/// Wraps a ``MessageService`` so every request is counted in ``RequestMetrics`` and logged:
/// one line per request at debug level, every ERROR answer at error level. The transports
/// stay unaware of it; this sits between them and the service.
public struct InstrumentedService: MessageService {
    /// The service doing the work.
    public let inner: any MessageService
    /// Where each request is counted (`GET /metrics` reads it).
    public let metrics: RequestMetrics
    /// Where each request (debug) and each ERROR answer (error) is logged.
    public let logger: RequestLogger

    /// Wraps `inner`: its answers are counted in `metrics` and logged through `logger`.
    public init(_ inner: any MessageService, metrics: RequestMetrics, logger: RequestLogger) {
        self.inner = inner
        self.metrics = metrics
        self.logger = logger
    }

    public func handle(_ request: BridgeMessage, replies: any ReplyWriter) {
        inner.handle(request, replies: ObservedReplyWriter(inner: replies, request: request, metrics: metrics, logger: logger))
    }
}

/// Notes the first ERROR a request is answered with, and reports when the request finishes.
final class ObservedReplyWriter: ReplyWriter, @unchecked Sendable {
    private let inner: any ReplyWriter
    private let requestID: String
    private let type: String
    private let started = MonotonicTime.nanoseconds()
    private let observer: RequestObserver
    // Answers for one request arrive one after another (the service's contract), so these
    // need no lock: send and finish are never concurrent for the same request.
    private var error: (code: String, message: String)?
    private var finished = false

    init(inner: any ReplyWriter, request: BridgeMessage, metrics: RequestMetrics, logger: RequestLogger) {
        self.inner = inner
        self.requestID = request.messageID
        self.type = request.type
        self.observer = RequestObserver(metrics: metrics, logger: logger)
    }

    var loop: EventLoop { inner.loop }
    var transport: String { inner.transport }

    func send(_ message: BridgeMessage) {
        if error == nil, message.type == MessageType.error {
            error = (message.attributes["error_code"]?.stringValue ?? "UNKNOWN", message.attributes["error_message"]?.stringValue ?? "")
        }
        inner.send(message)
    }

    func finish() {
        guard !finished else { return }
        finished = true
        observer.record(transport: inner.transport, requestID: requestID, type: type, startedAt: started, error: error)
        inner.finish()
    }
}

/// Counts one finished request in ``RequestMetrics`` and logs it: what ``InstrumentedService``
/// does for a ``MessageService``, for request paths that do not go through one (the gRPC and
/// HTTP faces of a service registry, which see typed messages, not BridgeMessages).
public struct RequestObserver: Sendable {
    /// Where each request is counted (`GET /metrics` reads it).
    public let metrics: RequestMetrics
    /// Where each request (debug) and each failed one (error) is logged.
    public let logger: RequestLogger

    /// An observer counting into `metrics` and logging through `logger`.
    public init(metrics: RequestMetrics, logger: RequestLogger) {
        self.metrics = metrics
        self.logger = logger
    }

    /// Records a request that started at `startedAt` (``MonotonicTime`` nanoseconds) and ended
    /// now, with `error` (its status name and message) when it failed: one metrics sample, one
    /// log line at debug level, or at error level for a failure.
    public func record(transport: String, requestID: String, type: String, startedAt: UInt64,
                       error: (code: String, message: String)?) {
        let seconds = Double(MonotonicTime.nanoseconds() &- startedAt) / 1e9
        metrics.record(transport: transport, seconds: seconds, errorCode: error?.code)
        let level: LogLevel = error == nil ? .debug : .error
        guard logger.enabled(level) else { return }
        var fields = [("transport", transport), ("request_id", requestID), ("type", type), ("status", error?.code ?? "OK"),
                      ("latency_ms", String(Double(Int(seconds * 100_000)) / 100))]
        if let error { fields.append(("error", error.message)) }
        logger.log(level, "request", fields)
    }
}
