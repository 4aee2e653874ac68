import BridgeCore
import BridgeIO
import HPACK
import HTTP2

/// The server side of one h2c connection carrying gRPC: the I/O shell around the pure
/// ``HTTP2Connection``. It routes each new stream by `:path`, checks the gRPC request headers,
/// deframes messages, enforces `grpc-timeout`, sends responses within flow control, and ends
/// every call with a status in trailers (Trailers-Only when nothing else was sent).
/// Loop-confined (see ``EventLoop``).
final class GRPCServerConnection: ConnectionHandler, KeepaliveHost, DrainableConnection, @unchecked Sendable {
    let loop: EventLoop
    private let router: GRPCRouter
    private let configuration: GRPCServerConfiguration
    private let registry: ConnectionRegistry
    private var connection: Connection?
    private var http2: HTTP2Connection
    private var calls: [UInt32: GRPCServerCall] = [:]
    /// Response bytes waiting for flow control, per stream, and trailers to send after them.
    private var blocked: [UInt32: (data: [UInt8], trailers: [HPACKHeader]?)] = [:]
    private var headersSent = Set<UInt32>()
    private var timers: [UInt32: TimerID] = [:]
    private var draining = false
    /// Since when response data has waited on a shut flow-control window with no progress
    /// (``MonotonicTime`` nanoseconds; 0 when nothing waits): the stall timeout's clock.
    private var blockedSince: UInt64 = 0
    /// Response bytes held for flow control across all streams, capped by
    /// ``GRPCServerConfiguration/maxBlockedBytes``.
    private var blockedBytes = 0
    /// When the last call ended (or the connection opened): keepalive PINGs do not count as work.
    private var idleSince: UInt64 = 0
    var keepalive: KeepaliveState?

    init(loop: EventLoop, router: GRPCRouter, configuration: GRPCServerConfiguration, registry: ConnectionRegistry) {
        self.loop = loop
        self.router = router
        self.configuration = configuration
        self.registry = registry
        self.http2 = HTTP2Connection(role: .server, settings: configuration.http2Settings, floodLimits: configuration.floodLimits)
        self.keepalive = configuration.keepalive.map { KeepaliveState(policy: $0) }
    }

    var keepaliveConnectionOpen: Bool { connection != nil }

    func sendKeepalivePing(_ opaque: UInt64) {
        http2.ping(opaque)
        flush()
    }

    func closeForKeepalive() {
        connection?.close()
    }

    func connectionActive(_ connection: Connection) {
        self.connection = connection
        idleSince = loop.tickNanos
        registry.add(self)
        http2.start()
        flush()
        scheduleKeepalive()
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {
        registry.remove(self)
        self.connection = nil
        for (id, call) in calls {
            call.finished = true
            if let timer = timers[id] { loop.cancelTimer(timer) }
            call.onCancel?(GRPCStatus(.unavailable, "connection closed"))
            call.releaseCallbacks()
        }
        calls = [:]
    }

    func drain() {
        draining = true
        http2.goAway(code: .noError, debug: "server shutting down")
        flush()
        if calls.isEmpty { connection?.closeAfterFlush() }
    }

    func forceClose() {
        connection?.close()
    }

    // MARK: limits (the loop's watchdog asks)

    func connectionIdleSince(_ connection: Connection) -> UInt64? { calls.isEmpty ? idleSince : nil }

    /// The oldest of: data held for a shut window, a request message started and not finished.
    func connectionStalledSince(_ connection: Connection) -> UInt64? {
        var oldest: UInt64? = blockedSince == 0 ? nil : blockedSince
        for call in calls.values where call.partialSince != 0 { oldest = min(oldest ?? .max, call.partialSince) }
        return oldest
    }

    /// Idle: GOAWAY first, so a client about to send a call opens a new connection instead.
    func connectionIdleTimedOut(_ connection: Connection) { drain() }

    private func flush() {
        guard let connection, http2.hasOutput else { return }
        connection.writeInPlace { $0.append(contentsOf: http2.takeOutput()) }
        connection.scheduleFlush()
    }

    // MARK: reading

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        let (events, consumed) = http2.receive(bytes)
        for event in events { handle(event) }
        flush()
        return consumed
    }

