import BridgeCore
import BridgeIO
import Synchronization

/// The loop-confined heart of ``TCPBridge``: one connection, the calls waiting on it, the
/// reconnect policy. Every method that is not `Sendable`-safe runs on ``loop``; the public
/// entry points (`submit`, `subscribe`, `shutdown`) hop there first.
final class TCPClientConnection: ConnectionHandler, @unchecked Sendable {
    enum Waiter {
        case unary(PendingCall)
        case stream(BridgeStream)
    }

    private struct Pending {
        var waiter: Waiter
        var timer: TimerID?
    }

    private enum State {
        case idle
        case connecting(Connection, TimerID)
        case handshaking(Connection, TimerID, helloID: String)
        case ready(Connection)
        case backingOff(until: UInt64, lastError: BridgeError)
        case closed
    }

    let loop: EventLoop
    private let address: SocketAddress
    private let configuration: TCPBridgeConfiguration
    private let subscribers: SubscriberRegistry

    // Loop-confined. No access to these spans a call out of this class (answers complete
    // after the entry is read out), so the run-time exclusivity checks could only pass:
    // `@exclusivity(unchecked)` drops them, as in BridgeIO's Connection.
    @exclusivity(unchecked) private var state: State = .idle
    @exclusivity(unchecked) private var pending = CallTable<Pending>()
    @exclusivity(unchecked) private var queued: [UInt8] = []
    @exclusivity(unchecked) private var consecutiveFailures = 0
    /// Ids of calls cancelled or timed out, so their late answers are dropped rather than
    /// handed to subscribers. Bounded: the oldest are forgotten first.
    private var abandoned = Set<String>()
    private var abandonedOrder: [String] = []
    private static let abandonedLimit = 4096

    init(address: SocketAddress, configuration: TCPBridgeConfiguration, loop: EventLoop) {
        self.address = address
        self.configuration = configuration
        self.loop = loop
        self.subscribers = SubscriberRegistry(pool: configuration.callbackPool)
    }

    private func error(_ code: StatusCode, _ message: String, cause: String? = nil) -> BridgeError {
        BridgeError(code, message, transport: "tcp", target: address.description, cause: cause)
    }

    // MARK: entry points (any thread)

    /// A request on its way to the loop: encoded already, or (on the loop) to be encoded
    /// straight into the connection's output buffer.
    private enum Outgoing {
        case message(BridgeMessage)
        case frame([UInt8])
    }

    /// Sends `request` (which has its id) and routes its answers to `waiter`. A request over
    /// the frame limit fails `waiter` before this returns.
    func submit(_ waiter: Waiter, request: BridgeMessage, deadline: ContinuousClock.Instant?) {
        // On the loop (a pipelined caller), straight in: no closure for the hop, no frame array.
        if loop.inEventLoop {
            return enqueue(waiter, id: request.messageID, .message(request), deadline: deadline)
        }
        let frame = Frame.encode(request)
        guard frame.count - Frame.headerSize <= configuration.maxFrameBytes else { return fail(waiter, tooLarge()) }
        loop.execute { self.enqueue(waiter, id: request.messageID, .frame(frame), deadline: deadline) }
    }

    func tooLarge() -> BridgeError {
        error(.resourceExhausted, "request exceeds the frame limit of \(configuration.maxFrameBytes) bytes")
    }

    func sendOneWay(_ frame: [UInt8]) async throws(BridgeError) {
        let result: Result<Void, BridgeError> = await withCheckedContinuation { continuation in
            loop.executeOrRun {
                if case .closed = self.state {
                    continuation.resume(returning: .failure(self.error(.unavailable, "bridge is closed")))
                    return
                }
                self.transmit(frame: frame)
                continuation.resume(returning: .success(()))
            }
        }
        try result.get()
    }

    func subscribe(type: String, handler: @escaping @Sendable (BridgeMessage) -> Void) -> Subscription {
        let subscription = subscribers.add(type: type, handler)
        // A subscription only hears anything on a live connection: make sure there is one.
        loop.executeOrRun {
            if case .idle = self.state { self.connect() }
        }
        return subscription
    }

    func shutdown() {
        loop.executeOrRun {
            let connection = self.currentConnection
            self.state = .closed
            connection?.close()
            self.failAll(self.error(.unavailable, "bridge closed"))
        }
    }

    // MARK: calls (loop)

