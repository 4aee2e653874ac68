import CBridgeSystem

#if canImport(Glibc)
import Glibc
#endif

/// One non-blocking stream socket (TCP or Unix) owned by an event loop: buffered reads handed
/// to a ``ConnectionHandler``, buffered writes with back-pressure, clean close and half-close.
///
/// Confinement: every method must be called on ``loop`` (see ``EventLoop``). From another
/// thread, use `connection.loop.execute { ... }`.
public final class Connection: @unchecked Sendable, Selectable {
    /// The loop that owns the socket: every method must be called on it.
    public let loop: EventLoop
    /// The socket's file descriptor, for registering with epoll and for socket options.
    public let fd: Int32
    /// The remote address for client connections; the listener's address for accepted ones.
    public let address: SocketAddress
    /// The peer's numeric IP address for accepted TCP connections (empty for Unix sockets and
    /// client connections): what per-client limits key on.
    public let peer: String
    /// The limits in force (buffering, back-pressure, timeouts); set from the listener's on accept.
    /// Loop-confined, like the state below, and only ever read or set whole.
    @exclusivity(unchecked) public var limits: ConnectionLimits
    /// Who receives the bytes and events; nil once the connection has closed. Checked: it is
    /// called through, and a handler may close the connection (clearing it) from that call.
    public private(set) var handler: (any ConnectionHandler)?

    private enum State { case connecting, open, closed }

    // Exclusivity: Swift checks at run time that accesses to a class's stored properties do
    // not overlap, about 20 checks per request here (~6% of a TCP request's instructions under
    // callgrind). The scalar state below is confined to `loop`'s thread and each access is a
    // single load or store, so the checks could only ever pass: `@exclusivity(unchecked)`
    // drops them. The byte buffers keep theirs: handlers run inside accesses to them
    // (`writeInPlace`, a read of `inbound`), and a handler that reentered would trap rather
    // than corrupt memory.
    @exclusivity(unchecked) private var state: State
    @exclusivity(unchecked) private var registration: UInt64 = 0
    @exclusivity(unchecked) private var interest: UInt32 = 0

    /// Input not yet consumed by the handler (a partial frame). Empty for idle connections.
    private var inbound: [UInt8] = []
    /// Output not yet written, from `outboundOffset` on.
    private var outbound: [UInt8] = []
    @exclusivity(unchecked) private var outboundOffset = 0
    /// `outbound` is a caller's array taken whole by ``write(_:)`` (its storage may be shared
    /// with the caller): once written it is let go rather than emptied in place, which would
    /// copy a shared buffer only to clear it.
    @exclusivity(unchecked) private var outboundAdopted = false
    @exclusivity(unchecked) private var inputClosed = false
    @exclusivity(unchecked) private var pausedByHandler = false
    @exclusivity(unchecked) private var pausedByBackPressure = false
    @exclusivity(unchecked) private var closeWhenFlushed = false
    /// The peer sent end-of-file.
    @exclusivity(unchecked) private var peerFinished = false
    /// Closing politely: our output is done (FIN sent) and input is read and discarded until
    /// the peer's FIN or ``lingerTimeout``, so unread input does not turn our close into a
    /// reset that destroys the last answer (a GOAWAY, a 413) before the peer reads it.
    @exclusivity(unchecked) private var lingering = false
    static let lingerTimeout = Duration.seconds(2)
    /// Output of at least this many bytes after a read is written at once, not at the end of the tick.
    static let immediateFlushBytes = 4096
    @exclusivity(unchecked) private var shutdownOutputWhenFlushed = false
    @exclusivity(unchecked) private var inReadCallback = false
    @exclusivity(unchecked) private var flushScheduled = false
    /// Byte movement, for the idle and stall timeouts of accepted connections.
    @exclusivity(unchecked) var activity = ConnectionActivity(lastTraffic: 0)
    @exclusivity(unchecked) private var watched = false
    /// Called once when the connection closes (the listener's open-connection count).
    var onClose: (() -> Void)?

    /// Bytes queued for writing.
    public var bufferedOutputBytes: Int { outbound.count - outboundOffset }
    /// False once the connection has closed (queued output may still have been flushed first).
    public var isOpen: Bool { state != .closed }
    /// False once closed or closing: input after a close was decided must be ignored.
    public var isAcceptingInput: Bool { state == .open && !closeWhenFlushed }
    /// True while queued output is above the high-water mark.
    public var isWritable: Bool { !pausedByBackPressure }

    init(loop: EventLoop, fd: Int32, address: SocketAddress, peer: String = "", connecting: Bool, limits: ConnectionLimits) {
        self.loop = loop
        self.fd = fd
        self.address = address
        self.peer = peer
        self.limits = limits
        self.state = connecting ? .connecting : .open
    }

