import HPACK

/// The HTTP/2 connection state machine (RFC 9113), pure: bytes and calls in, events and bytes
/// out. It owns the frame decoder, HPACK contexts, SETTINGS exchange, stream states, both
/// directions of flow control, PING, GOAWAY and every connection and stream error; the I/O
/// shell feeds it what the socket read and writes ``takeOutput()``.
///
/// Flow control on receive: received DATA is counted against the windows and the windows are
/// reopened (WINDOW_UPDATE) once half is used, as data is handed to the application; a peer
/// that sends beyond a window gets FLOW_CONTROL_ERROR.
public struct HTTP2Connection: Sendable {
    /// Which end of the connection this is: it decides who sends the preface, which stream ids
    /// are ours (odd for clients, even for servers) and what the peer may open.
    public enum Role: Sendable {
        /// Sends the preface and opens odd-numbered streams.
        case client
        /// Expects the preface; the peer opens the (odd-numbered) streams.
        case server
    }

    /// This end's role.
    public let role: Role
    /// The SETTINGS we advertise and enforce on what we receive.
    public let localSettings: HTTP2Settings
    /// The peer's SETTINGS as last received (RFC defaults until its first SETTINGS frame): they
    /// bound what we send.
    public private(set) var remoteSettings = HTTP2Settings()

    private var decoder: HTTP2FrameDecoder
    private var hpackDecoder: HPACKDecoder
    private var hpackEncoder = HPACKEncoder()
    private var output: [UInt8] = []
    private var streams: [UInt32: HTTP2StreamState] = [:]
    /// The highest stream id the peer opened (for GOAWAY and the "ids only increase" rule).
    public private(set) var lastPeerStreamID: UInt32 = 0
    private var nextLocalStreamID: UInt32
    private var connectionSendWindow = 65_535
    private var connectionReceiveWindow = 65_535
    private var connectionReceiveConsumed = 0
    /// A header block in progress: HEADERS without END_HEADERS, waiting for CONTINUATION.
    private var pendingBlock: (streamID: UInt32, block: [UInt8], endStream: Bool)?
    private var goneAway = false
    private var failed = false
    private var floodGuard: HTTP2FloodGuard
    /// The time of the bytes being received, for the flood guard.
    private var now = ContinuousClock.now

    /// Largest header block (HEADERS + CONTINUATIONs) accepted: a CONTINUATION flood ends here.
    public var maxHeaderBlockBytes: Int

    /// A connection as `role`, advertising `settings` and refusing floods past `floodLimits`.
    /// Call ``start()`` before anything else.
    public init(role: Role, settings: HTTP2Settings = .ours, floodLimits: HTTP2FloodLimits = .defaults) {
        self.role = role
        self.floodGuard = HTTP2FloodGuard(limits: floodLimits)
        self.localSettings = settings
        self.decoder = HTTP2FrameDecoder(maxFrameSize: settings.maxFrameSize, expectPreface: role == .server)
        self.hpackDecoder = HPACKDecoder(maxTableSize: settings.headerTableSize, maxHeaderListSize: settings.maxHeaderListSize)
        self.nextLocalStreamID = role == .client ? 1 : 2
        self.maxHeaderBlockBytes = max(settings.maxHeaderListSize == .max ? 1 << 20 : settings.maxHeaderListSize * 2, 16_384)
        connectionReceiveWindow = 65_535
    }

    /// The first bytes to send: the client preface (client only) and our SETTINGS.
    public mutating func start() {
        if role == .client { output.append(contentsOf: HTTP2Preface.bytes) }
        HTTP2FrameEncoder.encode(.settings(ack: false, localSettings.parameters), into: &output)
    }

    /// Bytes to write, in order; the buffer is handed over and cleared.
    public mutating func takeOutput() -> [UInt8] {
        defer { output = [] }
        return output
    }

    /// True when ``takeOutput()`` has bytes to write.
    public var hasOutput: Bool { !output.isEmpty }

    /// Streams currently open or half-closed.
    public var activeStreams: Int { streams.count }

    // MARK: receiving