    private func handle(_ event: HTTP2Event) {
        switch event {
        case .headers(let id, let headers, let endStream):
            if let call = calls[id] {
                // Trailers from the client: the request stream is complete.
                if endStream { endOfRequest(call) }
            } else {
                open(id, headers, endStream: endStream)
            }
        case .data(let id, let data, let endStream):
            guard let call = calls[id] else { return }
            do throws(GRPCMessageDeframer.Failure) {
                let messages = try call.deframer.append(data)
                notePartial(call, completed: !messages.isEmpty)
                guard partialRequestBytesAllowed() else { return }
                for message in messages where !call.finished { call.onMessage?(message) }
            } catch {
                switch error {
                case .compressed:
                    finish(call, status: GRPCStatus(.unimplemented, "compressed messages are not supported (grpc-accept-encoding: identity)"))
                case .tooLarge(let size):
                    finish(call, status: GRPCStatus(.resourceExhausted, "message of \(size) bytes exceeds the limit of \(configuration.maxMessageBytes)"))
                }
                return
            }
            if endStream { endOfRequest(call) }
        case .streamReset(let id, _), .streamError(let id, _, _):
            cancel(id, GRPCStatus(.cancelled, "the client reset the stream"))
        case .windowUpdated:
            for id in Array(blocked.keys) { drainBlocked(id) }
        case .connectionError:
            flush()  // the GOAWAY first
            connection?.closeAfterFlush()
        case .pingAck(let opaque):
            keepalive?.acknowledged(opaque)
        case .goAway, .settingsChanged:
            break
        }
    }

    /// Times an unfinished request message from when it began.
    private func notePartial(_ call: GRPCServerCall, completed: Bool) {
        if !call.deframer.hasPartialMessage {
            call.partialSince = 0
        } else if completed || call.partialSince == 0 {
            call.partialSince = loop.tickNanos
        }
    }

    /// False (and the connection is going away) when unfinished request messages across the
    /// streams hold more than the limit: many streams each with most of a big message.
    private func partialRequestBytesAllowed() -> Bool {
        let held = calls.values.reduce(0) { $0 + $1.deframer.bufferedBytes }
        guard held > configuration.maxPartialRequestBytes else { return true }
        http2.goAway(code: .enhanceYourCalm, debug: "over \(configuration.maxPartialRequestBytes) bytes of unfinished request messages")
        flush()
        connection?.closeAfterFlush()
        return false
    }

    private func endOfRequest(_ call: GRPCServerCall) {
        guard !call.finished else { return }
        if call.deframer.hasPartialMessage {
            finish(call, status: GRPCStatus(.internal, "the request stream ended in the middle of a message"))
            return
        }
        call.onEnd?()
    }

    private func open(_ id: UInt32, _ headers: [HPACKHeader], endStream: Bool) {
        func field(_ name: String) -> String? { headers.first { $0.name == name }?.value }
        let path = field(":path") ?? ""
        // A non-gRPC request gets a plain HTTP answer: 415 for the wrong content type.
        guard field(":method") == "POST", let contentType = field("content-type"), contentType.hasPrefix("application/grpc") else {
            http2.sendHeaders(streamID: id, [HPACKHeader(name: ":status", value: "415"),
                                             HPACKHeader(name: "content-type", value: "text/plain")], endStream: true)
            return
        }
        var deadline: ContinuousClock.Instant?
        if let timeout = field("grpc-timeout") {
            guard let duration = GRPCTimeout.parse(timeout) else {
                trailersOnly(id, GRPCStatus(.invalidArgument, "malformed grpc-timeout '\(timeout)'"))
                return
            }
            deadline = .now + duration
        }
        if let encoding = field("grpc-encoding"), encoding != "identity" {
            trailersOnly(id, GRPCStatus(.unimplemented, "grpc-encoding '\(encoding)' is not supported; use identity"))
            return
        }
        guard !draining else {
            trailersOnly(id, GRPCStatus(.unavailable, "server is shutting down"))
            return
        }
        guard let handler = router.handler(for: path) else {
            trailersOnly(id, GRPCStatus(.unimplemented, "unknown method \(path)"))
            return
        }
        let call = GRPCServerCall(path: path, metadata: GRPCMetadata(headers: headers), deadline: deadline, loop: loop, streamID: id,
                                  connection: self, maxMessageBytes: configuration.maxMessageBytes)
        calls[id] = call
        if let deadline {
            timers[id] = loop.scheduleTimer(after: deadline - .now) { [weak self] in
                guard let self, let call = self.calls[id], !call.finished else { return }
                let onCancel = call.onCancel  // finishing releases the callbacks
                self.finish(call, status: GRPCStatus(.deadlineExceeded, "deadline exceeded"))
                onCancel?(GRPCStatus(.deadlineExceeded, "deadline exceeded"))
            }
        }
        handler.handle(call)
        if endStream { endOfRequest(call) }
    }

    private func cancel(_ id: UInt32, _ status: GRPCStatus) {
        guard let call = calls.removeValue(forKey: id) else { return }
        call.finished = true
        released(blocked.removeValue(forKey: id)?.data.count ?? 0)
        headersSent.remove(id)
        if let timer = timers.removeValue(forKey: id) { loop.cancelTimer(timer) }
        call.onCancel?(status)
        call.releaseCallbacks()
        if calls.isEmpty { idleSince = loop.tickNanos }
        closeIfDrained()
    }

