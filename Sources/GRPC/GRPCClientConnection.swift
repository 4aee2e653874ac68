import BridgeCore
import BridgeIO
import HPACK
import HTTP2

/// The client side of one h2c connection carrying gRPC calls: the I/O shell around the pure
/// ``HTTP2Connection``. Loop-confined (see ``EventLoop``); owned by a ``GRPCClient``.
final class GRPCClientConnection: ConnectionHandler, KeepaliveHost, @unchecked Sendable {
    let loop: EventLoop
    let authority: String
    private weak var client: GRPCClient?
    private var connection: Connection?
    private var http2 = HTTP2Connection(role: .client)
    private var calls: [UInt32: GRPCClientCall] = [:]
    /// Calls not yet on a stream: made before the connection was up, or while the server's
    /// SETTINGS_MAX_CONCURRENT_STREAMS were all in use. Started in order as streams free up, so
    /// a burst of calls queues here instead of being refused by the server.
    private var waiting: [(GRPCClientCall, [HPACKHeader])] = []
    /// Calls wait for the server's first SETTINGS (its connection preface, sent as soon as it
    /// accepts) before any stream opens: until then its stream limit is unknown, and a burst
    /// opened early would be refused past it. On loopback this costs nothing measurable; on a
    /// long link, at most one round trip for the first calls of a connection.
    private var peerSettingsReceived = false
    private var blocked: [UInt32: (data: [UInt8], endStream: Bool)] = [:]
    private(set) var isUsable = true
    private var isConnected = false
    var keepalive: KeepaliveState?

    init(loop: EventLoop, authority: String, client: GRPCClient, keepalive: GRPCKeepalive?) {
        self.loop = loop
        self.authority = authority
        self.client = client
        self.keepalive = keepalive.map { KeepaliveState(policy: $0) }
    }

    /// PING ACKs received (keepalive).
    var pingsAcknowledged: Int { keepalive?.acknowledgedCount ?? 0 }

    var keepaliveConnectionOpen: Bool { connection != nil }

    func sendKeepalivePing(_ opaque: UInt64) {
        http2.ping(opaque)
        flush()
    }

    func closeForKeepalive() {
        connection?.close()
    }

    func attach(_ connection: Connection) {
        self.connection = connection
    }

    var activeCalls: Int { calls.count + waiting.count }

    // MARK: lifecycle

    func connectionActive(_ connection: Connection) {
        isConnected = true
        http2.start()
        openWaiting()
        flush()
        scheduleKeepalive()
    }

    /// How many streams the server lets this connection have open at once.
    private var streamLimit: Int {
        peerSettingsReceived ? http2.remoteSettings.maxConcurrentStreams : 0
    }

    /// Starts waiting calls, oldest first, while the server's stream limit has room.
    private func openWaiting() {
        guard isConnected, isUsable else { return }
        var started = 0
        while started < waiting.count && calls.count < streamLimit {
            let (call, headers) = waiting[started]
            started += 1
            open(call, headers)
        }
        if started > 0 { waiting.removeFirst(started) }
    }

    /// Fails the calls that never got a stream: the server never saw them, so retrying is safe.
    private func failWaiting(_ status: GRPCStatus) {
        let never = waiting.map(\.0)
        waiting = []
        for call in never { call.complete(status) }
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {
        isUsable = false
        self.connection = nil
        let reason = isConnected ? "connection lost" : "cannot connect"
        let status = GRPCStatus(.unavailable, reason + (error.map { ": \($0.reason)" } ?? ""))
        let all = Array(calls.values) + waiting.map(\.0)
        calls = [:]
        waiting = []
        for call in all { call.complete(status) }
        client?.connectionGone(self)
    }

    func close() {
        connection?.close()
    }

    private func flush() {
        guard let connection, http2.hasOutput else { return }
        connection.writeInPlace { $0.append(contentsOf: http2.takeOutput()) }
        connection.scheduleFlush()
    }

    // MARK: calls

    func start(_ call: GRPCClientCall, metadata: GRPCMetadata, timeout: Duration?) {
        var headers = [HPACKHeader(name: ":method", value: "POST"), HPACKHeader(name: ":scheme", value: "http"),
                       HPACKHeader(name: ":path", value: call.path), HPACKHeader(name: ":authority", value: authority),
                       HPACKHeader(name: "content-type", value: "application/grpc"), HPACKHeader(name: "te", value: "trailers"),
                       HPACKHeader(name: "grpc-accept-encoding", value: "identity"),
                       HPACKHeader(name: "user-agent", value: "ipcbridge-grpc/0.1")]
        if let timeout {
            headers.append(HPACKHeader(name: "grpc-timeout", value: GRPCTimeout.format(timeout)))
            call.deadlineTimer = loop.scheduleTimer(after: timeout) { [weak self, weak call] in
                guard let self, let call, !call.finished else { return }
                self.cancel(call, status: GRPCStatus(.deadlineExceeded, "deadline exceeded"))
            }
        }
        headers += metadata.headers
        call.connection = self
        waiting.append((call, headers))
        openWaiting()
        flush()
    }

    private func open(_ call: GRPCClientCall, _ headers: [HPACKHeader]) {
        guard !call.finished else { return }
        let id = http2.openStream()
        call.streamID = id
        calls[id] = call
        http2.sendHeaders(streamID: id, headers, endStream: false)
        let queued = call.queued
        call.queued = []
        for write in queued { self.write(write.bytes, on: id, endStream: write.endStream) }
    }

    func send(_ message: [UInt8], on call: GRPCClientCall, endStream: Bool) {
        guard !call.finished else { return }
        if call.streamID == 0 {
            // Not on a stream yet (no connection, or no free stream): goes out right after the headers.
            call.queued.append((GRPCMessageFramer.frame(message), endStream))
            return
        }
        write(GRPCMessageFramer.frame(message), on: call.streamID, endStream: endStream)
    }

    func halfClose(_ call: GRPCClientCall) {
        guard !call.finished else { return }
        if call.streamID == 0 {
            call.queued.append(([], true))
            return
        }
        write([], on: call.streamID, endStream: true)
    }

    private func write(_ bytes: [UInt8], on id: UInt32, endStream: Bool) {
        if blocked[id] != nil {
            blocked[id]?.data.append(contentsOf: bytes)
            blocked[id]?.endStream = endStream
        } else {
            let sent = http2.sendData(streamID: id, bytes, endStream: endStream)
            if sent < bytes.count { blocked[id] = (Array(bytes[sent...]), endStream) }
        }
        flush()
    }

    func cancel(_ call: GRPCClientCall, status: GRPCStatus) {
        guard !call.finished else { return }
        if call.streamID != 0 {
            calls[call.streamID] = nil
            blocked[call.streamID] = nil
            http2.resetStream(call.streamID, code: .cancel)
            openWaiting()
            flush()
        } else {
            waiting.removeAll { $0.0 === call }
        }
        call.complete(status)
    }

    // MARK: reading

    /// HTTP/2 events handled before the one early write of a read (about 16 unary answers:
    /// headers, data, trailers each); see `Connection.writeEarly` and
    /// `TCPClientConnection.answersBeforeEarlyWrite` for why once per read.
    static let eventsBeforeEarlyWrite = 48

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        let (events, consumed) = http2.receive(bytes)
        for (index, event) in events.enumerated() {
            handle(event)
            // Pipelined callers' first next requests leave while the rest of the read is handled.
            if index + 1 == Self.eventsBeforeEarlyWrite {
                flush()
                connection.writeEarly()
            }
        }
        flush()
        return consumed
    }

