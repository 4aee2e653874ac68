import BridgeCore
import BridgeIO
import BridgeServices
import GRPC
import HTTPBridge
import TCPBridge

/// The validation service behind its listeners, in one object: what `bridge-server` runs, and
/// what tests and `bridge demo` start in-process. Your own services ride along: methods
/// registered in ``Configuration/services`` are served on every listener next to the
/// validation service (see ``ServiceRegistry``).
///
/// ```swift
/// let host = try ServerHost(configuration: .init(tcp: "127.0.0.1:0"))
/// print(host.listeningLine)            // listening tcp=127.0.0.1:41234
/// defer { host.shutdown() }
/// ```
public final class ServerHost: Sendable {
    /// What to serve and how: the listeners, the service's rules and limits, and the operational
    /// settings `bridge-server`'s flags map onto.
    public struct Configuration: Sendable {
        /// `HOST:PORT` or `unix:PATH` for the framed TCP listener; nil for none.
        public var tcp: String?
        /// `HOST:PORT` or `unix:PATH` for the HTTP/1.1 listener; nil for none.
        public var http: String?
        /// `HOST:PORT` or `unix:PATH` for the gRPC (h2c) listener; nil for none.
        public var grpc: String?
        /// Largest HTTP request body (413 past it).
        public var maxBodyBytes: Int
        /// When set, every transport wants it: HELLO over framed TCP, a bearer token over HTTP and gRPC.
        public var token: String?
        /// The validation rules (the contract's built-in set by default; `--rules FILE` replaces it).
        public var rules: RuleSet
        /// Largest framed TCP frame body (`RESOURCE_EXHAUSTED` and a close past it).
        public var maxFrameBytes: Int
        /// Event loops; default one per CPU this process may use.
        public var threads: Int
        /// Bounds on the reserved attributes (`delay_ms`, `work_iterations`...).
        public var limits: ValidationServiceLimits
        /// Asynchronous request-reply and webhook delivery (HTTP listener only).
        public var webhookSecret: String?
        /// SQLite file for the request log, so accepted requests survive a restart; nil keeps it in memory.
        public var journal: String?
        /// Asynchronous requests processed at once.
        public var workers: Int
        /// Accepted asynchronous requests that may wait; past it `/validate-async` answers 503.
        public var queueSize: Int
        /// Per-client sliding window for HTTP (429 past it).
        public var rateLimit: (limit: Int, window: Duration)?
        /// Accept callback URLs on loopback, private and link-local addresses (tests, a receiver on
        /// the same host); off by default against SSRF.
        public var allowPrivateCallbacks: Bool
        /// Hosts or CIDRs callback URLs may resolve to even when private (`--allow-callback`).
        public var callbackAllowList: [String]
        /// Unix-socket listeners: only these users' processes may connect (SO_PEERCRED).
        public var allowedPeerUIDs: Set<UInt32>?
        /// Connection count, idle and stall timeouts, buffer caps: the same for every listener.
        public var connectionLimits = ConnectionLimits.defaults
        /// Request log lines: `debug` writes one per request, `error` only failures (default info:
        /// failures too, since every ERROR answer is logged at error level).
        public var logLevel: LogLevel = .info
        /// Where log lines go (default standard error).
        public var logSink: @Sendable (String) -> Void = RequestLogger.standardError
        /// HTTP/2 and gRPC limits (concurrent streams, header lists, message size, flood rates,
        /// bytes held for shut windows); its `connectionLimits` is replaced by the one above.
        public var grpcSettings = GRPCServerConfiguration.defaults
        /// Your own methods, served on every listener beside the validation service: gRPC at
        /// their paths, HTTP as `POST /package.Service/Method`, framed TCP as messages of type
        /// `package.Service/Method`. Behind the token like everything but health checks.
        public var services = ServiceRegistry()