    // MARK: setup

    /// Registers an accepted socket with `loop` under `handler`.
    static func adopt(fd: Int32, on loop: EventLoop, address: SocketAddress, peer: String, limits: ConnectionLimits,
                      handler: any ConnectionHandler) throws(IOError) -> Connection {
        let connection = Connection(loop: loop, fd: fd, address: address, peer: peer, connecting: false, limits: limits)
        connection.handler = handler
        connection.interest = CB_EPOLLIN
        connection.registration = try loop.register(fd: fd, events: CB_EPOLLIN, connection)
        connection.activity.lastTraffic = loop.tickNanos
        if limits.idleTimeout != nil || limits.stallTimeout != nil {
            connection.watched = true
            loop.watchdog.watch(connection)
        }
        handler.connectionActive(connection)
        return connection
    }

    /// Opens a client connection from `loop` to `address`; `handler.connectionActive` follows
    /// when it is up, `handler.connectionClosed(error:)` if it fails. Call on `loop`.
    public static func connect(to address: SocketAddress, on loop: EventLoop, limits: ConnectionLimits = .defaults,
                               handler: any ConnectionHandler) throws(IOError) -> Connection {
        let fd = try SocketOps.makeSocket(family: address.family)
        let connected: Bool
        do {
            connected = try SocketOps.startConnect(fd, to: address)
        } catch {
            Glibc.close(fd)
            throw error
        }
        if case .unix = address {} else { SocketOps.setNoDelay(fd) }
        let connection = Connection(loop: loop, fd: fd, address: address, connecting: !connected, limits: limits)
        connection.handler = handler
        connection.interest = connected ? CB_EPOLLIN : CB_EPOLLOUT
        do {
            connection.registration = try loop.register(fd: fd, events: connection.interest, connection)
        } catch {
            Glibc.close(fd)
            throw error
        }
        if connected {
            loop.execute { connection.handler?.connectionActive(connection) }
        }
        return connection
    }

    // MARK: events

    func handleEvents(_ events: UInt32) {
        if state == .connecting {
            finishConnect()
            return
        }
        if events & (CB_EPOLLIN | CB_EPOLLHUP | CB_EPOLLERR) != 0 && interest & CB_EPOLLIN != 0 {
            readAvailable()
        }
        if state == .open && events & CB_EPOLLOUT != 0 {
            writePending()
        }
        if state == .open && events & CB_EPOLLERR != 0 {
            let code = SocketOps.pendingError(fd)
            if code != 0 { closeNow(error: IOError("socket", errno: code)) }
        }
    }

