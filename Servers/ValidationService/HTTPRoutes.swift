import BridgeCore
import BridgeIO
import BridgeServices
import HTTP1
import HTTPBridge
import Synchronization

/// The validation service's HTTP routes (CONTRACT.md section 2): a readable table from
/// method and path to handler, with the contract's status for everything that goes wrong.
/// Paths the table does not have go to the registered methods (``ServiceRegistry``), behind the
/// same rate limit and token.
public final class HTTPRoutes: HTTPRequestHandler {
    let service: any MessageService
    let token: String?
    let async: AsyncRequests?
    let rateLimiter: SharedRateLimiter?
    let metrics: MetricsBoard?
    let methods: MethodHTTPHandler
    let startedAt = ContinuousClock.now

    /// Routes to `service`; with a `token` every route but `/healthz` wants
    /// `Authorization: Bearer <token>`. `async` enables `/validate-async` and `/requests`,
    /// `rateLimit` a per-client limit (429), `metrics` `GET /metrics`.
    public init(service: any MessageService, token: String?, async: AsyncRequests? = nil,
                rateLimit: (limit: Int, window: Duration)? = nil, metrics: MetricsBoard? = nil,
                methods: ServiceRegistry = ServiceRegistry()) {
        self.service = service
        self.metrics = metrics
        self.methods = MethodHTTPHandler(registry: methods)
        self.token = token
        self.async = async
        self.rateLimiter = rateLimit.map { SharedRateLimiter(SlidingWindowRateLimiter(limit: $0.limit, window: $0.window)) }
    }

    private enum Route: Equatable {
        case validate(forcedType: String?)
        case validateAsync
        case listRequests
        case showRequest
        case health
        case metrics
    }

    /// method and path -> route; the methods each path allows (for 405).
    private static let table: [String: (methods: Set<String>, route: Route)] = [
        "/validate": (["POST"], .validate(forcedType: nil)),
        "/ipcbridge.v1.Validation/Validate": (["POST"], .validate(forcedType: nil)),
        "/ipcbridge.v1.Validation/Echo": (["POST"], .validate(forcedType: MessageType.echo)),
        "/validate-async": (["POST"], .validateAsync),
        "/requests": (["GET", "HEAD"], .listRequests),
        "/requests/*": (["GET", "HEAD"], .showRequest),
        "/healthz": (["GET", "HEAD"], .health),
        "/metrics": (["GET", "HEAD"], .metrics),
    ]

    /// The table key for a path: `/requests/{id}` matches `/requests/*`.
    private static func key(for path: String) -> String {
        path.hasPrefix("/requests/") && path.count > 10 ? "/requests/*" : path
    }

    public func handle(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder) {
        if request.head.path != "/healthz", let rateLimiter {
            let decision = rateLimiter.admit(client: context.peer.isEmpty ? "local" : context.peer)
            if let seconds = decision.retryAfterSeconds {
                var headers: HTTPHeaders = [:]
                headers.add("Retry-After", String(seconds))
                return responder.respond(.error(BridgeError(.resourceExhausted, "rate limit exceeded; retry in \(seconds) s"),
                                                status: 429, headers: headers))
            }
        }
        guard let entry = Self.table[Self.key(for: request.head.path)] else {
            return unrouted(request, context: context, responder: responder)
        }
        guard entry.methods.contains(request.head.method) else {
            var headers: HTTPHeaders = [:]
            headers.add("Allow", entry.methods.sorted().joined(separator: ", "))
            return responder.respond(.error(BridgeError(.unimplemented, "\(request.head.method) is not allowed on \(request.head.path)"),
                                            status: 405, headers: headers))
        }
        if case .health = entry.route {
            return responder.respond(.json(200, health()))
        }
        guard authorized(request) else { return refuseUnauthorized(responder) }
        switch entry.route {
        case .health:
            break
        case .metrics:
            guard let metrics else { return responder.respond(.error(BridgeError(.notFound, "metrics are not enabled"))) }
            var headers: HTTPHeaders = [:]
            headers.add("Content-Type", PrometheusText.contentType)
            responder.respond(HTTPResponse(status: 200, headers: headers, body: Array(metrics.render().utf8)))
        case .validate(let forcedType):
            validate(request, forcedType: forcedType, context: context, responder: responder)
        case .validateAsync, .listRequests, .showRequest:
            guard let async else {
                return responder.respond(.error(BridgeError(.unimplemented, "asynchronous requests are not enabled")))
            }
            RequestRoutes(async: async).handle(entry.route == .validateAsync ? .accept : entry.route == .listRequests ? .list : .show,
                                               request, responder: responder)
        }
    }

