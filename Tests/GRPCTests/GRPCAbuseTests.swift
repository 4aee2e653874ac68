import BridgeCore
import BridgeIO
import BridgeTestSupport
import Foundation
import HPACK
import HTTP2
import Testing
@testable import GRPC

/// Sends `count` messages of `size` bytes as soon as the call opens: a server-streaming method
/// that a zero-window reader can make pile up.
struct FirehoseHandler: GRPCHandler {
    let count: Int
    let size: Int

    func handle(_ call: GRPCServerCall) {
        for _ in 0..<count { call.send([UInt8](repeating: 0xAB, count: size)) }
        call.finish(.ok)
    }
}

/// What an attacking connection saw: the frames the server sent, and whether it closed.
struct AttackOutcome {
    var frames: [HTTP2Frame] = []
    var closedByServer = false

    var goAwayCode: HTTP2ErrorCode? {
        for case .goAway(_, let code, _) in frames { return code }
        return nil
    }

    func resets(_ code: HTTP2ErrorCode) -> Int {
        frames.filter { if case .rstStream(_, code) = $0 { return true } else { return false } }.count
    }
}

/// Opens a raw h2c connection, sends the preface, `settings`, then `attack`, and reads what
/// comes back until the server closes or `seconds` pass. Errors sending (the server hung up
/// mid-flood) end the sending, not the test.
func runAttack(on address: SocketAddress, settings: [HTTP2Setting] = [], seconds: Double = 10,
               _ attack: (inout [UInt8]) -> Void) throws -> AttackOutcome {
    let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(seconds))
    defer { socket.close() }
    var bytes = HTTP2Preface.bytes
    HTTP2FrameEncoder.encode(.settings(ack: false, settings), into: &bytes)
    attack(&bytes)
    var offset = 0
    while offset < bytes.count {
        let end = min(bytes.count, offset + 64 * 1024)
        do { try socket.send(Array(bytes[offset..<end])) } catch { break }
        offset = end
    }
    var outcome = AttackOutcome()
    var received: [UInt8] = []
    reading: while true {
        do {
            guard let byte = try socket.receive(exactly: 1) else {
                outcome.closedByServer = true  // end of file
                break reading
            }
            received += byte
        } catch {
            // A reset also means the server hung up; a timeout means it did not.
            outcome.closedByServer = error.errnoCode == ECONNRESET
            break reading
        }
    }
    var decoder = HTTP2FrameDecoder(expectPreface: false)
    outcome.frames = (try? decoder.decode(received).frames) ?? []
    return outcome
}

/// A request's header block, encoded by a fresh encoder (no dynamic-table references).
func requestBlock(_ path: String) -> [UInt8] {
    var encoder = HPACKEncoder()
    var block: [UInt8] = []
    encoder.encode([HPACKHeader(name: ":method", value: "POST"), HPACKHeader(name: ":scheme", value: "http"),
                    HPACKHeader(name: ":path", value: path), HPACKHeader(name: ":authority", value: "localhost"),
                    HPACKHeader(name: "content-type", value: "application/grpc"), HPACKHeader(name: "te", value: "trailers")],
                   into: &block)
    return block
}

@Suite("gRPC server under HTTP/2 attack: each bounded, bystanders still served")
struct GRPCAbuseTests {
    static func server(_ adjust: (inout GRPCServerConfiguration) -> Void = { _ in }) throws -> (EventLoopGroup, GRPCServer) {
        let group = try EventLoopGroup(threads: 1)
        var router = GRPCRouter()
        router.register("/test.Echo/Echo", EchoHandler())
        router.register("/test.Echo/Stall", StallHandler())
        router.register("/test.Echo/Firehose", FirehoseHandler(count: 64, size: 64 * 1024))
        var configuration = GRPCServerConfiguration.defaults
        adjust(&configuration)
        return (group, try GRPCServer(address: .ipv4(host: "127.0.0.1", port: 0), group: group, router: router, configuration: configuration))
    }

