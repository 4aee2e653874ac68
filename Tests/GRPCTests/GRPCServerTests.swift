import BridgeCore
import BridgeIO
import BridgeTestSupport
import Foundation
import HPACK
import HTTP2
import Testing
@testable import GRPC

/// Echoes every message back, and ends with OK when the client half-closes. A message equal
/// to [0xFF] makes it fail with INVALID_ARGUMENT.
struct EchoHandler: GRPCHandler {
    func handle(_ call: GRPCServerCall) {
        call.onMessage = { message in
            if message == [0xFF] { call.finish(GRPCStatus(.invalidArgument, "asked to fail ✓")); return }
            call.send(message)
        }
        call.onEnd = { call.finish(.ok) }
    }
}

/// Never answers: only a deadline (or the client) ends its calls.
struct StallHandler: GRPCHandler {
    func handle(_ call: GRPCServerCall) {}
}

/// What one call returned, read with our own HTTP/2 state machine over a plain socket.
struct Exchange {
    var status: String = ""
    var headers: [HPACKHeader] = []
    var messages: [[UInt8]] = []
    var trailers: [HPACKHeader] = []
    var grpcStatus: GRPCStatus { GRPCStatus(trailers: trailers.isEmpty ? headers : trailers) }
}

func exchange(_ address: SocketAddress, path: String, messages: [[UInt8]], extraHeaders: [HPACKHeader] = [],
              contentType: String = "application/grpc", rawData: [UInt8]? = nil) throws -> Exchange {
    let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
    var http2 = HTTP2Connection(role: .client)
    http2.start()
    let id = http2.openStream()
    http2.sendHeaders(streamID: id, [HPACKHeader(name: ":method", value: "POST"), HPACKHeader(name: ":scheme", value: "http"),
                                     HPACKHeader(name: ":path", value: path), HPACKHeader(name: ":authority", value: "localhost"),
                                     HPACKHeader(name: "content-type", value: contentType), HPACKHeader(name: "te", value: "trailers")]
                      + extraHeaders, endStream: false)
    var toSend = rawData ?? messages.flatMap(GRPCMessageFramer.frame)
    toSend.removeFirst(http2.sendData(streamID: id, toSend, endStream: true))
    try socket.send(http2.takeOutput())
    var result = Exchange()
    var deframer = GRPCMessageDeframer()
    var pending: [UInt8] = []
    while true {
        guard let byte = try socket.receive(exactly: 1) else { return result }
        pending += byte
        let (events, consumed) = http2.receive(pending)
        pending.removeFirst(consumed)
        // The rest of the request goes as the server's WINDOW_UPDATEs allow.
        if !toSend.isEmpty { toSend.removeFirst(http2.sendData(streamID: id, toSend, endStream: true)) }
        if http2.hasOutput { try socket.send(http2.takeOutput()) }
        for event in events {
            switch event {
            case .headers(id, let headers, let end):
                if result.headers.isEmpty {
                    result.headers = headers
                    result.status = headers.first { $0.name == ":status" }?.value ?? ""
                } else {
                    result.trailers = headers
                }
                if end { return result }
            case .data(id, let data, let end):
                result.messages += (try? deframer.append(data)) ?? []
                if end { return result }
            case .streamReset(id, _), .connectionError:
                return result
            default:
                break
            }
        }
    }
}

@Suite("gRPC server over our HTTP/2")
struct GRPCServerTests {
    static func server(maxConcurrentStreams: Int = 100) throws -> (EventLoopGroup, GRPCServer) {
        let group = try EventLoopGroup(threads: 1)
        var router = GRPCRouter()
        router.register("/test.Echo/Echo", EchoHandler())
        router.register("/test.Echo/Stall", StallHandler())
        var configuration = GRPCServerConfiguration.defaults
        configuration.maxMessageBytes = 1024 * 1024
        configuration.http2Settings.maxConcurrentStreams = maxConcurrentStreams
        return (group, try GRPCServer(address: .ipv4(host: "127.0.0.1", port: 0), group: group, router: router, configuration: configuration))
    }