        /// Listeners on `tcp` and `http` (gRPC and the rest are set as properties), with the given
        /// limits and rules and everything else at its default.
        public init(tcp: String? = nil, http: String? = nil, maxBodyBytes: Int = 4 * 1024 * 1024,
                    token: String? = nil, rules: RuleSet = .builtIn,
                    maxFrameBytes: Int = Frame.defaultMaxBytes, threads: Int = EventLoopGroup.defaultThreadCount,
                    limits: ValidationServiceLimits = .defaults) {
            self.tcp = tcp
            self.http = http
            self.maxBodyBytes = maxBodyBytes
            self.token = token
            self.rules = rules
            self.maxFrameBytes = maxFrameBytes
            self.threads = threads
            self.limits = limits
            self.grpc = nil
            self.webhookSecret = nil
            self.journal = nil
            self.workers = 8
            self.queueSize = 1000
            self.rateLimit = nil
            self.allowPrivateCallbacks = false
            self.callbackAllowList = []
            self.allowedPeerUIDs = nil
        }
    }

    /// The event loops every listener runs on.
    public let group: EventLoopGroup
    /// The validation service every transport answers with.
    public let service: ValidationService
    /// Requests, errors and latencies of every transport, and the gauges `GET /metrics` shows.
    public let metrics = MetricsBoard()
    /// The framed TCP listener, when configured.
    public let tcpServer: FramedServer?
    /// The HTTP/1.1 listener, when configured.
    public let httpServer: HTTPServer?
    /// The gRPC listener, when configured.
    public let grpcServer: GRPCServer?
    /// Asynchronous requests (with the HTTP listener).
    public let async: AsyncRequests?

    /// Starts every listener the configuration names; when this returns they all accept.
    public init(configuration: Configuration) throws(BridgeError) {
        do {
            group = try EventLoopGroup(threads: configuration.threads, name: "server-io")
        } catch {
            throw BridgeError(.internal, "cannot start event loops", cause: error.description)
        }
        service = ValidationService(rules: configuration.rules, limits: configuration.limits)
        let group = self.group
        let rules = configuration.rules
        let metrics = self.metrics
        // Every transport reaches the service through the instrumentation (metrics and logs).
        let logger = RequestLogger(level: configuration.logLevel, sink: configuration.logSink)
        let service = InstrumentedService(self.service, metrics: metrics.requests, logger: logger)
        // The validation service's Validate registered as your methods are, then yours (which win
        // on a clash); the registry counts and logs your methods' calls, the instrumented service
        // the validation service's.
        var methods = ServiceRegistry()
        ValidationMethods(service: service).register(in: &methods)
        methods.register(contentsOf: configuration.services)
        methods.observer = RequestObserver(metrics: metrics.requests, logger: logger)
        let registry = methods
        func listen<Server>(_ text: String?, _ transport: String, _ make: (SocketAddress) throws(IOError) -> Server) throws(BridgeError) -> Server? {
            guard let text else { return nil }
            do {
                return try make(try SocketAddress(parsing: text))
            } catch {
                throw BridgeError(.unavailable, "cannot listen on \(text)", transport: transport, target: text, cause: error.description)
            }
        }
        var tcp: FramedServer?
        var http: HTTPServer?
        var asyncRequests: AsyncRequests?
        do throws(BridgeError) {
            if configuration.http != nil {
                let secret: WebhookSecret?
                do {
                    secret = try configuration.webhookSecret.map { text throws(WebhookSecretError) in try WebhookSecret(text) }
                } catch {
                    throw BridgeError(.invalidArgument, "--webhook-secret: \(error)")
                }
                let policy: CallbackURLPolicy
                do {
                    policy = try CallbackURLPolicy(allowPrivate: configuration.allowPrivateCallbacks, allowList: configuration.callbackAllowList)
                } catch {
                    throw BridgeError(.invalidArgument, "callback allow-list: \(error)")
                }
                asyncRequests = try AsyncRequests(service: service, group: group, configuration: AsyncConfiguration(
                    workers: configuration.workers, queueSize: configuration.queueSize, webhookSecret: secret,
                    policy: policy, journalPath: configuration.journal))
            }
            let asyncForRoutes = asyncRequests
            tcp = try listen(configuration.tcp, "tcp") { address throws(IOError) in
                var framed = FramedServerConfiguration(maxFrameBytes: configuration.maxFrameBytes, token: configuration.token)
                framed.connectionLimits = configuration.listenerLimits
                return try FramedServer(address: address, group: group, service: ServiceDispatcher(registry: registry, fallback: service),
                                        configuration: framed)
            }
            http = try listen(configuration.http, "http") { address throws(IOError) in
                var http = HTTPServerConfiguration.defaults
                http.limits.maxBodyBytes = configuration.maxBodyBytes
                http.connectionLimits = configuration.listenerLimits
                return try HTTPServer(address: address, group: group, handler: HTTPRoutes(service: service, token: configuration.token, async: asyncForRoutes,
                                                                                   rateLimit: configuration.rateLimit, metrics: metrics,
                                                                                   methods: registry),
                                      configuration: http)
            }
            grpcServer = try listen(configuration.grpc, "grpc") { address throws(IOError) in
                var router = GRPCRouter()
                ValidationGRPCService(service: service, rules: rules).register(in: &router)
                TestGRPCService().register(in: &router)
                // Last, so the registry's Validate (the same service) is what answers that path.
                registry.register(in: &router)
                router = router.requiringToken(configuration.token)
                // Health checks stay open, as load balancers probe them without credentials.
                HealthGRPCService().register(in: &router)
                var grpc = configuration.grpcSettings
                grpc.connectionLimits = configuration.listenerLimits
                return try GRPCServer(address: address, group: group, router: router, configuration: grpc)
            }
        } catch {
            // Whatever did start must not outlive the failed host.
            tcp?.shutdown(grace: .zero)
            http?.shutdown(grace: .zero)
            asyncRequests?.stop()
            group.shutdown()
            throw error
        }
        tcpServer = tcp
        httpServer = http
        async = asyncRequests
        metrics.addGauges { [tcp, http, asyncRequests, grpcForGauges = grpcServer] in
            var gauges: [PrometheusText.Gauge] = []
            let help = "Connections open now, by transport."
            if let tcp { gauges.append(.init(name: "ipcbridge_connections", help: help, labels: [("transport", "tcp")], value: Double(tcp.activeConnections))) }
            if let http { gauges.append(.init(name: "ipcbridge_connections", help: help, labels: [("transport", "http")], value: Double(http.activeConnections))) }
            if let grpc = grpcForGauges {
                gauges.append(.init(name: "ipcbridge_connections", help: help, labels: [("transport", "grpc")], value: Double(grpc.activeConnections)))
            }
            if let asyncRequests {
                gauges.append(.init(name: "ipcbridge_async_queue_depth", help: "Asynchronous requests waiting for a worker.",
                                    value: Double(asyncRequests.queueDepth)))
                gauges.append(.init(name: "ipcbridge_async_active_workers", help: "Asynchronous requests being processed.",
                                    value: Double(asyncRequests.activeWorkers)))
            }
            return gauges
        }
    }

