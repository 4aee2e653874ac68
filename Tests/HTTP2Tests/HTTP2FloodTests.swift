import HPACK
import Testing
@testable import HTTP2

/// A server state machine fed frames at chosen instants, so the flood limits' refill is exact.
struct FloodHarness {
    var server: HTTP2Connection
    var encoder = HPACKEncoder()
    let start = ContinuousClock.now

    init(limits: HTTP2FloodLimits, settings: HTTP2Settings = .ours) {
        server = HTTP2Connection(role: .server, settings: settings, floodLimits: limits)
        server.start()
        _ = server.receive(HTTP2Preface.bytes + HTTP2FrameEncoder.encode(.settings(ack: false, [])), at: start)
        _ = server.takeOutput()
    }

    /// Feeds `frames` as one read at `seconds` after the start; returns the events.
    mutating func feed(_ frames: [HTTP2Frame], atSecond seconds: Double = 0) -> [HTTP2Event] {
        var bytes: [UInt8] = []
        for frame in frames { HTTP2FrameEncoder.encode(frame, into: &bytes) }
        return server.receive(bytes, at: start + .milliseconds(Int(seconds * 1000))).events
    }

    mutating func request(_ id: UInt32) -> HTTP2Frame {
        var block: [UInt8] = []
        encoder.encode(requestHeaders, into: &block)
        return .headers(streamID: id, block: block, endStream: false, endHeaders: true)
    }

    mutating func goAwayCode() -> HTTP2ErrorCode? {
        var decoder = HTTP2FrameDecoder(expectPreface: false)
        let frames = (try? decoder.decode(server.takeOutput()).frames) ?? []
        for case .goAway(_, let code, _) in frames { return code }
        return nil
    }

    static func connectionError(_ events: [HTTP2Event]) -> HTTP2Error? {
        for case .connectionError(let error) in events { return error }
        return nil
    }
}

@Suite("HTTP/2 flood limits (rapid reset, PING and SETTINGS floods)")
struct HTTP2FloodTests {
    static let tight = HTTP2FloodLimits(resets: .init(burst: 10, perSecond: 5), pings: .init(burst: 10, perSecond: 5),
                                        settings: .init(burst: 10, perSecond: 5))

    @Test("rapid reset: opening and resetting streams in a loop ends the connection with ENHANCE_YOUR_CALM")
    func rapidReset() {
        var harness = FloodHarness(limits: Self.tight)
        var frames: [HTTP2Frame] = []
        for index in 0..<50 {
            let id = UInt32(2 * index + 1)
            frames += [harness.request(id), .rstStream(streamID: id, code: .cancel)]
        }
        let events = harness.feed(frames)
        let resets = events.filter { if case .streamReset = $0 { return true } else { return false } }.count
        #expect(resets == 10, "the burst of 10 resets is allowed, the 11th is not")
        #expect(FloodHarness.connectionError(events)?.code == .enhanceYourCalm)
        #expect(FloodHarness.connectionError(events)?.reason.contains("RST_STREAM flood") == true)
        #expect(harness.goAwayCode() == .enhanceYourCalm)
    }

    @Test("resets at the sustained rate are fine: the bucket refills with time")
    func resetsWithinTheRate() {
        var harness = FloodHarness(limits: Self.tight)
        // 40 resets spread over 10 seconds: 4 per second, under the 5 per second allowed.
        for index in 0..<40 {
            let id = UInt32(2 * index + 1)
            let events = harness.feed([harness.request(id), .rstStream(streamID: id, code: .cancel)], atSecond: Double(index) * 0.25)
            #expect(FloodHarness.connectionError(events) == nil, "reset \(index)")
        }
    }

    @Test("streams refused over MAX_CONCURRENT_STREAMS count as resets")
    func refusedStreamsCount() {
        var settings = HTTP2Settings.ours
        settings.maxConcurrentStreams = 1
        var harness = FloodHarness(limits: Self.tight, settings: settings)
        let frames = (0..<30).map { harness.request(UInt32(2 * $0 + 1)) }
        let events = harness.feed(frames)
        let refused = events.filter { if case .streamError(_, .refusedStream, _) = $0 { return true } else { return false } }.count
        #expect(refused == 10)
        #expect(FloodHarness.connectionError(events)?.code == .enhanceYourCalm)
    }

    @Test("MadeYouReset: streams the peer makes us reset (here by overflowing their windows) count as resets")
    func madeYouReset() {
        var harness = FloodHarness(limits: Self.tight)
        var frames: [HTTP2Frame] = []
        for index in 0..<30 {
            let id = UInt32(2 * index + 1)
            frames += [harness.request(id), .windowUpdate(streamID: id, increment: 0x7FFF_FFFF)]
        }
        let events = harness.feed(frames)
        let streamErrors = events.filter { if case .streamError(_, .flowControlError, _) = $0 { return true } else { return false } }.count
        #expect(streamErrors == 11, "ten within the burst; the eleventh ends the connection")
        #expect(FloodHarness.connectionError(events)?.code == .enhanceYourCalm)
    }

    @Test("a PING flood is answered up to the burst, then GOAWAY(ENHANCE_YOUR_CALM)")
    func pingFlood() {
        var harness = FloodHarness(limits: Self.tight)
        let events = harness.feed((0..<1000).map { .ping(ack: false, opaque: UInt64($0)) })
        #expect(FloodHarness.connectionError(events)?.reason.contains("PING flood") == true)
        var decoder = HTTP2FrameDecoder(expectPreface: false)
        let output = (try? decoder.decode(harness.server.takeOutput()).frames) ?? []
        let acks = output.filter { if case .ping(true, _) = $0 { return true } else { return false } }.count
        #expect(acks == 10, "only the burst was acknowledged: the flood cannot grow our output")
        #expect(output.contains { if case .goAway(_, .enhanceYourCalm, _) = $0 { return true } else { return false } })
    }

    @Test("PINGs at a keepalive pace never trip the limit")
    func keepalivePings() {
        var harness = FloodHarness(limits: .defaults)
        for second in 0..<600 {
            let events = harness.feed([.ping(ack: false, opaque: UInt64(second))], atSecond: Double(second))
            #expect(FloodHarness.connectionError(events) == nil)
        }
    }

    @Test("a SETTINGS flood ends the connection with ENHANCE_YOUR_CALM")
    func settingsFlood() {
        var harness = FloodHarness(limits: Self.tight)
        let events = harness.feed((0..<500).map { _ in .settings(ack: false, [HTTP2Setting(HTTP2Setting.initialWindowSize, 65_535)]) })
        #expect(FloodHarness.connectionError(events)?.reason.contains("SETTINGS flood") == true)
        #expect(harness.goAwayCode() == .enhanceYourCalm)
    }

    @Test("the default limits: 4 seconds' worth of burst, then the per-second rate")
    func defaults() {
        #expect(HTTP2FloodLimits.defaults.resets == .init(burst: 200, perSecond: 50))
        #expect(HTTP2FloodLimits.defaults.pings == .init(burst: 200, perSecond: 50))
        #expect(HTTP2FloodLimits.defaults.settings == .init(burst: 40, perSecond: 10))
    }
}