    private func handle(_ event: HTTP2Event) {
        switch event {
        case .headers(let id, let headers, let endStream):
            guard let call = calls[id] else { return }
            if !call.receivedHeaders {
                call.receivedHeaders = true
                call.initialMetadata = GRPCMetadata(headers: headers)
                let status = headers.first { $0.name == ":status" }?.value ?? ""
                guard status == "200" else {
                    finish(id, GRPCStatus(StatusCode(httpStatus: Int(status) ?? 0) == .ok ? .unknown : StatusCode(httpStatus: Int(status) ?? 0),
                                          "HTTP status \(status) from the server"))
                    return
                }
                // Trailers-Only: the status is in these headers.
                if endStream { finish(id, GRPCStatus(trailers: headers), GRPCMetadata(headers: headers)) }
            } else if endStream {
                if call.deframer.hasPartialMessage {
                    finish(id, GRPCStatus(.internal, "the response ended in the middle of a message"))
                } else {
                    finish(id, GRPCStatus(trailers: headers), GRPCMetadata(headers: headers))
                }
            }
        case .data(let id, let data, let endStream):
            guard let call = calls[id] else { return }
            do {
                for message in try call.deframer.append(data) where !call.finished { call.onMessage(message) }
            } catch {
                cancel(call, status: GRPCStatus(.resourceExhausted, "response message: \(error)"))
                return
            }
            if endStream { finish(id, GRPCStatus(.internal, "the response ended without trailers")) }
        case .streamReset(let id, let code):
            let status: StatusCode = code == .refusedStream ? .unavailable : code == .cancel ? .cancelled : .internal
            finish(id, GRPCStatus(status, "stream reset by the server (\(code))"))
        case .streamError(let id, let code, let reason):
            finish(id, GRPCStatus(.internal, "stream error \(code): \(reason)"))
        case .goAway(let last, _, _):
            // No new calls here; calls above `last` were never seen by the server: retryable.
            isUsable = false
            client?.connectionGone(self)
            failWaiting(GRPCStatus(.unavailable, "the server is going away"))
            for (id, _) in calls where id > last { finish(id, GRPCStatus(.unavailable, "the server is going away")) }
            if calls.isEmpty { connection?.closeAfterFlush() }
        case .windowUpdated:
            for id in Array(blocked.keys) {
                guard let pending = blocked[id] else { continue }
                blocked[id] = nil
                write(pending.data, on: id, endStream: pending.endStream)
            }
        case .connectionError(let error):
            isUsable = false
            let all = Array(calls.values)
            calls = [:]
            for call in all { call.complete(GRPCStatus(.unavailable, "HTTP/2 \(error)")) }
            failWaiting(GRPCStatus(.unavailable, "HTTP/2 \(error)"))
            connection?.closeAfterFlush()
        case .pingAck(let opaque):
            keepalive?.acknowledged(opaque)
        case .settingsChanged:
            peerSettingsReceived = true
            openWaiting()
        }
    }

    private func finish(_ id: UInt32, _ status: GRPCStatus, _ trailers: GRPCMetadata = GRPCMetadata()) {
        guard let call = calls.removeValue(forKey: id) else { return }
        blocked[id] = nil
        call.complete(status, trailers)
        openWaiting()
        if !isUsable && calls.isEmpty { connection?.closeAfterFlush() }
    }
}