    /// The framed TCP address actually bound (with the real port when 0 was asked for).
    public var tcpAddress: SocketAddress? { tcpServer?.address }

    /// The HTTP address actually bound.
    public var httpAddress: SocketAddress? { httpServer?.address }

    /// The gRPC address actually bound.
    public var grpcAddress: SocketAddress? { grpcServer?.address }

    /// The contract's ready line: `listening http=H:P tcp=H:P grpc=H:P` (only those asked for).
    public var listeningLine: String {
        var parts = ["listening"]
        if let httpAddress { parts.append("http=\(httpAddress)") }
        if let tcpAddress { parts.append("tcp=\(tcpAddress)") }
        if let grpcAddress { parts.append("grpc=\(grpcAddress)") }
        return parts.joined(separator: " ")
    }

    /// Graceful shutdown: stop accepting, finish in-flight work (up to `grace`), stop the loops.
    public func shutdown(grace: Duration = .seconds(5)) {
        httpServer?.shutdown(grace: grace)
        tcpServer?.shutdown(grace: grace)
        grpcServer?.shutdown(grace: grace)
        async?.stop()
        group.shutdown()
    }
}

extension ServerHost.Configuration {
    /// What each listener enforces: ``connectionLimits`` plus the allowed-uid list.
    var listenerLimits: ConnectionLimits {
        var limits = connectionLimits
        limits.allowedPeerUIDs = allowedPeerUIDs
        return limits
    }
}