    @Test("messages stream both ways and the call ends with grpc-status 0 in trailers")
    func echo() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let messages: [[UInt8]] = [[1, 2, 3], [], Array(repeating: 7, count: 200_000)]
        let result = try await onDedicatedThread { try exchange(address, path: "/test.Echo/Echo", messages: messages) }
        #expect(result.status == "200")
        #expect(result.headers.contains(HPACKHeader(name: "content-type", value: "application/grpc")))
        #expect(result.messages == messages, "a 200 KB message crosses several flow-control windows")
        #expect(result.grpcStatus == .ok)
    }

    @Test("a handler's error status travels in trailers with a percent-encoded message")
    func errorStatus() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let result = try await onDedicatedThread { try exchange(address, path: "/test.Echo/Echo", messages: [[0xFF]]) }
        #expect(result.grpcStatus == GRPCStatus(.invalidArgument, "asked to fail ✓"))
        #expect(result.messages.isEmpty)
        #expect(result.trailers.isEmpty, "nothing was sent before the error: a Trailers-Only response")
    }

    @Test("unknown methods, compression, oversize messages and bad timeouts get their status", arguments: [
        ("unknown method", "/test.Echo/Nope", [HPACKHeader](), [[UInt8]](), Optional<[UInt8]>.none, StatusCode.unimplemented),
        ("grpc-encoding gzip", "/test.Echo/Echo", [HPACKHeader(name: "grpc-encoding", value: "gzip")], [], nil, .unimplemented),
        ("a compressed message", "/test.Echo/Echo", [], [], [1, 0, 0, 0, 1, 9], .unimplemented),
        ("a message over the limit", "/test.Echo/Echo", [], [], [0, 0, 0x20, 0, 0], .resourceExhausted),
        ("a malformed grpc-timeout", "/test.Echo/Echo", [HPACKHeader(name: "grpc-timeout", value: "soon")], [[1]], nil, .invalidArgument),
        ("a stream ending mid-message", "/test.Echo/Echo", [], [], [0, 0, 0, 0, 9, 1], .internal),
    ])
    func statuses(name: String, path: String, headers: [HPACKHeader], messages: [[UInt8]], raw: [UInt8]?, code: StatusCode) async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let result = try await onDedicatedThread {
            try exchange(address, path: path, messages: messages, extraHeaders: headers, rawData: raw)
        }
        #expect(result.grpcStatus.code == code, "\(name): \(result.grpcStatus)")
    }

    @Test("grpc-timeout ends a call that outlives it with DEADLINE_EXCEEDED")
    func deadline() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let start = ContinuousClock.now
        let result = try await onDedicatedThread {
            try exchange(address, path: "/test.Echo/Stall", messages: [[1]], extraHeaders: [HPACKHeader(name: "grpc-timeout", value: "200m")])
        }
        #expect(result.grpcStatus.code == .deadlineExceeded)
        #expect(ContinuousClock.now - start >= .milliseconds(200))
    }

    @Test("a request that is not gRPC gets HTTP 415")
    func notGRPC() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let result = try await onDedicatedThread { try exchange(address, path: "/test.Echo/Echo", messages: [[1]], contentType: "text/plain") }
        #expect(result.status == "415")
    }

    @Test("curl --http2-prior-knowledge reaches the server")
    func curl() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else {
            FileHandle.standardError.write(Data("SKIPPED (curl not found): curl --http2-prior-knowledge test\n".utf8))
            if ProcessInfo.processInfo.environment["IPCBRIDGE_REQUIRE_PEERS"] == "1" { Issue.record("curl is required") }
            return
        }
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let url = "http://\(server.address)/test.Echo/Nope"
        let output = try await onDedicatedThread { () throws -> String in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            process.arguments = ["-sS", "-i", "--max-time", "5", "--http2-prior-knowledge", "-X", "POST",
                                 "-H", "content-type: application/grpc", "-H", "te: trailers", "--data-binary", "", url]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let text = pipe.fileHandleForReading.readAllText()
            process.waitUntilExit()
            return text
        }
        #expect(output.hasPrefix("HTTP/2 200"), "\(output)")
        #expect(output.contains("grpc-status: 12"), "\(output)")
    }
}

@Suite("gRPC client against our server")
struct GRPCClientTests {
    @Test("unary calls, concurrent calls on one connection, streaming, errors and deadlines")
    func client() async throws {
        let (group, server) = try GRPCServerTests.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let client = GRPCClient(address: server.address)
        defer { client.close() }

        func unary(_ path: String, _ request: [UInt8], timeout: Duration? = nil) async -> Result<[UInt8], GRPCStatus> {
            await withCheckedContinuation { continuation in
                _ = client.unary(path: path, request: request, timeout: timeout) { continuation.resume(returning: $0) }
            }
        }
        #expect(try await unary("/test.Echo/Echo", [1, 2, 3]).get() == [1, 2, 3])
        #expect(await unary("/test.Echo/Echo", [0xFF]) == .failure(GRPCStatus(.invalidArgument, "asked to fail ✓")))
        #expect(await unary("/test.Echo/Nope", [1]) == .failure(GRPCStatus(.unimplemented, "unknown method /test.Echo/Nope")))
        let timedOut = await unary("/test.Echo/Stall", [1], timeout: .milliseconds(100))
        #expect((try? timedOut.get()) == nil)
        if case .failure(let status) = timedOut { #expect(status.code == .deadlineExceeded) }

        // 100 concurrent calls share one connection.
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<100 {
                group.addTask {
                    let payload = [UInt8(index)] + Array(repeating: UInt8(index), count: index * 100)
                    return (try? await unary("/test.Echo/Echo", payload).get()) == payload
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 } && results.count == 100)
        #expect(server.activeConnections == 1)

        // Bidirectional streaming: every message echoed in order, then OK.
        let received = ResponseCollector()
        let finished: GRPCStatus = await withCheckedContinuation { continuation in
            let call = client.start(path: "/test.Echo/Echo", onMessage: { received.append($0) },
                                    onFinish: { status, _ in continuation.resume(returning: status) })
            for index in 0..<10 { call.send([UInt8(index)]) }
            call.halfClose()
        }
        #expect(finished == .ok)
        #expect(received.all == (0..<10).map { [UInt8($0)] })
    }

    @Test("more calls than the server's SETTINGS_MAX_CONCURRENT_STREAMS queue on the client; none is refused")
    func callsBeyondTheStreamLimitWait() async throws {
        let (group, server) = try GRPCServerTests.server(maxConcurrentStreams: 8)
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let client = GRPCClient(address: server.address)
        defer { client.close() }
        let outcomes = await withTaskGroup(of: Result<[UInt8], GRPCStatus>.self) { tasks in
            for index in 0..<300 {
                tasks.addTask {
                    await withCheckedContinuation { continuation in
                        _ = client.unary(path: "/test.Echo/Echo", request: [UInt8(index % 200), 7]) { continuation.resume(returning: $0) }
                    }
                }
            }
            return await tasks.reduce(into: []) { $0.append($1) }
        }
        let refused = outcomes.compactMap { outcome -> GRPCStatus? in
            if case .failure(let status) = outcome { return status } else { return nil }
        }
        #expect(refused.isEmpty, "first failure: \(refused.first.map { "\($0)" } ?? "")")
        #expect(outcomes.count == 300)
        #expect(server.activeConnections == 1)
    }
}

final class ResponseCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [[UInt8]] = []
    func append(_ message: [UInt8]) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return messages }
}