    /// Reads what the peer sent; returns what happened and how many bytes were used (keep the
    /// rest and offer it again with what arrives next). `now` is when they arrived: the flood
    /// limits (``HTTP2FloodLimits``) refill with it.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer, at now: ContinuousClock.Instant = .now) -> (events: [HTTP2Event], consumed: Int) {
        guard !failed else { return ([], bytes.count) }
        self.now = now
        let frames: [HTTP2Frame]
        let consumed: Int
        do {
            (frames, consumed) = try decoder.decode(bytes)
        } catch {
            return (fail(error), bytes.count)
        }
        var events: [HTTP2Event] = []
        for frame in frames {
            do {
                try handle(frame, into: &events)
            } catch where error.isConnectionError {
                events += fail(error)
                return (events, bytes.count)
            } catch {
                let id = error.streamID ?? 0
                resetLocally(id, error.code)
                events.append(.streamError(streamID: id, code: error.code, reason: error.reason))
                // Resets the peer makes us send count like resets it sends ("MadeYouReset").
                if error.code != .refusedStream, !floodGuard.allow(.reset, at: now) {
                    events += fail(.connection(.enhanceYourCalm, floodGuard.describe(.reset) + " (streams we had to reset)"))
                    return (events, bytes.count)
                }
            }
        }
        return (events, consumed)
    }

    /// ``receive(_:at:)`` for bytes in an array.
    public mutating func receive(_ bytes: [UInt8], at now: ContinuousClock.Instant = .now) -> (events: [HTTP2Event], consumed: Int) {
        bytes.withUnsafeBytes { receive($0, at: now) }
    }

    /// Spends one token of `kind`, or fails the connection with ENHANCE_YOUR_CALM.
    private mutating func limit(_ kind: HTTP2FloodGuard.Kind) throws(HTTP2Error) {
        guard floodGuard.allow(kind, at: now) else { throw .connection(.enhanceYourCalm, floodGuard.describe(kind)) }
    }

    private mutating func fail(_ error: HTTP2Error) -> [HTTP2Event] {
        failed = true
        HTTP2FrameEncoder.encode(.goAway(lastStreamID: lastPeerStreamID, code: error.code, debugData: Array(error.reason.utf8.prefix(256))),
                                 into: &output)
        return [.connectionError(error)]
    }

    private mutating func handle(_ frame: HTTP2Frame, into events: inout [HTTP2Event]) throws(HTTP2Error) {
        if let pending = pendingBlock {
            // Only CONTINUATION on the same stream may follow an unfinished header block.
            guard case .continuation(let id, let block, let endHeaders) = frame, id == pending.streamID else {
                throw .connection(.protocolError, "expected CONTINUATION for stream \(pending.streamID)")
            }
            guard pending.block.count + block.count <= maxHeaderBlockBytes else {
                throw .connection(.enhanceYourCalm, "header block over \(maxHeaderBlockBytes) bytes")
            }
            pendingBlock?.block.append(contentsOf: block)
            if endHeaders, let complete = pendingBlock {
                pendingBlock = nil
                try finishHeaders(complete.streamID, complete.block, endStream: complete.endStream, into: &events)
            }
            return
        }
        switch frame {
        case .settings(let ack, let parameters):
            if ack { return }
            try limit(.settings)
            let oldWindow = remoteSettings.initialWindowSize
            remoteSettings.apply(parameters)
            let delta = remoteSettings.initialWindowSize - oldWindow
            if delta != 0 {
                for id in streams.keys {
                    streams[id]?.sendWindow += delta
                    if let window = streams[id]?.sendWindow, window > 0x7FFF_FFFF {
                        throw .connection(.flowControlError, "SETTINGS_INITIAL_WINDOW_SIZE change overflows a stream window")
                    }
                }
            }
            hpackEncoder.setMaxTableSize(min(remoteSettings.headerTableSize, 4096))
            HTTP2FrameEncoder.encode(.settings(ack: true, []), into: &output)
            events.append(.settingsChanged(remoteSettings))
            if delta > 0 { events.append(.windowUpdated(streamID: 0)) }

        case .ping(let ack, let opaque):
            if ack {
                events.append(.pingAck(opaque: opaque))
            } else {
                try limit(.ping)
                HTTP2FrameEncoder.encode(.ping(ack: true, opaque: opaque), into: &output)
            }

        case .goAway(let last, let code, let debugData):
            goneAway = true
            events.append(.goAway(lastStreamID: last, code: code, debugData: debugData))

        case .windowUpdate(let id, let increment):
            if id == 0 {
                connectionSendWindow += Int(increment)
                guard connectionSendWindow <= 0x7FFF_FFFF else { throw .connection(.flowControlError, "connection window above 2^31-1") }
            } else if streams[id] != nil {
                streams[id]?.sendWindow += Int(increment)
                if let window = streams[id]?.sendWindow, window > 0x7FFF_FFFF {
                    throw .stream(id, .flowControlError, "stream window above 2^31-1")
                }
            } else if isIdle(id) {
                throw .connection(.protocolError, "WINDOW_UPDATE on idle stream \(id)")
            }
            events.append(.windowUpdated(streamID: id))

        case .rstStream(let id, let code):
            guard !isIdle(id) else { throw .connection(.protocolError, "RST_STREAM on idle stream \(id)") }
            if streams.removeValue(forKey: id) != nil {
                try limit(.reset)
                events.append(.streamReset(streamID: id, code: code))
            }

        case .headers(let id, let block, let endStream, let endHeaders, _, _):
            guard block.count <= maxHeaderBlockBytes else { throw .connection(.enhanceYourCalm, "header block over \(maxHeaderBlockBytes) bytes") }
            if endHeaders {
                try finishHeaders(id, block, endStream: endStream, into: &events)
            } else {
                pendingBlock = (id, block, endStream)
            }

        case .continuation(let id, _, _):
            throw .connection(.protocolError, "CONTINUATION on stream \(id) without a HEADERS before it")

        case .data(let id, let data, let endStream, let paddedLength):
            let flowLength = data.count + paddedLength
            // Connection-level flow control counts every DATA frame, even on closed streams.
            guard flowLength <= connectionReceiveWindow else { throw .connection(.flowControlError, "DATA beyond the connection window") }
            connectionReceiveWindow -= flowLength
            replenishConnection(flowLength)
            guard var stream = streams[id] else {
                if isIdle(id) { throw .connection(.protocolError, "DATA on idle stream \(id)") }
                throw .stream(id, .streamClosed, "DATA on closed stream \(id)")
            }
            guard stream.canReceive else { throw .stream(id, .streamClosed, "DATA after END_STREAM on stream \(id)") }
            guard flowLength <= stream.receiveWindow else { throw .stream(id, .flowControlError, "DATA beyond the stream window") }
            stream.receiveWindow -= flowLength
            if !endStream && stream.receiveWindow < localSettings.initialWindowSize / 2 {
                let increment = localSettings.initialWindowSize - stream.receiveWindow
                stream.receiveWindow += increment
                HTTP2FrameEncoder.encode(.windowUpdate(streamID: id, increment: UInt32(increment)), into: &output)
            }
            streams[id] = stream
            if endStream { closeRemote(id) }
            events.append(.data(streamID: id, data: data, endStream: endStream))

        case .pushPromise:
            throw .connection(.protocolError, "PUSH_PROMISE is not allowed: push is disabled")

        case .priority, .unknown:
            return  // PRIORITY is deprecated (RFC 9113 5.3.2); unknown frames are ignored
        }
    }

    private mutating func replenishConnection(_ used: Int) {
        connectionReceiveConsumed += used
        if connectionReceiveConsumed >= 32_768 {
            HTTP2FrameEncoder.encode(.windowUpdate(streamID: 0, increment: UInt32(connectionReceiveConsumed)), into: &output)
            connectionReceiveWindow += connectionReceiveConsumed
            connectionReceiveConsumed = 0
        }
    }

    /// A stream id the peer could still open (or we could): never used so far.
    private func isIdle(_ id: UInt32) -> Bool {
        let peerInitiated = (id % 2 == 1) == (role == .server)
        return peerInitiated ? id > lastPeerStreamID : id >= nextLocalStreamID
    }

    private mutating func finishHeaders(_ id: UInt32, _ block: [UInt8], endStream: Bool, into events: inout [HTTP2Event]) throws(HTTP2Error) {
        // Decode first: the HPACK context must see every block, even for streams we refuse.
        let headers: [HPACKHeader]
        do {
            headers = try hpackDecoder.decode(block)
        } catch {
            throw .connection(.compressionError, "HPACK: \(error)")
        }
        if let stream = streams[id] {
            guard stream.canReceive else { throw .stream(id, .streamClosed, "HEADERS after END_STREAM") }
            if stream.receivedHeaders {
                // A second block is trailers, and trailers end the stream.
                guard endStream else { throw .stream(id, .protocolError, "trailing HEADERS without END_STREAM") }
            }
            streams[id]?.receivedHeaders = true
            if endStream { closeRemote(id) }
            events.append(.headers(streamID: id, headers: headers, endStream: endStream))
            return
        }
        let peerInitiated = (id % 2 == 1) == (role == .server)
        guard peerInitiated else { throw .connection(.protocolError, "HEADERS on stream \(id), which only we may open") }
        guard id > lastPeerStreamID else {
            throw .connection(.streamClosed, "HEADERS on closed stream \(id)")
        }
        lastPeerStreamID = id
        guard !goneAway || role == .client else { throw .stream(id, .refusedStream, "going away") }
        guard streams.count < localSettings.maxConcurrentStreams else {
            try limit(.reset)
            throw .stream(id, .refusedStream, "over SETTINGS_MAX_CONCURRENT_STREAMS (\(localSettings.maxConcurrentStreams))")
        }
        streams[id] = HTTP2StreamState(receivedHeaders: true, sendWindow: remoteSettings.initialWindowSize,
                                       receiveWindow: localSettings.initialWindowSize)
        if endStream { closeRemote(id) }
        events.append(.headers(streamID: id, headers: headers, endStream: endStream))
    }

    private mutating func closeRemote(_ id: UInt32) {
        guard let stream = streams[id] else { return }
        if stream.phase == .halfClosedLocal { streams[id] = nil } else { streams[id]?.phase = .halfClosedRemote }
    }

    private mutating func closeLocal(_ id: UInt32) {
        guard let stream = streams[id] else { return }
        if stream.phase == .halfClosedRemote { streams[id] = nil } else { streams[id]?.phase = .halfClosedLocal }
    }

    private mutating func resetLocally(_ id: UInt32, _ code: HTTP2ErrorCode) {
        streams[id] = nil
        HTTP2FrameEncoder.encode(.rstStream(streamID: id, code: code), into: &output)
    }

    // MARK: sending

    /// A new stream id for a request (client) — odd, increasing.
    public mutating func openStream() -> UInt32 {
        let id = nextLocalStreamID
        nextLocalStreamID += 2
        streams[id] = HTTP2StreamState(sendWindow: remoteSettings.initialWindowSize, receiveWindow: localSettings.initialWindowSize)
        return id
    }

    /// Sends a header block, split into HEADERS + CONTINUATION frames as the peer's frame size needs.
    public mutating func sendHeaders(streamID: UInt32, _ headers: [HPACKHeader], endStream: Bool) {
        guard streams[streamID]?.canSend == true else { return }
        var block: [UInt8] = []
        hpackEncoder.encode(headers, into: &block)
        let limit = remoteSettings.maxFrameSize
        var offset = min(block.count, limit)
        HTTP2FrameEncoder.encode(.headers(streamID: streamID, block: Array(block[0..<offset]), endStream: endStream,
                                          endHeaders: offset == block.count), into: &output)
        while offset < block.count {
            let end = min(block.count, offset + limit)
            HTTP2FrameEncoder.encode(.continuation(streamID: streamID, block: Array(block[offset..<end]), endHeaders: end == block.count),
                                     into: &output)
            offset = end
        }
        if endStream { closeLocal(streamID) }
    }

    /// How many DATA bytes may go on `streamID` now (the smaller of the two send windows).
    public func sendableBytes(streamID: UInt32) -> Int {
        guard let stream = streams[streamID], stream.canSend else { return 0 }
        return max(0, min(stream.sendWindow, connectionSendWindow))
    }

    /// Sends as much of `data` as flow control allows, in frames of the peer's size; returns how
    /// many bytes went (the rest waits for a `.windowUpdated` event). `endStream` is only sent
    /// with the last byte.
    @discardableResult
    public mutating func sendData(streamID: UInt32, _ data: [UInt8], endStream: Bool) -> Int {
        guard streams[streamID]?.canSend == true else { return 0 }
        let allowed = min(data.count, sendableBytes(streamID: streamID))
        if allowed == 0 && !data.isEmpty { return 0 }
        var offset = 0
        repeat {
            let end = min(allowed, offset + remoteSettings.maxFrameSize)
            let last = end == data.count
            HTTP2FrameEncoder.encode(.data(streamID: streamID, data: Array(data[offset..<end]), endStream: endStream && last), into: &output)
            offset = end
        } while offset < allowed
        streams[streamID]?.sendWindow -= allowed
        connectionSendWindow -= allowed
        if endStream && allowed == data.count { closeLocal(streamID) }
        return allowed
    }

    /// Resets a stream (RST_STREAM), e.g. CANCEL when the caller gives up.
    public mutating func resetStream(_ streamID: UInt32, code: HTTP2ErrorCode) {
        resetLocally(streamID, code)
    }

    /// Sends a PING; the answer comes back as `.pingAck`.
    public mutating func ping(_ opaque: UInt64) {
        HTTP2FrameEncoder.encode(.ping(ack: false, opaque: opaque), into: &output)
    }

    /// Says we are going away: streams above the last one we saw will not be processed.
    public mutating func goAway(code: HTTP2ErrorCode = .noError, debug: String = "") {
        goneAway = true
        HTTP2FrameEncoder.encode(.goAway(lastStreamID: lastPeerStreamID, code: code, debugData: Array(debug.utf8)), into: &output)
    }
}
