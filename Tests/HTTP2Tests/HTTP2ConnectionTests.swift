import HPACK
import Testing
@testable import HTTP2

/// A client and a server state machine wired back to back: bytes one writes, the other reads.
struct Pair {
    var client = HTTP2Connection(role: .client)
    var server = HTTP2Connection(role: .server)

    init(server settings: HTTP2Settings = .ours) {
        server = HTTP2Connection(role: .server, settings: settings)
        client.start()
        server.start()
        _ = pump()
    }

    /// Moves bytes both ways until nothing is left; returns (client events, server events).
    mutating func pump() -> (client: [HTTP2Event], server: [HTTP2Event]) {
        var clientEvents: [HTTP2Event] = []
        var serverEvents: [HTTP2Event] = []
        while client.hasOutput || server.hasOutput {
            let toServer = client.takeOutput()
            if !toServer.isEmpty { serverEvents += server.receive(toServer).events }
            let toClient = server.takeOutput()
            if !toClient.isEmpty { clientEvents += client.receive(toClient).events }
        }
        return (clientEvents, serverEvents)
    }
}

let requestHeaders = [
    HPACKHeader(name: ":method", value: "POST"), HPACKHeader(name: ":scheme", value: "http"),
    HPACKHeader(name: ":path", value: "/ipcbridge.v1.Validation/Validate"), HPACKHeader(name: ":authority", value: "localhost"),
    HPACKHeader(name: "content-type", value: "application/grpc"), HPACKHeader(name: "te", value: "trailers"),
]

@Suite("HTTP/2 connection state machine")
struct HTTP2ConnectionTests {
    @Test("the preface and SETTINGS exchange end with both sides acknowledged and settings applied")
    func settingsExchange() {
        var client = HTTP2Connection(role: .client)
        var server = HTTP2Connection(role: .server)
        client.start()
        let first = client.takeOutput()
        #expect(Array(first.prefix(24)) == HTTP2Preface.bytes)
        let serverEvents = server.receive(first).events
        #expect(serverEvents.contains { if case .settingsChanged = $0 { return true } else { return false } })
        server.start()
        let reply = server.takeOutput()
        var decoder = HTTP2FrameDecoder(expectPreface: false)
        let frames = (try? decoder.decode(reply).frames) ?? []
        #expect(frames.contains(.settings(ack: true, [])), "the server acknowledges the client's SETTINGS")
        let clientEvents = client.receive(reply).events
        guard case .settingsChanged(let settings)? = clientEvents.first(where: { if case .settingsChanged = $0 { return true } else { return false } }) else {
            Issue.record("client saw no SETTINGS")
            return
        }
        #expect(settings.maxConcurrentStreams == 100)
        #expect(settings.enablePush == false)
    }