    private func finishConnect() {
        let code = SocketOps.pendingError(fd)
        guard code == 0 else {
            closeNow(error: IOError("connect \(address)", errno: code))
            return
        }
        state = .open
        updateInterest()
        handler?.connectionActive(self)
        flush()
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        if lingering {
            discardInput(buffer)
            return
        }
        // A few reads per wake-up at most, so one busy peer cannot starve the others.
        for _ in 0..<4 {
            guard state == .open, !inputClosed, interest & CB_EPOLLIN != 0 else { return }
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count > 0 {
                activity.lastTraffic = loop.tickNanos
                deliver(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                if count < buffer.count { break }
            } else if count == 0 {
                inputClosed = true
                peerFinished = true
                updateInterest()
                handler?.connectionInputClosed(self)
                return
            } else {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { break }
                closeNow(error: IOError("read", errno: code))
                return
            }
        }
        // Small output (an answer or two) leaves at the end of the tick, after every ready
        // connection was read, rather than one connection at a time: the first write wakes a
        // waiting peer, and the rest then reach it awake. Written one by one, each write paid
        // a cross-core wake-up (on a VM, an inter-processor interrupt) while the peer idled
        // between answers. A batch (a pipelining peer's worth of answers, or a pipelining
        // client's next requests) leaves at once: the peer starts on it while this loop reads
        // its other connections, where holding it back made the two sides take turns.
        let buffered = bufferedOutputBytes
        if buffered >= Self.immediateFlushBytes {
            flush()
        } else if buffered > 0 {
            scheduleFlush()
        }
    }

    /// Offers bytes to the handler, keeping what it does not consume. Bytes are copied only
    /// when a frame spans reads.
    private func deliver(_ fresh: UnsafeRawBufferPointer) {
        guard let handler else { return }
        inReadCallback = true
        defer { inReadCallback = false }
        let consumed: Int
        if inbound.isEmpty {
            consumed = handler.connectionRead(self, fresh)
            if consumed < fresh.count && state == .open {
                inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: fresh[consumed...]))
            }
        } else {
            inbound.append(contentsOf: fresh)
            consumed = inbound.withUnsafeBytes { handler.connectionRead(self, $0) }
            if state != .open { return }
            if consumed >= inbound.count {
                inbound = []  // release the storage: idle connections hold no buffer
            } else if consumed > 0 {
                inbound.removeFirst(consumed)
            }
        }
        // A partial message is timed from when it began: any consumed input means a new one.
        if inbound.isEmpty {
            activity.partialInputSince = 0
        } else if consumed > 0 || activity.partialInputSince == 0 {
            activity.partialInputSince = loop.tickNanos
        }
        if inbound.count > limits.maxBufferedInput {
            closeNow(error: IOError("input buffer limit of \(limits.maxBufferedInput) bytes exceeded", errno: EMSGSIZE))
        }
    }

    // MARK: writing

    /// Queues bytes; they go out at the next ``flush()`` (automatic after a read callback).
    public func write(_ bytes: [UInt8]) {
        guard state != .closed else { return }
        if outbound.isEmpty && outboundOffset == 0 {
            outbound = bytes
            outboundAdopted = true
        } else {
            outbound.append(contentsOf: bytes)
        }
        afterQueueing()
    }

    /// Lets `body` append output in place (no intermediate array).
    public func writeInPlace(_ body: (inout [UInt8]) -> Void) {
        guard state != .closed else { return }
        body(&outbound)
        afterQueueing()
    }

    private func afterQueueing() {
        let buffered = bufferedOutputBytes
        if buffered > limits.maxBufferedOutput {
            closeNow(error: IOError("output buffer limit of \(limits.maxBufferedOutput) bytes exceeded", errno: ENOBUFS))
        } else if buffered > limits.writeHighWaterMark && !pausedByBackPressure {
            pausedByBackPressure = true
            updateInterest()
        }
    }

    /// Queues bytes and writes them now.
    public func send(_ bytes: [UInt8]) {
        write(bytes)
        flush()
    }

    /// Queues bytes; they are written at the end of the loop's current tick, together with
    /// whatever else is written before then (one system call for many small answers).
    public func sendSoon(_ bytes: [UInt8]) {
        write(bytes)
        scheduleFlush()
    }

    /// Lets `body` append output in place, written at the end of the loop's current tick (see
    /// ``sendSoon(_:)``): a pipelining client encodes each request straight into the
    /// connection's buffer.
    public func sendSoonInPlace(_ body: (inout [UInt8]) -> Void) {
        writeInPlace(body)
        scheduleFlush()
    }

    /// Asks for a flush at the end of the loop's current tick.
    public func scheduleFlush() {
        guard state == .open, !flushScheduled, !inReadCallback else { return }
        flushScheduled = true
        loop.flushAtEndOfTick(self)
    }

    /// Writes queued output at once from inside a read callback, where ``flush()`` waits until
    /// the read is handled. A handler working through many messages of one read calls it after
    /// the first few (once: each further call is one more system call), so the first answers
    /// (or a client's next requests) leave while it handles the rest and the peer starts on
    /// them: otherwise one connection's batch goes back and forth whole and the two sides take
    /// turns. Only the writing happens here; a full socket or an error is left to the flush that
    /// follows the callback.
    public func writeEarly() {
        guard inReadCallback, state == .open, interest & CB_EPOLLOUT == 0 else { return }
        _ = writeQueued()
    }

    /// Writes as much queued output as the socket takes; waits for EPOLLOUT for the rest.
    public func flush() {
        flushScheduled = false
        guard state == .open, !inReadCallback, interest & CB_EPOLLOUT == 0 else { return }
        writePending()
    }

    /// How a run of `write` calls over the queued output stopped.
    private enum WriteStop {
        /// Everything queued is written.
        case drained
        /// The socket takes no more (EAGAIN): the rest waits for EPOLLOUT.
        case socketFull
        /// `write` failed with this errno.
        case failed(Int32)
    }

    /// Writes queued output until it is all written, the socket is full or `write` fails
    /// (EINTR is retried); `outboundOffset` tells how far it got. The one write loop, shared by
    /// ``writeEarly()`` (which leaves what stopped it to the flush after the read callback) and
    /// `writePending()` (which acts on it).
    private func writeQueued() -> WriteStop {
        while outboundOffset < outbound.count {
            let written = outbound.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + outboundOffset }, raw.count - outboundOffset)
            }
            if written > 0 {
                outboundOffset += written
                continue
            }
            let code = errno
            if written < 0 && code == EINTR { continue }
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK) { return .socketFull }
            return .failed(code)
        }
        return .drained
    }

    private func writePending() {
        let startOffset = outboundOffset
        let stop = writeQueued()
        let progressed = outboundOffset != startOffset
        switch stop {
        case .drained:
            break
        case .socketFull:
            // The peer is not reading fast enough: time the stall from the last progress.
            if progressed || activity.pendingOutputSince == 0 { activity.pendingOutputSince = loop.tickNanos }
            if progressed { activity.lastTraffic = loop.tickNanos }
            updateInterest()
            return
        case .failed(let code):
            closeNow(error: IOError("write", errno: code))
            return
        }
        if progressed { activity.lastTraffic = loop.tickNanos }
        activity.pendingOutputSince = 0
        if lingering { return }
        // Everything written: drop big buffers so an idle connection holds almost nothing.
        if outboundAdopted || outbound.capacity > 64 * 1024 { outbound = [] } else { outbound.removeAll(keepingCapacity: true) }
        outboundAdopted = false
        outboundOffset = 0
        let wasPaused = pausedByBackPressure
        if pausedByBackPressure && bufferedOutputBytes < limits.writeLowWaterMark { pausedByBackPressure = false }
        updateInterest()
        if closeWhenFlushed {
            linger()
        } else if shutdownOutputWhenFlushed {
            shutdownOutputWhenFlushed = false
            shutdown(fd, Int32(SHUT_WR))
        } else if wasPaused && !pausedByBackPressure {
            handler?.connectionWritable(self)
        }
    }

    // MARK: flow control

    /// Stops reading input (the handler has enough work in flight).
    public func pauseReading() {
        pausedByHandler = true
        updateInterest()
    }

    /// Resumes reading input, first offering any bytes already buffered.
    public func resumeReading() {
        guard pausedByHandler else { return }
        pausedByHandler = false
        updateInterest()
    }

    private func updateInterest() {
        guard state == .open else { return }
        var wanted: UInt32 = 0
        if lingering || (!inputClosed && !pausedByHandler && !pausedByBackPressure) { wanted |= CB_EPOLLIN }
        if outboundOffset < outbound.count { wanted |= CB_EPOLLOUT }
        if wanted != interest {
            interest = wanted
            loop.reregister(fd: fd, registration: registration, events: wanted)
        }
    }

    // MARK: closing

    /// Closes once queued output is written (for an error answer followed by a close).
    public func closeAfterFlush() {
        guard state != .closed else { return }
        closeWhenFlushed = true
        inputClosed = true
        updateInterest()
        if bufferedOutputBytes == 0 { linger() } else if !inReadCallback { flush() }
    }

    /// Output is all written: send FIN, then discard input until the peer's FIN (or the linger
    /// timeout) before closing, so the peer reads our last bytes instead of a reset.
    private func linger() {
        guard state == .open, !lingering else { return }
        if peerFinished {
            closeNow(error: nil)
            return
        }
        lingering = true
        shutdown(fd, Int32(SHUT_WR))
        updateInterest()
        _ = loop.scheduleTimer(after: Self.lingerTimeout) { [weak self] in self?.closeNow(error: nil) }
    }

    private func discardInput(_ buffer: UnsafeMutableRawBufferPointer) {
        for _ in 0..<16 {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
            closeNow(error: nil)  // the peer's FIN, or an error: either way we are done
            return
        }
    }

    /// Half-close: no more output from us once queued output is written; input continues.
    public func shutdownOutput() {
        guard state == .open else { return }
        if bufferedOutputBytes == 0 { shutdown(fd, Int32(SHUT_WR)) } else { shutdownOutputWhenFlushed = true }
    }

    /// Closes at once, dropping queued output.
    public func close() {
        closeNow(error: nil)
    }

    // MARK: timeouts (called by the loop's ConnectionWatchdog)

    var handlerIdleSince: UInt64? { handler.map { $0.connectionIdleSince(self) } ?? activity.lastTraffic }

    /// When a byte last moved either way (``MonotonicTime`` nanoseconds; accepted connections).
    public var lastTrafficNanos: UInt64 { activity.lastTraffic }
    var handlerStalledSince: UInt64? { handler?.connectionStalledSince(self) }

    func idleTimedOut() {
        guard state == .open, let handler else { return }
        handler.connectionIdleTimedOut(self)
    }

    /// Closes a connection whose peer is too slow, saying why.
    func cutOff(_ reason: String) {
        closeNow(error: IOError(reason, errno: ETIMEDOUT))
    }

    private func closeNow(error: IOError?) {
        guard state != .closed else { return }
        state = .closed
        loop.deregister(fd: fd, registration: registration)
        Glibc.close(fd)
        if watched { loop.watchdog.forget(self) }
        inbound = []
        outbound = []
        outboundOffset = 0
        let onClose = self.onClose
        self.onClose = nil
        onClose?()
        let handler = self.handler
        self.handler = nil
        handler?.connectionClosed(self, error: error)
    }
}
