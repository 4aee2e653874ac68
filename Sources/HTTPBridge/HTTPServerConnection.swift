import BridgeCore
import BridgeIO
import HTTP1

/// The server side of one HTTP/1.1 connection: bytes to requests through the pure
/// ``HTTP1RequestDecoder``, requests to the handler, answers back in request order.
/// Keep-alive, pipelining, `Expect: 100-continue`, HEAD, HTTP/1.0 close, header and idle
/// timeouts. Loop-confined (see ``EventLoop``).
final class HTTPServerConnection: ConnectionHandler, DrainableConnection, @unchecked Sendable {
    let loop: EventLoop
    private let handler: any HTTPRequestHandler
    private let configuration: HTTPServerConfiguration
    private let registry: ConnectionRegistry
    private var connection: Connection?
    private var decoder: HTTP1RequestDecoder

    /// The request being read.
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    /// Requests handed out, and the next answer due on the wire.
    private var nextSequence = 0
    private var nextToWrite = 0
    private var waiting: [Int: (response: HTTPResponse, method: String, keepAlive: Bool)] = [:]
    private var methods: [Int: (method: String, keepAlive: Bool)] = [:]
    private var pausedForPipeline = false
    private var closing = false
    private var draining = false
    private var timer: TimerID?
    /// When the body of the request being read began (``MonotonicTime`` nanoseconds).
    private var bodyStartedAt: UInt64 = 0
    /// Whether the running timer is the header timer (408) rather than the idle one.
    private var headerTimerRunning = false

    init(loop: EventLoop, handler: any HTTPRequestHandler, configuration: HTTPServerConfiguration, registry: ConnectionRegistry) {
        self.loop = loop
        self.handler = handler
        self.configuration = configuration
        self.registry = registry
        self.decoder = HTTP1RequestDecoder(limits: configuration.limits)
    }

    private var outstanding: Int { nextSequence - nextToWrite }

    // MARK: lifecycle

    func connectionActive(_ connection: Connection) {
        self.connection = connection
        registry.add(self)
        armTimer(configuration.idleTimeout, status: nil)
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {
        if let timer { loop.cancelTimer(timer) }
        registry.remove(self)
        self.connection = nil
    }

    func connectionInputClosed(_ connection: Connection) {
        // The client sent everything: answer what is outstanding, then close.
        closing = true
        if outstanding == 0 { connection.closeAfterFlush() }
    }

    func drain() {
        draining = true
        closing = true
        guard let connection else { return }
        connection.pauseReading()
        if outstanding == 0 && head == nil { connection.closeAfterFlush() }
    }

    func forceClose() {
        connection?.close()
    }

    /// For the stall timeout: a body that has started must finish within it (a slow-body
    /// attack sends a head, then a byte now and then).
    func connectionStalledSince(_ connection: Connection) -> UInt64? { head == nil ? nil : bodyStartedAt }

    /// For the connection-level idle timeout: no request being read or answered.
    func connectionIdleSince(_ connection: Connection) -> UInt64? { outstanding == 0 && head == nil ? connection.lastTrafficNanos : nil }

    /// Idle (no request started): `idleTimeout`, closing quietly. A head started but not
    /// finished: `headerTimeout`, then 408.
    private func armTimer(_ after: Duration, status: Int?) {
        if let timer { loop.cancelTimer(timer) }
        headerTimerRunning = status != nil
        timer = loop.scheduleTimer(after: after) { [self] in
            self.timer = nil
            self.headerTimerRunning = false
            guard let connection = self.connection, self.outstanding == 0 else { return }
            if let status {
                self.fail(HTTP1Error(status: status, reason: "request head not received within \(self.configuration.headerTimeout)"), on: connection)
            } else {
                connection.close()
            }
        }
    }

    private func disarmTimer() {
        if let timer { loop.cancelTimer(timer) }
        timer = nil
        headerTimerRunning = false
    }

    // MARK: reading

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        guard !closing else { return bytes.count }
        let events: [HTTP1RequestDecoder.Event]
        let consumed: Int
        do {
            (events, consumed) = try decoder.decode(bytes)
        } catch {
            fail(error, on: connection)
            return bytes.count
        }
        for event in events {
            switch event {
            case .head(let requestHead):
                disarmTimer()
                head = requestHead
                bodyStartedAt = connection.loop.tickNanos
                body = []
                if requestHead.expectsContinue { connection.write(HTTP1Encoder.continueResponse) }
            case .body(let piece):
                body.append(contentsOf: piece)
            case .end(let trailers):
                guard let requestHead = head else { continue }
                head = nil
                dispatch(HTTP1Request(head: requestHead, body: body, trailers: trailers), on: connection)
                body = []
                if !requestHead.keepAlive { closing = true }
            }
            if closing { break }
        }
        // Part of a new head has arrived: the header clock starts (once, at its first bytes).
        let headStarted = head == nil && (consumed < bytes.count || decoder.isMidMessage)
        if headStarted && !headerTimerRunning && !closing {
            armTimer(configuration.headerTimeout, status: 408)
        } else if !headStarted && head == nil && outstanding == 0 && !closing {
            armTimer(configuration.idleTimeout, status: nil)
        }
        return closing ? bytes.count : consumed
    }

    private func dispatch(_ request: HTTP1Request, on connection: Connection) {
        let sequence = nextSequence
        nextSequence += 1
        methods[sequence] = (request.head.method, request.head.keepAlive)
        if outstanding >= configuration.maxPipelinedRequests && !pausedForPipeline {
            pausedForPipeline = true
            connection.pauseReading()
        }
        let context = HTTPRequestContext(loop: loop, peer: connection.peer)
        handler.handle(request, context: context, responder: HTTPResponder(connection: self, sequence: sequence))
    }

    /// A request that cannot be read: answer its status with an ERROR body, then close.
    private func fail(_ error: HTTP1Error, on connection: Connection) {
        closing = true
        let code: StatusCode = error.status == 413 ? .resourceExhausted : .invalidArgument
        var response = HTTPResponse.error(BridgeError(code, error.reason), status: error.status)
        response.headers.replaceOrAdd("Connection", "close")
        // Answers still owed to earlier pipelined requests go first.
        let sequence = nextSequence
        nextSequence += 1
        methods[sequence] = ("GET", false)
        respond(response, to: sequence)
    }

    // MARK: writing (in request order)

    func respond(_ response: HTTPResponse, to sequence: Int) {
        guard let connection, let request = methods.removeValue(forKey: sequence) else { return }
        waiting[sequence] = (response, request.method, request.keepAlive)
        while let next = waiting.removeValue(forKey: nextToWrite) {
            nextToWrite += 1
            var response = next.response
            let keepAlive = next.keepAlive && !(closing && outstanding == 0)
            if !keepAlive { response.headers.replaceOrAdd("Connection", "close") }
            let head = HTTPResponseHead(version: .http1_1, status: response.status,
                                        reason: HTTP1Encoder.reasonPhrase(response.status), headers: response.headers)
            connection.write(HTTP1Encoder.response(head, body: response.body, headRequest: next.method == "HEAD"))
            if !keepAlive {
                connection.closeAfterFlush()
                return
            }
        }
        connection.scheduleFlush()
        if pausedForPipeline && outstanding < configuration.maxPipelinedRequests / 2 {
            pausedForPipeline = false
            connection.resumeReading()
        }
        if outstanding == 0 && closing {
            connection.closeAfterFlush()
        } else if outstanding == 0 && head == nil {
            armTimer(configuration.idleTimeout, status: nil)
        }
    }
}
