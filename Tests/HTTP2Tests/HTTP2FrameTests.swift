import Testing
@testable import HTTP2

@Suite("HTTP/2 frames (RFC 9113 section 6), byte-exact")
struct HTTP2FrameTests {
    func decodeOne(_ bytes: [UInt8], maxFrameSize: Int = 16_384) throws -> HTTP2Frame {
        var decoder = HTTP2FrameDecoder(maxFrameSize: maxFrameSize, expectPreface: false)
        let (frames, consumed) = try decoder.decode(bytes)
        #expect(consumed == bytes.count)
        return try #require(frames.first)
    }

    /// Each frame with the exact bytes RFC 9113 section 6 lays out: 24-bit length, type, flags,
    /// reserved bit + 31-bit stream id, then the payload.
    static let layouts: [(HTTP2Frame, [UInt8])] = [
        (.data(streamID: 1, data: [0x61, 0x62], endStream: true),
         [0, 0, 2, 0x0, 0x1, 0, 0, 0, 1, 0x61, 0x62]),
        (.data(streamID: 3, data: [0x61], endStream: false, paddedLength: 3),
         [0, 0, 4, 0x0, 0x8, 0, 0, 0, 3, 2, 0x61, 0, 0]),
        (.headers(streamID: 5, block: [0x82], endStream: false, endHeaders: true),
         [0, 0, 1, 0x1, 0x4, 0, 0, 0, 5, 0x82]),
        (.headers(streamID: 7, block: [0x82], endStream: true, endHeaders: true,
                  priority: HTTP2Priority(exclusive: true, dependency: 3, weight: 200)),
         [0, 0, 6, 0x1, 0x25, 0, 0, 0, 7, 0x80, 0, 0, 3, 200, 0x82]),
        (.priority(streamID: 9, HTTP2Priority(exclusive: false, dependency: 1, weight: 16)),
         [0, 0, 5, 0x2, 0x0, 0, 0, 0, 9, 0, 0, 0, 1, 16]),
        (.rstStream(streamID: 1, code: .cancel),
         [0, 0, 4, 0x3, 0x0, 0, 0, 0, 1, 0, 0, 0, 8]),
        (.settings(ack: false, [HTTP2Setting(HTTP2Setting.maxConcurrentStreams, 100), HTTP2Setting(HTTP2Setting.initialWindowSize, 65_535)]),
         [0, 0, 12, 0x4, 0x0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100, 0, 4, 0, 0, 0xFF, 0xFF]),
        (.settings(ack: true, []),
         [0, 0, 0, 0x4, 0x1, 0, 0, 0, 0]),
        (.pushPromise(streamID: 1, promisedStreamID: 2, block: [0x82], endHeaders: true),
         [0, 0, 5, 0x5, 0x4, 0, 0, 0, 1, 0, 0, 0, 2, 0x82]),
        (.ping(ack: true, opaque: 0x0102_0304_0506_0708),
         [0, 0, 8, 0x6, 0x1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
        (.goAway(lastStreamID: 7, code: .enhanceYourCalm, debugData: [0x68, 0x69]),
         [0, 0, 10, 0x7, 0x0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0xb, 0x68, 0x69]),
        (.windowUpdate(streamID: 0, increment: 0x7FFF_FFFF),
         [0, 0, 4, 0x8, 0x0, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF]),
        (.continuation(streamID: 5, block: [0x84], endHeaders: true),
         [0, 0, 1, 0x9, 0x4, 0, 0, 0, 5, 0x84]),
        (.unknown(type: 0xFA, flags: 0x3, streamID: 1, payload: [1, 2]),
         [0, 0, 2, 0xFA, 0x3, 0, 0, 0, 1, 1, 2]),
    ]

    @Test("every frame type encodes to its RFC layout and decodes back", arguments: 0..<14)
    func layout(index: Int) throws {
        let (frame, bytes) = Self.layouts[index]
        #expect(HTTP2FrameEncoder.encode(frame) == bytes)
        let decoded = try decodeOne(bytes)
        if case .data(let id, let data, let end, let padded) = frame, padded > 0 {
            #expect(decoded == .data(streamID: id, data: data, endStream: end, paddedLength: padded), "padding is stripped, its length kept")
        } else {
            #expect(decoded == frame)
        }
    }

    @Test("the reserved bit of the stream id is ignored on read")
    func reservedBit() throws {
        #expect(try decodeOne([0, 0, 1, 0x0, 0x0, 0x80, 0, 0, 1, 0x61]).streamID == 1)
    }

    @Test("frames split at every byte decode the same, and several in one buffer all come out")
    func incremental() throws {
        let stream = Self.layouts.flatMap(\.1)
        var decoder = HTTP2FrameDecoder(expectPreface: false)
        var buffer: [UInt8] = []
        var frames: [HTTP2Frame] = []
        for byte in stream {
            buffer.append(byte)
            let (got, consumed) = try decoder.decode(buffer)
            frames += got
            buffer.removeFirst(consumed)
        }
        #expect(buffer.isEmpty)
        #expect(frames.count == Self.layouts.count)
        var whole = HTTP2FrameDecoder(expectPreface: false)
        #expect(try whole.decode(stream).frames.count == Self.layouts.count)
    }

    @Test("the server side expects the client preface first")
    func preface() throws {
        var decoder = HTTP2FrameDecoder(expectPreface: true)
        let settings = HTTP2FrameEncoder.encode(.settings(ack: false, []))
        let (none, consumed) = try decoder.decode(Array(HTTP2Preface.bytes.prefix(10)))
        #expect(none.isEmpty && consumed == 0)
        let (frames, all) = try decoder.decode(HTTP2Preface.bytes + settings)
        #expect(frames == [.settings(ack: false, [])])
        #expect(all == HTTP2Preface.bytes.count + settings.count)
        var wrong = HTTP2FrameDecoder(expectPreface: true)
        #expect(throws: HTTP2Error.connection(.protocolError, "the connection did not start with the HTTP/2 client preface")) {
            try wrong.decode(Array("GET / HTTP/1.1\r\n".utf8))
        }
    }

    /// Frame-level violations and the error RFC 9113 section 6 names for each.
    static let violations: [(String, [UInt8], HTTP2ErrorCode, Bool)] = [
        ("DATA on stream 0", [0, 0, 1, 0x0, 0, 0, 0, 0, 0, 1], .protocolError, true),
        ("padding as long as the payload", [0, 0, 2, 0x0, 0x8, 0, 0, 0, 1, 2, 0], .protocolError, true),
        ("HEADERS on stream 0", [0, 0, 1, 0x1, 0x4, 0, 0, 0, 0, 0x82], .protocolError, true),
        ("PRIORITY of 4 bytes", [0, 0, 4, 0x2, 0, 0, 0, 0, 1, 0, 0, 0, 0], .frameSizeError, false),
        ("PRIORITY on itself", [0, 0, 5, 0x2, 0, 0, 0, 0, 3, 0, 0, 0, 3, 16], .protocolError, false),
        ("RST_STREAM on stream 0", [0, 0, 4, 0x3, 0, 0, 0, 0, 0, 0, 0, 0, 8], .protocolError, true),
        ("RST_STREAM of 3 bytes", [0, 0, 3, 0x3, 0, 0, 0, 0, 1, 0, 0, 8], .frameSizeError, true),
        ("SETTINGS on a stream", [0, 0, 0, 0x4, 0, 0, 0, 0, 1], .protocolError, true),
        ("SETTINGS of 5 bytes", [0, 0, 5, 0x4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0], .frameSizeError, true),
        ("SETTINGS ACK with payload", [0, 0, 6, 0x4, 0x1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1], .frameSizeError, true),
        ("ENABLE_PUSH of 2", [0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2], .protocolError, true),
        ("INITIAL_WINDOW_SIZE over 2^31-1", [0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 4, 0x80, 0, 0, 0], .flowControlError, true),
        ("MAX_FRAME_SIZE under 16384", [0, 0, 6, 0x4, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0x3F, 0xFF], .protocolError, true),
        ("PING of 7 bytes", [0, 0, 7, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7], .frameSizeError, true),
        ("PING on a stream", [0, 0, 8, 0x6, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8], .protocolError, true),
        ("GOAWAY on a stream", [0, 0, 8, 0x7, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], .protocolError, true),
        ("WINDOW_UPDATE of 0 on the connection", [0, 0, 4, 0x8, 0, 0, 0, 0, 0, 0, 0, 0, 0], .protocolError, true),
        ("WINDOW_UPDATE of 0 on a stream", [0, 0, 4, 0x8, 0, 0, 0, 0, 1, 0, 0, 0, 0], .protocolError, false),
        ("WINDOW_UPDATE of 5 bytes", [0, 0, 5, 0x8, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0], .frameSizeError, true),
        ("CONTINUATION on stream 0", [0, 0, 1, 0x9, 0x4, 0, 0, 0, 0, 0x82], .protocolError, true),
    ]

    @Test("frame-level violations get the error code RFC 9113 names, connection or stream scoped", arguments: 0..<20)
    func violation(index: Int) {
        let (name, bytes, code, connection) = Self.violations[index]
        var decoder = HTTP2FrameDecoder(expectPreface: false)
        do {
            _ = try decoder.decode(bytes)
            Issue.record("\(name): no error")
        } catch {
            #expect(error.code == code, "\(name): \(error)")
            #expect(error.isConnectionError == connection, "\(name): \(error)")
        }
    }

    @Test("a frame over SETTINGS_MAX_FRAME_SIZE is a FRAME_SIZE_ERROR before its payload arrives")
    func frameTooLarge() {
        var decoder = HTTP2FrameDecoder(maxFrameSize: 16_384, expectPreface: false)
        #expect(throws: HTTP2Error.self) { try decoder.decode([0, 0x40, 0x01, 0x0, 0, 0, 0, 0, 1]) }
        var larger = HTTP2FrameDecoder(maxFrameSize: 20_000, expectPreface: false)
        #expect(throws: Never.self) { try larger.decode([0, 0x40, 0x01, 0x0, 0, 0, 0, 0, 1]) }
    }

    @Test("random bytes never crash the decoder")
    func randomInput() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var decoder = HTTP2FrameDecoder(expectPreface: false)
            _ = try? decoder.decode(bytes)
        }
    }
}