    /// Runs the attack and, at the same time, a normal call on another connection; then checks
    /// the server still answers and has let go of the attacker's connection.
    static func underAttack(_ server: GRPCServer, settings: [HTTP2Setting] = [],
                            _ attack: @escaping @Sendable (inout [UInt8]) -> Void) async throws -> AttackOutcome {
        let address = server.address
        async let outcome = onDedicatedThread { try runAttack(on: address, settings: settings, attack) }
        async let bystander = onDedicatedThread { try exchange(address, path: "/test.Echo/Echo", messages: [[1, 2, 3]]) }
        let (attacked, served) = try await (outcome, bystander)
        #expect(served.messages == [[1, 2, 3]] && served.grpcStatus == .ok, "the bystander was served during the attack")
        let after = try await onDedicatedThread { try exchange(address, path: "/test.Echo/Echo", messages: [[4]]) }
        #expect(after.messages == [[4]], "and after it")
        #expect(await eventually { server.activeConnections == 0 }, "the attacker's connection and its state are gone")
        return attacked
    }

    @Test("rapid reset: 10,000 streams opened and reset in a loop end in GOAWAY(ENHANCE_YOUR_CALM)")
    func rapidReset() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let block = requestBlock("/test.Echo/Stall")
        let outcome = try await Self.underAttack(server) { bytes in
            for index in 0..<10_000 {
                let id = UInt32(2 * index + 1)
                HTTP2FrameEncoder.encode(.headers(streamID: id, block: block, endStream: false, endHeaders: true), into: &bytes)
                HTTP2FrameEncoder.encode(.rstStream(streamID: id, code: .cancel), into: &bytes)
            }
        }
        #expect(outcome.goAwayCode == .enhanceYourCalm)
        #expect(outcome.closedByServer)
    }

    @Test("a PING flood: at most the burst is answered, then GOAWAY(ENHANCE_YOUR_CALM)")
    func pingFlood() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let outcome = try await Self.underAttack(server) { bytes in
            for index in 0..<100_000 { HTTP2FrameEncoder.encode(.ping(ack: false, opaque: UInt64(index)), into: &bytes) }
        }
        let acks = outcome.frames.filter { if case .ping(true, _) = $0 { return true } else { return false } }.count
        #expect(acks <= HTTP2FloodLimits.defaults.pings.burst + 50, "acks: \(acks)")
        #expect(outcome.goAwayCode == .enhanceYourCalm)
    }

    @Test("a SETTINGS flood ends in GOAWAY(ENHANCE_YOUR_CALM)")
    func settingsFlood() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let outcome = try await Self.underAttack(server) { bytes in
            for _ in 0..<50_000 { HTTP2FrameEncoder.encode(.settings(ack: false, [HTTP2Setting(HTTP2Setting.maxFrameSize, 16_384)]), into: &bytes) }
        }
        #expect(outcome.goAwayCode == .enhanceYourCalm)
    }

    @Test("a zero-window reader: held responses are capped, then GOAWAY(ENHANCE_YOUR_CALM) and close")
    func zeroWindowCap() async throws {
        let (group, server) = try Self.server { $0.maxBlockedBytes = 1024 * 1024 }
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let block = requestBlock("/test.Echo/Firehose")
        // Window 0 for every stream: the 4 MiB the firehose produces can only pile up.
        let outcome = try await Self.underAttack(server, settings: [HTTP2Setting(HTTP2Setting.initialWindowSize, 0)]) { bytes in
            HTTP2FrameEncoder.encode(.headers(streamID: 1, block: block, endStream: false, endHeaders: true), into: &bytes)
            HTTP2FrameEncoder.encode(.data(streamID: 1, data: GRPCMessageFramer.frame([]), endStream: true), into: &bytes)
        }
        #expect(outcome.goAwayCode == .enhanceYourCalm)
        #expect(outcome.closedByServer)
    }

    @Test("a zero-window reader under the cap is cut off after the stall timeout")
    func zeroWindowStall() async throws {
        let (group, server) = try Self.server { $0.connectionLimits.stallTimeout = .seconds(1) }
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let block = requestBlock("/test.Echo/Firehose")
        let started = ContinuousClock.now
        let outcome = try await Self.underAttack(server, settings: [HTTP2Setting(HTTP2Setting.initialWindowSize, 0)]) { bytes in
            HTTP2FrameEncoder.encode(.headers(streamID: 1, block: block, endStream: false, endHeaders: true), into: &bytes)
            HTTP2FrameEncoder.encode(.data(streamID: 1, data: GRPCMessageFramer.frame([]), endStream: true), into: &bytes)
        }
        #expect(outcome.closedByServer)
        #expect(outcome.goAwayCode == nil, "under the cap: no GOAWAY, the stall timeout cut it off")
        // "Did not hang": the elapsed time also covers the bystander calls and the wait for the
        // server to drop the connection, and a busy machine stretched it to 8.8 s once.
        #expect(ContinuousClock.now - started < TestTiming.bound(.seconds(20)))
    }

    @Test("many streams each holding most of a big message: capped, then GOAWAY(ENHANCE_YOUR_CALM)")
    func partialMessagesCap() async throws {
        let (group, server) = try Self.server { $0.maxPartialRequestBytes = 1024 * 1024 }
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let block = requestBlock("/test.Echo/Stall")
        let outcome = try await Self.underAttack(server) { bytes in
            for index in 0..<20 {
                let id = UInt32(2 * index + 1)
                HTTP2FrameEncoder.encode(.headers(streamID: id, block: block, endStream: false, endHeaders: true), into: &bytes)
                // A 1 MiB message announced, 60 KB of it sent (inside the stream's window), never finished.
                HTTP2FrameEncoder.encode(.data(streamID: id, data: [0, 0, 0x10, 0, 0] + [UInt8](repeating: 1, count: 16_000), endStream: false), into: &bytes)
                for _ in 0..<3 { HTTP2FrameEncoder.encode(.data(streamID: id, data: [UInt8](repeating: 1, count: 15_000), endStream: false), into: &bytes) }
            }
        }
        #expect(outcome.goAwayCode == .enhanceYourCalm)
    }

    @Test("a message started and never finished is cut off after the stall timeout")
    func partialMessageStall() async throws {
        let (group, server) = try Self.server { $0.connectionLimits.stallTimeout = .seconds(1) }
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let block = requestBlock("/test.Echo/Stall")
        let outcome = try await Self.underAttack(server) { bytes in
            HTTP2FrameEncoder.encode(.headers(streamID: 1, block: block, endStream: false, endHeaders: true), into: &bytes)
            HTTP2FrameEncoder.encode(.data(streamID: 1, data: [0, 0, 0, 0, 100, 1, 2, 3], endStream: false), into: &bytes)
        }
        #expect(outcome.closedByServer)
    }

    @Test("the idle timeout closes a connection whose only traffic is keepalive PINGs")
    func idleDespitePings() async throws {
        let (group, server) = try Self.server {
            $0.connectionLimits.idleTimeout = .seconds(1)
            $0.keepalive = GRPCKeepalive(interval: .milliseconds(100), timeout: .seconds(5))
        }
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let client = GRPCClient(address: server.address, keepalive: GRPCKeepalive(interval: .milliseconds(100), timeout: .seconds(5)))
        defer { client.close() }
        let started = ContinuousClock.now  // the server's idle clock starts after this, at the call's end
        let result: Result<[UInt8], GRPCStatus> = await withCheckedContinuation { continuation in
            _ = client.unary(path: "/test.Echo/Echo", request: [1]) { continuation.resume(returning: $0) }
        }
        #expect((try? result.get()) == [1])
        #expect(await eventually(seconds: 8) { server.activeConnections == 0 },
                "PINGs both ways every 100 ms, yet idle for 1 s: GOAWAY and closed")
        #expect(ContinuousClock.now - started >= .milliseconds(950), "closed for being idle, not for something else")
    }

    @Test("a grpc-timeout of 1 ns (already past when the timer is set) is DEADLINE_EXCEEDED, not a crash")
    func nanosecondTimeout() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        for _ in 0..<20 {
            let result = try await onDedicatedThread {
                try exchange(address, path: "/test.Echo/Stall", messages: [[1]], extraHeaders: [HPACKHeader(name: "grpc-timeout", value: "1n")])
            }
            #expect(result.grpcStatus.code == .deadlineExceeded, "\(result.grpcStatus)")
        }
    }

    @Test("an HPACK bomb (one big table entry referenced over and over) ends in COMPRESSION_ERROR")
    func hpackBomb() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        var block = requestBlock("/test.Echo/Stall")
        // Literal with incremental indexing, new name: 4,000 bytes go into the dynamic table...
        block += [0x40, 0x06] + Array("x-bomb".utf8) + [0x7F, 0x81, 0x1E] + [UInt8](repeating: 0x61, count: 4000)
        // ...then 2,000 one-byte references to it: 8 MB of headers from 6 KB on the wire.
        block += [UInt8](repeating: 0xBE, count: 2000)
        let frozen = block
        let outcome = try await Self.underAttack(server) { bytes in
            HTTP2FrameEncoder.encode(.headers(streamID: 1, block: frozen, endStream: true, endHeaders: true), into: &bytes)
        }
        #expect(outcome.goAwayCode == .compressionError)
    }

    @Test("an oversized header list (past SETTINGS_MAX_HEADER_LIST_SIZE) ends the connection")
    func oversizedHeaderList() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        var encoder = HPACKEncoder()
        var block = requestBlock("/test.Echo/Stall")
        encoder.encode([HPACKHeader(name: "x-big", value: String(repeating: "b", count: 15_000)),
                        HPACKHeader(name: "x-big2", value: String(repeating: "c", count: 15_000))], into: &block)
        let frozen = block
        let outcome = try await Self.underAttack(server) { bytes in
            // Split over CONTINUATION frames as a real client must (frames are 16 KiB at most).
            var offset = 0
            var first = true
            while offset < frozen.count {
                let end = min(frozen.count, offset + 16_000)
                let piece = Array(frozen[offset..<end])
                let last = end == frozen.count
                HTTP2FrameEncoder.encode(first ? .headers(streamID: 1, block: piece, endStream: true, endHeaders: last)
                                               : .continuation(streamID: 1, block: piece, endHeaders: last), into: &bytes)
                first = false
                offset = end
            }
        }
        #expect(outcome.goAwayCode == .enhanceYourCalm || outcome.goAwayCode == .compressionError, "\(String(describing: outcome.goAwayCode))")
    }

    @Test("a CONTINUATION flood that never ends its header block ends in GOAWAY(ENHANCE_YOUR_CALM)")
    func continuationFlood() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let block = requestBlock("/test.Echo/Stall")
        let outcome = try await Self.underAttack(server) { bytes in
            HTTP2FrameEncoder.encode(.headers(streamID: 1, block: block, endStream: true, endHeaders: false), into: &bytes)
            for _ in 0..<10_000 {
                HTTP2FrameEncoder.encode(.continuation(streamID: 1, block: [UInt8](repeating: 0x82, count: 1000), endHeaders: false), into: &bytes)
            }
        }
        #expect(outcome.goAwayCode == .enhanceYourCalm)
    }

    @Test("too many concurrent streams: those past the limit are refused, the connection lives on")
    func tooManyStreams() async throws {
        let (group, server) = try Self.server { $0.http2Settings.maxConcurrentStreams = 20 }
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let block = requestBlock("/test.Echo/Stall")
        let address = server.address
        let outcome = try await onDedicatedThread {
            try runAttack(on: address, seconds: 1) { bytes in
                for index in 0..<50 {
                    HTTP2FrameEncoder.encode(.headers(streamID: UInt32(2 * index + 1), block: block, endStream: false, endHeaders: true),
                                             into: &bytes)
                }
            }
        }
        #expect(outcome.resets(.refusedStream) == 30)
        #expect(outcome.goAwayCode == nil)
        #expect(!outcome.closedByServer, "refusing streams is not a reason to drop the connection")
    }
}