    /// A path the table does not have: a registered method, or 404 (`UNIMPLEMENTED` for a POST to
    /// a `/package.Service/Method` path, as gRPC and framed TCP answer an unknown method;
    /// `NOT_FOUND` for anything else).
    private func unrouted(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder) {
        let path = request.head.path
        guard methods.registry.serves(path) else {
            if request.head.method == "POST", Self.isMethodPath(path) {
                return responder.respond(.error(BridgeError(.unimplemented, "unknown method \(path)")))
            }
            return responder.respond(.error(BridgeError(.notFound, "no route \(request.head.method) \(path)")))
        }
        guard authorized(request) else { return refuseUnauthorized(responder) }
        methods.handle(request, context: context, responder: responder)
    }

    /// `/package.Service/Method`: two non-empty segments.
    static func isMethodPath(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return segments.count == 3 && segments[0].isEmpty && !segments[1].isEmpty && !segments[2].isEmpty
    }

    private func refuseUnauthorized(_ responder: HTTPResponder) {
        var headers: HTTPHeaders = [:]
        headers.add("WWW-Authenticate", "Bearer")
        responder.respond(.error(BridgeError(.unauthenticated, "missing or wrong bearer token"), headers: headers))
    }

    private func authorized(_ request: HTTP1Request) -> Bool {
        guard let token else { return true }
        guard let header = request.head.headers["Authorization"], header.hasPrefix("Bearer ") else { return false }
        return HMAC.constantTimeEquals(Array(header.dropFirst(7).utf8), Array(token.utf8))
    }

    private func validate(_ request: HTTP1Request, forcedType: String?, context: HTTPRequestContext, responder: HTTPResponder) {
        var message: BridgeMessage
        do {
            message = try BridgeMessage(json: request.body)
        } catch {
            return responder.respond(.error(.invalidArgument("body is not a BridgeMessage: \(error)")))
        }
        if let forcedType { message.type = forcedType }
        if message.type.isEmpty { message.type = MessageType.validationRequest }
        if message.messageID.isEmpty { message.messageID = MessageID.next() }
        if message.type == MessageType.watch {
            return responder.respond(.error(BridgeError(.unimplemented, "WATCH streams; over HTTP there is no stream: use tcp or grpc"),
                                            requestID: message.messageID))
        }
        service.handle(message, replies: HTTPReplyWriter(loop: context.loop, responder: responder))
    }

    private func health() -> JSONValue {
        [
            "status": "ok",
            "queue_depth": .number(Double(async?.queueDepth ?? 0)),
            "active_workers": .number(Double(async?.activeWorkers ?? 0)),
            "uptime_s": .number((ContinuousClock.now - startedAt).secondsDouble.rounded()),
        ]
    }
}

/// Turns the service's one answer into the HTTP response: 200, or the status its error maps to.
struct HTTPReplyWriter: ReplyWriter {
    let loop: EventLoop
    let responder: HTTPResponder
    var transport: String { "http" }

    func send(_ message: BridgeMessage) {
        if let error = message.carriedError {
            responder.respond(.message(error.code.httpStatus, message))
        } else {
            responder.respond(.message(200, message))
        }
    }

    func finish() {}
}

/// One rate limiter shared by every connection's loop.
final class SharedRateLimiter: Sendable {
    private let limiter: Locked<SlidingWindowRateLimiter>

    init(_ limiter: SlidingWindowRateLimiter) {
        self.limiter = Locked(limiter)
    }

    func admit(client: String) -> RateDecision {
        limiter.withLock { $0.admit(client: client, now: .now) }
    }
}