    // MARK: writing

    private static let responseHeaders = [HPACKHeader(name: ":status", value: "200"),
                                          HPACKHeader(name: "content-type", value: "application/grpc"),
                                          HPACKHeader(name: "grpc-accept-encoding", value: "identity")]

    private func trailersOnly(_ id: UInt32, _ status: GRPCStatus) {
        http2.sendHeaders(streamID: id, Self.responseHeaders + status.trailers, endStream: true)
    }

    func send(_ message: [UInt8], on call: GRPCServerCall) {
        send(message, on: call, whenReady: nil)
    }

    /// Sends `message`; `whenReady` (see ``GRPCServerCall/send(_:whenReady:)``) hears at once
    /// when nothing is held back, else when the backlog drains or the call ends.
    func send(_ message: [UInt8], on call: GRPCServerCall, whenReady: ((Bool) -> Void)?) {
        guard !call.finished, calls[call.streamID] != nil, connection?.isAcceptingInput == true else {
            whenReady?(false)
            return
        }
        defer {
            if let whenReady {
                if call.finished || calls[call.streamID] == nil {
                    whenReady(false)
                } else if blocked[call.streamID] == nil {
                    whenReady(true)
                } else {
                    call.readyWaiters.append(whenReady)
                }
            }
        }
        let id = call.streamID
        if !headersSent.contains(id) {
            headersSent.insert(id)
            http2.sendHeaders(streamID: id, Self.responseHeaders + call.initialMetadata.headers, endStream: false)
        }
        let framed = GRPCMessageFramer.frame(message)
        if blocked[id] != nil {
            blocked[id]?.data.append(contentsOf: framed)
            holdBack(framed.count)
        } else {
            let sent = http2.sendData(streamID: id, framed, endStream: false)
            if sent < framed.count {
                blocked[id] = (Array(framed[sent...]), nil)
                holdBack(framed.count - sent)
            }
        }
        flush()
    }

    /// Counts bytes held for flow control; a peer that lets more pile up than the limit (it
    /// keeps its windows shut while a stream produces) loses the connection.
    private func holdBack(_ count: Int) {
        if blockedBytes == 0 { blockedSince = loop.tickNanos }
        blockedBytes += count
        if blockedBytes > configuration.maxBlockedBytes, connection?.isAcceptingInput == true {
            http2.goAway(code: .enhanceYourCalm, debug: "over \(configuration.maxBlockedBytes) bytes held for shut flow-control windows")
            flush()
            connection?.closeAfterFlush()
        }
    }

    /// Bytes that left (or were dropped with their stream): the stall clock restarts on progress.
    private func released(_ count: Int) {
        guard count > 0 else { return }
        blockedBytes = max(0, blockedBytes - count)
        blockedSince = blockedBytes == 0 ? 0 : loop.tickNanos
    }

    func finish(_ call: GRPCServerCall, status: GRPCStatus, trailers: GRPCMetadata) {
        guard !call.finished, calls[call.streamID] != nil else { return }
        call.finished = true
        let id = call.streamID
        if let timer = timers.removeValue(forKey: id) { loop.cancelTimer(timer) }
        let fields = status.trailers + trailers.headers
        if !headersSent.contains(id) {
            http2.sendHeaders(streamID: id, Self.responseHeaders + call.initialMetadata.headers + fields, endStream: true)
            complete(id)
        } else if blocked[id] != nil {
            blocked[id]?.trailers = fields  // after the data flow control is holding back
        } else {
            http2.sendHeaders(streamID: id, fields, endStream: true)
            complete(id)
        }
        flush()
    }

    func finish(_ call: GRPCServerCall, status: GRPCStatus) {
        finish(call, status: status, trailers: GRPCMetadata())
    }

    private func drainBlocked(_ id: UInt32) {
        guard var pending = blocked[id] else { return }
        let sent = http2.sendData(streamID: id, pending.data, endStream: false)
        pending.data.removeFirst(sent)
        released(sent)
        if pending.data.isEmpty {
            blocked[id] = nil
            if pending.trailers == nil { calls[id]?.notifyReady(true) }
            if let trailers = pending.trailers {
                http2.sendHeaders(streamID: id, trailers, endStream: true)
                complete(id)
            }
        } else {
            blocked[id] = pending
        }
        flush()
    }

    private func complete(_ id: UInt32) {
        calls.removeValue(forKey: id)?.releaseCallbacks()
        headersSent.remove(id)
        if calls.isEmpty { idleSince = loop.tickNanos }
        // A request still streaming in after our status is answered with RST_STREAM(NO_ERROR)
        // by well-behaved servers; our state machine simply drops what comes next.
        closeIfDrained()
    }

    private func closeIfDrained() {
        if draining && calls.isEmpty { connection?.closeAfterFlush() }
    }
}