    private func enqueue(_ waiter: Waiter, id: String, _ outgoing: Outgoing, deadline: ContinuousClock.Instant?) {
        if case .backingOff(let until, let lastError) = state {
            if MonotonicTime.nanoseconds() < until {
                return fail(waiter, error(.unavailable, "not connected, waiting to reconnect after: \(lastError.message)",
                                          cause: lastError.cause))
            }
            state = .idle
        }
        if case .closed = state { return fail(waiter, error(.unavailable, "bridge is closed")) }
        guard pending.count < configuration.maxPendingCalls else {
            return fail(waiter, error(.resourceExhausted, "more than \(configuration.maxPendingCalls) calls pending"))
        }
        // One object names the call to its timer and its cancel handler: a closure holding a
        // single reference needs no context of its own, where two closures each capturing the
        // connection and the id cost two allocations per call.
        let handle = CallHandle(connection: self, id: id)
        var timer: TimerID?
        if let deadline {
            let remaining = deadline - .now
            guard remaining > .zero else { return fail(waiter, error(.deadlineExceeded, "deadline passed before the call was sent")) }
            timer = loop.scheduleTimer(after: remaining, handle.deadlinePassed)
        }
        guard pending.insertIfAbsent(id, Pending(waiter: waiter, timer: timer)) else {
            if let timer { loop.cancelTimer(timer) }
            return fail(waiter, error(.invalidArgument, "a call with message_id '\(id)' is already in flight"))
        }
        guard transmit(outgoing) else {
            pending.removeValue(forKey: id)
            if let timer { loop.cancelTimer(timer) }
            return fail(waiter, tooLarge())
        }
        switch waiter {
        case .unary(let call): call.setCancelHandler(handle.cancelled)
        case .stream(let stream): stream.setCancelHandler(handle.cancelled)
        }
    }

    /// A call as its timer and its cancel handler see it.
    private final class CallHandle: Sendable {
        let connection: TCPClientConnection
        let id: String

        init(connection: TCPClientConnection, id: String) {
            self.connection = connection
            self.id = id
        }

        /// Runs on the loop, as a loop timer.
        func deadlinePassed() {
            connection.abandon(id, with: connection.error(.deadlineExceeded, "no answer within the deadline"))
        }

        /// Runs on any thread (the caller's `cancel()`).
        @Sendable func cancelled() {
            let connection = self.connection, id = self.id
            connection.loop.executeOrRun { connection.abandon(id, with: nil) }
        }
    }

    /// Writes the request's frame into the connection's output, or queues it until the
    /// connection is ready; false when the frame is over the limit (nothing is sent).
    private func transmit(_ outgoing: Outgoing) -> Bool {
        switch outgoing {
        case .frame(let frame):
            transmit(frame: frame)
            return true
        case .message(let request):
            let limit = configuration.maxFrameBytes
            return append { Frame.append(request, to: &$0, maxBytes: limit) }
        }
    }

    /// Writes a ready-made frame now, or queues it until the connection is ready.
    private func transmit(frame: [UInt8]) {
        _ = append { $0.append(contentsOf: frame); return true }
    }

    /// Lets `write` add a frame to the connection's output (flushed at the end of the tick) or,
    /// until the connection is ready, to `queued`; passes on whether it did.
    private func append(_ write: (inout [UInt8]) -> Bool) -> Bool {
        switch state {
        case .ready(let connection):
            var written = true
            connection.sendSoonInPlace { written = write(&$0) }
            return written
        case .idle:
            guard write(&queued) else { return false }
            connect()
            return true
        case .connecting, .handshaking, .backingOff:
            return write(&queued)
        case .closed:
            return true
        }
    }

