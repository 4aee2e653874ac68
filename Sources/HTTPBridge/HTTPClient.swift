import BridgeCore
import BridgeIO
import HTTP1

/// A keep-alive connection pool to one HTTP server: at most `maxConnections` connections,
/// each carrying one exchange at a time; further requests wait in a bounded queue. All pool
/// state lives on one event loop; ``send(method:path:headers:body:deadline:completion:)`` may
/// be called from any thread and completes on that loop.
public final class HTTPClient: @unchecked Sendable {
    /// Settings of the pool.
    public struct Configuration: Sendable {
        /// Open connections at most; each carries one exchange at a time.
        public var maxConnections: Int
        /// Requests that may wait for a connection; past it they fail with `RESOURCE_EXHAUSTED`.
        public var maxQueued: Int
        /// How long opening a connection may take.
        public var connectTimeout: Duration
        /// Limits on the responses read (status line, headers, body).
        public var limits: HTTP1Limits
        /// The event loops the pool's connections live on (the pool uses one of them).
        public var group: EventLoopGroup

        /// Settings with every value defaulted; name the ones to change.
        public init(maxConnections: Int = 8, maxQueued: Int = 10_000, connectTimeout: Duration = .seconds(5),
                    limits: HTTP1Limits = .defaults, group: EventLoopGroup = .shared) {
            self.maxConnections = maxConnections
            self.maxQueued = maxQueued
            self.connectTimeout = connectTimeout
            self.limits = limits
            self.group = group
        }

        /// 8 connections, 10,000 waiting requests, 5 s to connect, the default HTTP/1.1 limits, the shared loops.
        public static var defaults: Configuration { Configuration() }
    }

    private struct Waiting {
        let request: [UInt8]
        let method: String
        let deadline: ContinuousClock.Instant?
        let complete: (Result<HTTPClientResponse, BridgeError>) -> Void
    }

    /// The server's address.
    public let address: SocketAddress
    /// The `Host` header value.
    public let authority: String
    /// The settings the pool was made with.
    public let configuration: Configuration
    let loop: EventLoop

    // Loop-confined.
    private var idle: [HTTPClientConnection] = []
    private var all: [ObjectIdentifier: HTTPClientConnection] = [:]
    private var queue: [Waiting] = []
    private var closed = false

    /// A pool to `address`. Nothing connects until the first request.
    public init(address: SocketAddress, configuration: Configuration = .defaults) {
        self.address = address
        self.configuration = configuration
        self.loop = configuration.group.next()
        switch address {
        case .unix: authority = "localhost"
        default: authority = address.description
        }
    }

    private func error(_ code: StatusCode, _ message: String, cause: String? = nil) -> BridgeError {
        BridgeError(code, message, transport: "http", target: address.description, cause: cause)
    }

    /// Sends one request; `completion` runs on the pool's loop with the response or an error.
    public func send(method: String, path: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
                     deadline: ContinuousClock.Instant? = nil,
                     completion: @escaping @Sendable (Result<HTTPClientResponse, BridgeError>) -> Void) {
        var headers = headers
        headers.replaceOrAdd("Host", authority)
        let head = HTTPRequestHead(method: method, target: path, version: .http1_1, headers: headers)
        let bytes = HTTP1Encoder.request(head, body: body)
        loop.executeOrRun {
            self.enqueue(Waiting(request: bytes, method: method, deadline: deadline, complete: completion))
        }
    }

    /// Closes every connection; queued and in-flight requests fail with UNAVAILABLE.
    public func close() {
        loop.executeOrRun {
            self.closed = true
            let waiting = self.queue
            self.queue = []
            for request in waiting { request.complete(.failure(self.error(.unavailable, "client closed"))) }
            for connection in self.all.values {
                connection.finish(.failure(self.error(.unavailable, "client closed")), close: true)
                connection.connection?.close()
            }
        }
    }

    // MARK: loop

    private func enqueue(_ request: Waiting) {
        guard !closed else { return request.complete(.failure(error(.unavailable, "client closed"))) }
        if let deadline = request.deadline, deadline <= .now {
            return request.complete(.failure(error(.deadlineExceeded, "deadline passed before the request was sent")))
        }
        if let connection = idle.popLast() {
            start(request, on: connection, reused: true)
        } else if all.count < configuration.maxConnections {
            openConnection(for: request)
        } else if queue.count < configuration.maxQueued {
            queue.append(request)
        } else {
            request.complete(.failure(error(.resourceExhausted, "more than \(configuration.maxQueued) requests waiting for a connection")))
        }
    }

    private func openConnection(for request: Waiting) {
        let handler = HTTPClientConnection(client: self, limits: configuration.limits)
        do {
            let connection = try Connection.connect(to: address, on: loop, handler: handler)
            handler.attach(connection)
            all[ObjectIdentifier(handler)] = handler
            start(request, on: handler, reused: false)
            loop.scheduleTimer(after: configuration.connectTimeout) { [weak handler, self] in
                guard let handler, !handler.isConnected, handler.isBusy else { return }
                handler.finish(.failure(self.error(.unavailable, "connecting to \(self.address) timed out")), close: true)
            }
        } catch {
            request.complete(.failure(self.error(.unavailable, "cannot connect to \(address)", cause: error.reason)))
        }
    }

    private func start(_ request: Waiting, on connection: HTTPClientConnection, reused: Bool) {
        var timer: TimerID?
        if let deadline = request.deadline {
            timer = loop.scheduleTimer(after: deadline - .now) { [weak connection, self] in
                // HTTP/1.1 cannot cancel one exchange: give up on the connection with it.
                connection?.finish(.failure(self.error(.deadlineExceeded, "no response within the deadline")), close: true)
            }
        }
        connection.start(HTTPClientConnection.Exchange(request: request.request, method: request.method,
                                                        deadlineTimer: timer, complete: request.complete, reused: reused))
    }

    func connectionIdle(_ connection: HTTPClientConnection) {
        if !queue.isEmpty {
            start(queue.removeFirst(), on: connection, reused: true)
        } else {
            idle.append(connection)
        }
    }

    func connectionLost(_ connection: HTTPClientConnection, exchange: HTTPClientConnection.Exchange?, error ioError: IOError?, retry: Bool) {
        all[ObjectIdentifier(connection)] = nil
        idle.removeAll { $0 === connection }
        if let exchange {
            if retry && !closed {
                // The server closed a kept-alive connection as we reused it: nothing was
                // answered, so send again on a fresh connection.
                openConnection(for: Waiting(request: exchange.request, method: exchange.method, deadline: nil, complete: exchange.complete))
            } else {
                let failure = connection.exchangesCompleted == 0 && !retry && ioError?.operation.hasPrefix("connect") == true
                    ? error(.unavailable, "cannot connect to \(address)", cause: ioError?.reason)
                    : error(.unavailable, "connection to \(address) lost before the response", cause: ioError?.reason ?? "closed by the server")
                exchange.complete(.failure(failure))
            }
        }
        // A waiting request can use the freed slot.
        if !queue.isEmpty && all.count < configuration.maxConnections && !closed {
            openConnection(for: queue.removeFirst())
        }
    }
}
