import BridgeCore
import BridgeIO

/// The server side of one framed TCP connection: frames in, service calls out, answers back.
///
/// Requests are handed to the service as they arrive, so many run concurrently on one
/// connection; answers go out in whatever order they complete. Loop-confined (its
/// connection's loop); the `@unchecked Sendable` lets reply writers carry it across threads,
/// and they always hop to ``loop`` before touching it.
final class FramedServerConnection: ConnectionHandler, DrainableConnection, @unchecked Sendable {
    let loop: EventLoop
    private let service: any MessageService
    private let configuration: FramedServerConfiguration
    private let registry: ConnectionRegistry
    private var connection: Connection?
    private var authenticated: Bool
    private var inFlight = 0
    private var pausedForInFlight = false
    private var draining = false
    /// Streams waiting for the output backlog to drain (``whenReady(_:)``).
    private var readyWaiters: [(Bool) -> Void] = []

    init(loop: EventLoop, service: any MessageService, configuration: FramedServerConfiguration, registry: ConnectionRegistry) {
        self.loop = loop
        self.service = service
        self.configuration = configuration
        self.registry = registry
        self.authenticated = configuration.token == nil
    }

    func connectionActive(_ connection: Connection) {
        self.connection = connection
        registry.add(self)
    }

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        while connection.isAcceptingInput && !draining {
            switch Frame.parse(bytes, at: offset, maxBytes: configuration.maxFrameBytes) {
            case .needMore:
                return offset
            case .tooLarge(let length):
                let error = BridgeError(.resourceExhausted,
                                        "frame of \(length) bytes exceeds the limit of \(configuration.maxFrameBytes)")
                connection.write(Frame.encode(.error(error, requestID: "")))
                connection.closeAfterFlush()
                return bytes.count
            case .frame(let body, let next):
                offset = next
                handleFrame(UnsafeRawBufferPointer(rebasing: bytes[body]), on: connection)
            }
        }
        return offset
    }

    private func handleFrame(_ body: UnsafeRawBufferPointer, on connection: Connection) {
        let request: BridgeMessage
        do {
            request = try BridgeMessage(json: body)
        } catch {
            guard authenticated else {
                authenticate(BridgeMessage(), on: connection)
                return
            }
            let detail = body.isEmpty ? "empty frame" : error.description
            connection.write(Frame.encode(.error(.invalidArgument("frame is not a BridgeMessage: \(detail)"), requestID: "")))
            return
        }
        guard authenticated else {
            authenticate(request, on: connection)
            return
        }
        inFlight += 1
        if inFlight >= configuration.maxInFlightPerConnection && !pausedForInFlight {
            pausedForInFlight = true
            connection.pauseReading()
        }
        service.handle(request, replies: FramedReplyWriter(server: self))
    }

    /// The HELLO handshake: the first frame must be HELLO with the right token.
    private func authenticate(_ request: BridgeMessage, on connection: Connection) {
        let offered = request.attributes["token"]?.stringValue ?? ""
        if request.type == MessageType.hello, let token = configuration.token,
           HMAC.constantTimeEquals(Array(offered.utf8), Array(token.utf8)) {
            authenticated = true
            connection.write(Frame.encode(.reply(to: request, type: MessageType.helloAck)))
            return
        }
        let reason = request.type == MessageType.hello ? "wrong token" : "the first frame must be HELLO with a token"
        connection.write(Frame.encode(.error(BridgeError(.unauthenticated, reason), requestID: request.messageID)))
        connection.closeAfterFlush()
    }

    // MARK: answers (loop thread)

    func write(_ message: BridgeMessage) {
        guard let connection, connection.isOpen else { return }
        connection.writeInPlace { Frame.append(message, to: &$0) }
        connection.scheduleFlush()
    }

    func requestFinished() {
        inFlight -= 1
        if pausedForInFlight && inFlight < configuration.maxInFlightPerConnection / 2 {
            pausedForInFlight = false
            connection?.resumeReading()
        }
        if inFlight == 0 && draining { connection?.closeAfterFlush() }
    }

    // MARK: lifecycle

    func connectionInputClosed(_ connection: Connection) {
        // Half-close: the client sent everything. Answer what is in flight, then close.
        draining = true
        if inFlight == 0 { connection.closeAfterFlush() }
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {
        registry.remove(self)
        self.connection = nil
        notifyReady(false)
    }

    func connectionWritable(_ connection: Connection) {
        notifyReady(true)
    }

    /// `ready(true)` when the connection is under its write high-water mark (now, or once it
    /// drains), `ready(false)` when it is gone: ``FramedReplyWriter/whenReady(_:)``.
    func whenReady(_ ready: @escaping (Bool) -> Void) {
        guard let connection, connection.isOpen else { return ready(false) }
        if connection.isWritable { return ready(true) }
        readyWaiters.append(ready)
    }

    private func notifyReady(_ ready: Bool) {
        let waiters = readyWaiters
        readyWaiters = []
        for waiter in waiters { waiter(ready) }
    }

    /// Idle for the idle timeout: nothing being answered (a WATCH counts until its END).
    func connectionIdleSince(_ connection: Connection) -> UInt64? { inFlight == 0 ? connection.lastTrafficNanos : nil }

    /// Graceful shutdown: stop reading, finish what is in flight, then close.
    func drain() {
        draining = true
        guard let connection else { return }
        connection.pauseReading()
        if inFlight == 0 { connection.closeAfterFlush() }
    }

    /// Hard stop.
    func forceClose() {
        connection?.close()
    }
}

/// Sends a service's answers back on the connection's loop.
struct FramedReplyWriter: ReplyWriter {
    let server: FramedServerConnection

    var loop: EventLoop { server.loop }
    var transport: String { "tcp" }

    func send(_ message: BridgeMessage) {
        let server = self.server
        if server.loop.inEventLoop { server.write(message) } else { server.loop.execute { server.write(message) } }
    }

    func finish() {
        let server = self.server
        if server.loop.inEventLoop { server.requestFinished() } else { server.loop.execute { server.requestFinished() } }
    }

    func whenReady(_ ready: @escaping @Sendable (Bool) -> Void) {
        let server = self.server
        if server.loop.inEventLoop { server.whenReady(ready) } else { server.loop.execute { server.whenReady(ready) } }
    }
}