    /// Forgets a call that timed out or was cancelled (`failure` nil: its handle already completed).
    private func abandon(_ id: String, with failure: BridgeError?) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        if let timer = entry.timer { loop.cancelTimer(timer) }
        abandoned.insert(id)
        abandonedOrder.append(id)
        if abandonedOrder.count > Self.abandonedLimit {
            abandoned.remove(abandonedOrder.removeFirst())
        }
        if let failure { fail(entry.waiter, failure) } else if case .stream(let stream) = entry.waiter { stream.finish(throwing: .cancelled("stream cancelled")) }
    }

    private func fail(_ waiter: Waiter, _ failure: BridgeError) {
        switch waiter {
        case .unary(let call): call.complete(.failure(failure))
        case .stream(let stream): stream.finish(throwing: failure)
        }
    }

    private func failAll(_ failure: BridgeError) {
        let entries = pending.removeAll()
        queued = []
        for entry in entries {
            if let timer = entry.timer { loop.cancelTimer(timer) }
            fail(entry.waiter, failure)
        }
    }

    // MARK: connection management (loop)

    private var currentConnection: Connection? {
        switch state {
        case .connecting(let connection, _), .handshaking(let connection, _, _), .ready(let connection): return connection
        case .idle, .backingOff, .closed: return nil
        }
    }

    private func connect() {
        let connection: Connection
        do {
            var limits = ConnectionLimits.defaults
            limits.maxBufferedInput = configuration.maxFrameBytes + Frame.headerSize
            connection = try Connection.connect(to: address, on: loop, limits: limits, handler: self)
        } catch {
            connectionFailed(self.error(.unavailable, "cannot connect to \(address)", cause: error.reason))
            return
        }
        let timer = loop.scheduleTimer(after: configuration.connectTimeout) { [self] in
            guard let current = self.currentConnection, current === connection else { return }
            if case .ready = self.state { return }
            self.connectionFailed(self.error(.unavailable, "connecting to \(self.address) timed out"))
            connection.close()
        }
        state = .connecting(connection, timer)
    }

    func connectionActive(_ connection: Connection) {
        guard case .connecting(let current, let timer) = state, current === connection else { return }
        if let token = configuration.token {
            let hello = BridgeMessage.request(MessageType.hello, attributes: ["token": .string(token)])
            state = .handshaking(connection, timer, helloID: hello.messageID)
            connection.send(Frame.encode(hello))
        } else {
            loop.cancelTimer(timer)
            becomeReady(connection)
        }
    }

    private func becomeReady(_ connection: Connection) {
        state = .ready(connection)
        consecutiveFailures = 0
        if !queued.isEmpty {
            let frames = queued
            queued = []
            connection.send(frames)
        }
    }

    /// Answers handled before the one early write of a read (see `Connection.writeEarly`).
    /// Once per read, not every N answers: one early write lets the server start on the first
    /// requests while the rest of the read is handled, which is what a single busy connection
    /// needs; more than one only adds system calls, and with several connections in flight
    /// those cost more than the overlap gains (4 x 64 inline: 0.74x of tcpload's rate with one
    /// every 16 answers, 0.93x with one per read).
    static let answersBeforeEarlyWrite = 16

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        var offset = 0
        var answers = 0
        while connection.isAcceptingInput {
            switch Frame.parse(bytes, at: offset, maxBytes: configuration.maxFrameBytes) {
            case .needMore:
                return offset
            case .tooLarge(let length):
                connectionFailed(error(.resourceExhausted, "server sent a frame of \(length) bytes, over the limit of \(configuration.maxFrameBytes)"))
                connection.close()
                return bytes.count
            case .frame(let body, let next):
                offset = next
                // A frame we cannot read answers nobody we can name; skip it.
                guard let message = try? BridgeMessage(json: UnsafeRawBufferPointer(rebasing: bytes[body])) else { continue }
                dispatch(message, on: connection)
                // Pipelined callers' first next requests leave while the rest of the read is handled.
                answers += 1
                if answers == Self.answersBeforeEarlyWrite { connection.writeEarly() }
            }
        }
        return offset
    }

    private func dispatch(_ message: BridgeMessage, on connection: Connection) {
        if case .handshaking(let current, let timer, let helloID) = state, current === connection, message.requestID == helloID {
            loop.cancelTimer(timer)
            if message.type == MessageType.helloAck {
                becomeReady(connection)
            } else {
                let refusal = message.carriedError ?? BridgeError(.unauthenticated, "server refused the HELLO handshake")
                connectionFailed(error(refusal.code, refusal.message))
                connection.close()
            }
            return
        }
        if let index = pending.index(forKey: message.requestID), let entry = pending.entry(at: index) {
            switch entry.waiter {
            case .unary(let call):
                pending.remove(at: index)
                if let timer = entry.timer { loop.cancelTimer(timer) }
                if let carried = message.carriedError {
                    call.complete(.failure(carried.at(transport: "tcp", target: address.description)))
                } else {
                    call.complete(.success(message))
                }
            case .stream(let stream):
                if message.type == MessageType.end || message.type == MessageType.error {
                    pending.remove(at: index)
                    if let timer = entry.timer { loop.cancelTimer(timer) }
                    stream.finish(throwing: message.carriedError?.at(transport: "tcp", target: address.description))
                } else {
                    stream.yield(message)
                }
            }
            return
        }
        if !message.requestID.isEmpty && abandoned.contains(message.requestID) { return }
        subscribers.deliver(message)
    }


    func connectionInputClosed(_ connection: Connection) {
        connection.close()
    }

    func connectionClosed(_ connection: Connection, error ioError: IOError?) {
        guard let current = currentConnection, current === connection else { return }
        let failure: BridgeError
        switch state {
        case .connecting:
            failure = error(.unavailable, "cannot connect to \(address)", cause: ioError?.reason)
        default:
            failure = error(.unavailable, "connection to \(address) lost", cause: ioError?.reason ?? "closed by the server")
        }
        connectionFailed(failure)
    }

    /// The connection is gone or never came up: fail everything waiting on it promptly and
    /// back off before the next attempt.
    private func connectionFailed(_ failure: BridgeError) {
        if case .closed = state { return }
        if case .backingOff = state { return }
        switch state {
        case .connecting(_, let timer), .handshaking(_, let timer, _): loop.cancelTimer(timer)
        default: break
        }
        failAll(failure)
        consecutiveFailures += 1
        let delay = reconnectDelay(afterFailures: consecutiveFailures)
        state = .backingOff(until: MonotonicTime.nanoseconds() &+ delay.nanosecondsClamped, lastError: failure)
        loop.scheduleTimer(after: delay) { [self] in
            guard case .backingOff = self.state else { return }
            self.state = .idle
            // Reconnect by ourselves only when someone is listening for pushed messages.
            if !self.subscribers.isEmpty { self.connect() }
        }
    }

    /// Exponential backoff (initial × 2^(n-1), capped) with equal jitter (a random delay in the
    /// upper half), so many clients do not reconnect in step and none retries at once.
    private func reconnectDelay(afterFailures failures: Int) -> Duration {
        RetryPolicy(maxAttempts: Int.max, initialBackoff: configuration.initialReconnectDelay,
                    maxBackoff: configuration.maxReconnectDelay, multiplier: 2, jitter: .equal)
            .delay(forRetry: failures - 1)
    }
}