    @Test("a request and response flow between client and server, with trailers")
    func requestResponse() {
        var pair = Pair()
        let id = pair.client.openStream()
        #expect(id == 1)
        pair.client.sendHeaders(streamID: id, requestHeaders, endStream: false)
        pair.client.sendData(streamID: id, [0, 0, 0, 0, 2, 8, 1], endStream: true)
        let (_, serverEvents) = pair.pump()
        #expect(serverEvents == [.headers(streamID: 1, headers: requestHeaders, endStream: false),
                                 .data(streamID: 1, data: [0, 0, 0, 0, 2, 8, 1], endStream: true)])
        pair.server.sendHeaders(streamID: 1, [HPACKHeader(name: ":status", value: "200")], endStream: false)
        pair.server.sendData(streamID: 1, [1, 2, 3], endStream: false)
        pair.server.sendHeaders(streamID: 1, [HPACKHeader(name: "grpc-status", value: "0")], endStream: true)
        let (clientEvents, _) = pair.pump()
        #expect(clientEvents == [.headers(streamID: 1, headers: [HPACKHeader(name: ":status", value: "200")], endStream: false),
                                 .data(streamID: 1, data: [1, 2, 3], endStream: false),
                                 .headers(streamID: 1, headers: [HPACKHeader(name: "grpc-status", value: "0")], endStream: true)])
        #expect(pair.client.activeStreams == 0)
        #expect(pair.server.activeStreams == 0)
    }

    @Test("a header block larger than a frame goes as HEADERS + CONTINUATION and is reassembled")
    func continuation() {
        var settings = HTTP2Settings.ours
        settings.maxHeaderListSize = 200_000
        var pair = Pair(server: settings)
        let id = pair.client.openStream()
        // Values that Huffman cannot shrink much, so the block outgrows one 16 KiB frame.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let big = requestHeaders + (0..<60).map { index in
            HPACKHeader(name: "x-pad-\(index)", value: String((0..<500).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }))
        }
        pair.client.sendHeaders(streamID: id, big, endStream: true)
        let bytes = pair.client.takeOutput()
        var decoder = HTTP2FrameDecoder(maxFrameSize: 1 << 24, expectPreface: false)
        let frames = (try? decoder.decode(bytes).frames) ?? []
        #expect(frames.count >= 2)
        #expect(frames.dropFirst().allSatisfy { if case .continuation = $0 { return true } else { return false } })
        let events = pair.server.receive(bytes).events
        #expect(events.count == 1)
        #expect(events.first == .headers(streamID: 1, headers: big, endStream: true), "the block was not reassembled intact")
    }

    @Test("PING is answered with an ACK carrying the same data")
    func ping() {
        var pair = Pair()
        pair.client.ping(0xDEAD_BEEF)
        let (clientEvents, _) = pair.pump()
        #expect(clientEvents == [.pingAck(opaque: 0xDEAD_BEEF)])
    }

    @Test("send windows are honoured, and data resumes after WINDOW_UPDATE")
    func flowControl() {
        var pair = Pair()
        let id = pair.client.openStream()
        pair.client.sendHeaders(streamID: id, requestHeaders, endStream: false)
        _ = pair.pump()
        let payload = [UInt8](repeating: 7, count: 200_000)
        let first = pair.client.sendData(streamID: id, payload, endStream: true)
        #expect(first == 65_535, "the default windows allow 65535 bytes before any WINDOW_UPDATE")
        var sent = first
        var received = 0
        var ended = false
        var rounds = 0
        while (!ended || sent < payload.count) && rounds < 100 {
            rounds += 1
            let (_, serverEvents) = pair.pump()
            for case .data(_, let data, let end) in serverEvents {
                received += data.count
                ended = ended || end
            }
            if sent < payload.count { sent += pair.client.sendData(streamID: id, Array(payload[sent...]), endStream: true) }
        }
        #expect(received == payload.count)
        #expect(ended)
        #expect(rounds > 1, "the rest had to wait for WINDOW_UPDATEs")
    }

    /// Raw frames to a server that has exchanged settings.
    func serverReceiving(_ frames: [HTTP2Frame], settings: HTTP2Settings = .ours) -> (events: [HTTP2Event], output: [HTTP2Frame]) {
        var server = HTTP2Connection(role: .server, settings: settings)
        server.start()
        _ = server.receive(HTTP2Preface.bytes + HTTP2FrameEncoder.encode(.settings(ack: false, [])))
        _ = server.takeOutput()
        var encoder = HPACKEncoder()
        var bytes: [UInt8] = []
        for frame in frames {
            if case .headers(let id, let block, let end, let endHeaders, _, _) = frame, block == [0xFF] {
                var encoded: [UInt8] = []
                encoder.encode(requestHeaders, into: &encoded)
                HTTP2FrameEncoder.encode(.headers(streamID: id, block: encoded, endStream: end, endHeaders: endHeaders), into: &bytes)
            } else {
                HTTP2FrameEncoder.encode(frame, into: &bytes)
            }
        }
        let events = server.receive(bytes).events
        var decoder = HTTP2FrameDecoder(expectPreface: false)
        return (events, (try? decoder.decode(server.takeOutput()).frames) ?? [])
    }

    func connectionError(_ events: [HTTP2Event]) -> HTTP2ErrorCode? {
        for case .connectionError(let error) in events { return error.code }
        return nil
    }

    /// `[0xFF]` as a block stands for a valid encoded request header block.
    static let request: [UInt8] = [0xFF]

    @Test("connection errors: GOAWAY with the RFC's code", arguments: [
        ("DATA on an idle stream", [HTTP2Frame.data(streamID: 1, data: [1], endStream: false)], HTTP2ErrorCode.protocolError),
        ("a frame between HEADERS and CONTINUATION", [.headers(streamID: 1, block: request, endStream: false, endHeaders: false),
                                                     .ping(ack: false, opaque: 1)], .protocolError),
        ("CONTINUATION without HEADERS", [.continuation(streamID: 1, block: [0x82], endHeaders: true)], .protocolError),
        ("stream ids going down", [.headers(streamID: 5, block: request, endStream: true, endHeaders: true),
                                   .headers(streamID: 3, block: request, endStream: true, endHeaders: true)], .streamClosed),
        ("an even stream id from a client", [.headers(streamID: 2, block: request, endStream: true, endHeaders: true)], .protocolError),
        ("a broken HPACK block", [.headers(streamID: 1, block: [0x80], endStream: true, endHeaders: true)], .compressionError),
        ("PUSH_PROMISE to a server", [.pushPromise(streamID: 1, promisedStreamID: 2, block: [], endHeaders: true)], .protocolError),
        ("connection window overflow", [.windowUpdate(streamID: 0, increment: 0x7FFF_FFFF)], .flowControlError),
        ("WINDOW_UPDATE on an idle stream", [.windowUpdate(streamID: 9, increment: 1)], .protocolError),
    ])
    func connectionErrors(name: String, frames: [HTTP2Frame], code: HTTP2ErrorCode) {
        let (events, output) = serverReceiving(frames)
        #expect(connectionError(events) == code, "\(name): \(events)")
        #expect(output.contains { if case .goAway(_, let sent, _) = $0 { return sent == code } else { return false } }, "\(name): no GOAWAY")
    }

    @Test("stream errors: RST_STREAM on that stream, the connection lives on", arguments: [
        ("data beyond the stream window", [HTTP2Frame.headers(streamID: 1, block: request, endStream: false, endHeaders: true),
                                           .data(streamID: 1, data: [UInt8](repeating: 0, count: 1500), endStream: false)],
         HTTP2ErrorCode.flowControlError, UInt32(1), 1000),
        ("DATA after END_STREAM", [.headers(streamID: 1, block: request, endStream: false, endHeaders: true),
                                   .data(streamID: 1, data: [1], endStream: true), .data(streamID: 1, data: [1], endStream: false)],
         .streamClosed, 1, 65_535),
        ("stream window overflow", [.headers(streamID: 1, block: request, endStream: false, endHeaders: true),
                                    .windowUpdate(streamID: 1, increment: 0x7FFF_FFFF)], .flowControlError, 1, 65_535),
    ])
    func streamErrors(name: String, frames: [HTTP2Frame], code: HTTP2ErrorCode, stream: UInt32, window: Int) {
        var settings = HTTP2Settings.ours
        settings.initialWindowSize = window
        let (events, output) = serverReceiving(frames, settings: settings)
        #expect(connectionError(events) == nil, "\(name): \(events)")
        #expect(events.contains { if case .streamError(stream, code, _) = $0 { return true } else { return false } }, "\(name): \(events)")
        #expect(output.contains(.rstStream(streamID: stream, code: code)), "\(name): \(output)")
    }

    @Test("streams beyond MAX_CONCURRENT_STREAMS are refused with REFUSED_STREAM")
    func concurrencyLimit() {
        var settings = HTTP2Settings.ours
        settings.maxConcurrentStreams = 2
        let frames: [HTTP2Frame] = [1, 3, 5].map { .headers(streamID: $0, block: Self.request, endStream: false, endHeaders: true) }
        let (events, output) = serverReceiving(frames, settings: settings)
        #expect(events.filter { if case .headers = $0 { return true } else { return false } }.count == 2)
        #expect(output.contains(.rstStream(streamID: 5, code: .refusedStream)))
    }

    @Test("RST_STREAM and GOAWAY from the peer are reported; PRIORITY and unknown frames are ignored")
    func peerSignals() {
        let (events, output) = serverReceiving([
            .headers(streamID: 1, block: Self.request, endStream: false, endHeaders: true),
            .priority(streamID: 1, HTTP2Priority(dependency: 0, weight: 1)),
            .unknown(type: 0xEE, flags: 0, streamID: 0, payload: [1, 2, 3]),
            .rstStream(streamID: 1, code: .cancel),
            .goAway(lastStreamID: 0, code: .noError, debugData: []),
        ])
        #expect(events == [.headers(streamID: 1, headers: requestHeaders, endStream: false), .streamReset(streamID: 1, code: .cancel),
                           .goAway(lastStreamID: 0, code: .noError, debugData: [])])
        #expect(output.isEmpty)
    }

    @Test("a CONTINUATION flood is cut off with ENHANCE_YOUR_CALM")
    func continuationFlood() {
        var frames: [HTTP2Frame] = [.headers(streamID: 1, block: [0x82], endStream: true, endHeaders: false)]
        frames += (0..<100).map { _ in .continuation(streamID: 1, block: [UInt8](repeating: 0x82, count: 1000), endHeaders: false) }
        let (events, _) = serverReceiving(frames)
        #expect(connectionError(events) == .enhanceYourCalm)
    }
}
