import BridgeTestSupport
import Foundation
import Synchronization
import Testing
import IPCBridge
import ValidationService

@Suite("GRPCBridge")
struct GRPCBridgeTests {
    static func host(token: String? = nil) throws -> ServerHost {
        var configuration = ServerHost.Configuration(token: token, threads: 1)
        configuration.grpc = "127.0.0.1:0"
        return try ServerHost(configuration: configuration)
    }

    static func bridge(_ host: ServerHost, token: String? = nil) throws -> GRPCBridge {
        try GRPCBridge(target: host.grpcAddress?.description ?? "", configuration: GRPCBridgeConfiguration(token: token))
    }

    @Test("a call's deadline timer goes when the call ends, over gRPC and framed TCP")
    func deadlineTimersEndWithTheirCalls() async throws {
        var configuration = ServerHost.Configuration(threads: 1)
        configuration.grpc = "127.0.0.1:0"
        configuration.tcp = "127.0.0.1:0"
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let group = try EventLoopGroup(threads: 1, name: "timer-test")
        defer { group.shutdown() }
        let loop = group.loops[0]
        func timersArmed() async -> Int {
            await withCheckedContinuation { continuation in loop.execute { continuation.resume(returning: loop.pendingTimerCount) } }
        }
        let grpc = try GRPCBridge(target: host.grpcAddress?.description ?? "", configuration: GRPCBridgeConfiguration(group: group))
        defer { grpc.close() }
        let tcp = try TCPBridge(target: host.tcpAddress?.description ?? "", configuration: TCPBridgeConfiguration(group: group))
        defer { tcp.close() }
        for bridge in [grpc, tcp] as [any Bridge] { _ = try await bridge.call(.request("PING")) }   // connected
        let before = await timersArmed()
        for bridge in [grpc, tcp] as [any Bridge] {
            for _ in 0..<200 { #expect(try await bridge.call(.request("PING"), options: .timeout(.seconds(60))).type == "PONG") }
        }
        // Each call armed a 60 s timer; none may outlive its call.
        #expect(await timersArmed() <= before)
    }

    @Test("three calling styles; errors are statuses with their codes")
    func styles() async throws {
        let host = try Self.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try Self.bridge(host)
        defer { bridge.close() }
        let blocking = try await onDedicatedThread { try bridge.callBlocking(.request("VALIDATION_REQUEST", attributes: ["board_id": "b"])) }
        #expect(blocking.attributes["result"] == "PASS")
        let viaCallback: Result<BridgeMessage, BridgeError> = await withCheckedContinuation { continuation in
            bridge.call(.request("PING")) { continuation.resume(returning: $0) }
        }
        #expect(try viaCallback.get().type == "PONG")
        await #expect { try await bridge.call(.request("NOPE")) } throws: {
            ($0 as? BridgeError)?.code == .unimplemented && ($0 as? BridgeError)?.transport == "grpc"
        }
        await #expect { try await bridge.call(.request("PING", attributes: ["delay_ms": 5000]), options: .timeout(.milliseconds(100))) } throws: {
            ($0 as? BridgeError)?.code == .deadlineExceeded
        }
        #expect(try await bridge.call(.request("PING")).type == "PONG", "the connection survives a deadline")
    }

    @Test("ValidateStream answers in request order; ValidateBatch summarizes")
    func streams() async throws {
        let host = try Self.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try Self.bridge(host)
        defer { bridge.close() }
        let stream = bridge.stream()
        var sent: [String] = []
        for index in 0..<20 {
            // Early requests are the slow ones: answers still come back in request order.
            let request = BridgeMessage.request("VALIDATION_REQUEST", attributes: ["board_id": "b", "voltage": .number(Double(index * 3)),
                                                                                     "delay_ms": .number(Double(20 - index))])
            sent.append(request.messageID)
            stream.send(request)
        }
        stream.finish()
        var answered: [String] = []
        var results: [String] = []
        for try await answer in stream.responses {
            answered.append(answer.requestID)
            results.append(answer.attributes["result"]?.stringValue ?? "?")
        }
        #expect(answered == sent)
        #expect(results == (0..<20).map { $0 * 3 <= 48 ? "PASS" : "FAIL" })

        let summary = try await bridge.validateBatch([
            .request("VALIDATION_REQUEST", attributes: ["board_id": "a"]), .request("VALIDATION_REQUEST", attributes: ["voltage": 99]),
            .request("VALIDATION_REQUEST", attributes: ["board_id": "c"]),
        ])
        #expect(summary.attributes["count"] == 3)
        #expect(summary.attributes["passed"] == 2)
        #expect(summary.attributes["failed"] == 1)
        #expect(summary.attributes["result"] == "FAIL")
        #expect(summary.attributes["results"]?.arrayValue?.map { $0["result"]?.stringValue ?? "" } == ["PASS", "FAIL", "PASS"])
    }

    @Test("cancelling a watch resets the stream; subscribers get events sent one-way")
    func cancelAndSubscribe() async throws {
        let host = try Self.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try Self.bridge(host)
        defer { bridge.close() }
        let watch = bridge.watch(.request("WATCH", attributes: ["event_count": 1000, "event_interval_ms": .number(Double(TestTiming.milliseconds(10)))]))
        var seen = 0
        do {
            for try await _ in watch {
                seen += 1
                if seen == 3 { watch.cancel() }
            }
        } catch {
            #expect(error.code == .cancelled)
        }
        // Iteration ends at the cancel, even with events already buffered behind it.
        #expect(seen == 3)

        let events = Locked<[Int]>([])
        let subscription = bridge.subscribe(to: "EVENT") { event in events.withLock { $0.append(event.attributes["seq"]?.intValue ?? -1) } }
        defer { subscription.cancel() }
        bridge.send(.request("WATCH", attributes: ["event_count": 3]))
        _ = await eventually { events.withLock { $0.count } >= 3 }
        #expect(events.withLock { $0.sorted() } == [0, 1, 2])
    }

    @Test("with --token, calls need authorization metadata; health checks stay open")
    func token() async throws {
        let host = try Self.host(token: "tk")
        defer { host.shutdown(grace: .seconds(1)) }
        let anonymous = try Self.bridge(host)
        defer { anonymous.close() }
        await #expect { try await anonymous.call(.request("PING")) } throws: { ($0 as? BridgeError)?.code == .unauthenticated }
        let authorized = try Self.bridge(host, token: "tk")
        defer { authorized.close() }
        #expect(try await authorized.call(.request("PING")).type == "PONG")
    }
}

@Suite("GRPCBridge reconnects")
struct GRPCBridgeReconnectTests {
    @Test("after the server's GOAWAY and restart, and after a dropped connection, calls go through a new connection")
    func reconnect() async throws {
        var configuration = ServerHost.Configuration(threads: 1)
        configuration.grpc = "127.0.0.1:0"
        var host = try ServerHost(configuration: configuration)
        let address = try #require(host.grpcAddress)
        let bridge = try GRPCBridge(target: address.description)
        defer { bridge.close() }
        #expect(try await bridge.call(.request("PING")).type == "PONG")

        // A call in flight when the server says GOAWAY (graceful shutdown) still completes.
        let inFlight = Task { try await bridge.call(.request("PING", attributes: ["delay_ms": 300])) }
        try await Task.sleep(for: .milliseconds(50))
        let stopping = host
        // On a thread of its own: shutdown blocks while the call drains (Task.detached would
        // block one of the cooperative pool's few threads for that long).
        let shutdown = Task { try? await onDedicatedThread { stopping.shutdown(grace: .seconds(5)) } }
        #expect(try await inFlight.value.type == "PONG", "a call the server accepted before GOAWAY finishes")
        await shutdown.value

        // Nothing listens: UNAVAILABLE, promptly.
        await #expect { try await bridge.call(.request("PING"), options: .timeout(.seconds(5))) } throws: {
            ($0 as? BridgeError)?.code == .unavailable
        }

        configuration.grpc = address.description
        host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        #expect(try await bridge.call(.request("PING"), options: .timeout(.seconds(5))).type == "PONG")
    }
}

@Suite("grpc.health.v1.Health")
struct HealthServiceTests {
    @Test("Check answers SERVING or NOT_FOUND; Watch streams the status and stays open until cancelled")
    func health() async throws {
        let host = try GRPCBridgeTests.host(token: "tk")
        defer { host.shutdown(grace: .seconds(1)) }
        let client = GRPCClient(address: try #require(host.grpcAddress))
        defer { client.close() }
        func check(_ service: String) async -> Result<[UInt8], GRPCStatus> {
            let request: [UInt8] = service.isEmpty ? [] : [0x0A, UInt8(service.utf8.count)] + Array(service.utf8)
            return await withCheckedContinuation { continuation in
                _ = client.unary(path: "/grpc.health.v1.Health/Check", request: request) { continuation.resume(returning: $0) }
            }
        }
        // No token needed: load balancers probe health without credentials.
        #expect(try await check("").get() == [0x08, 0x01])
        #expect(try await check("ipcbridge.v1.Validation").get() == [0x08, 0x01])
        if case .failure(let status) = await check("no.such.Service") { #expect(status.code == .notFound) } else { Issue.record("expected NOT_FOUND") }

        let responses = Locked<[[UInt8]]>([])
        let ended = Locked<GRPCStatus?>(nil)
        let watch = client.start(path: "/grpc.health.v1.Health/Watch", onMessage: { message in responses.withLock { $0.append(message) } },
                                 onFinish: { status, _ in ended.withLock { $0 = status } })
        let unknown = Array("no.such.Service".utf8)
        watch.sendLast([0x0A, UInt8(unknown.count)] + unknown)
        _ = await eventually { !responses.withLock { $0.isEmpty } }
        #expect(responses.withLock { $0 } == [[0x08, 0x03]], "SERVICE_UNKNOWN for an unknown service")
        try await Task.sleep(for: .milliseconds(100))
        #expect(ended.withLock { $0 } == nil, "Watch stays open")
        watch.cancel()
        _ = await eventually { ended.withLock { $0 } != nil }
        #expect(ended.withLock { $0 }?.code == .cancelled)
    }
}

@Suite("grpc.testing.TestService limits on bridge-server")
struct TestServiceLimitTests {
    @Test("a response_size over 4 MiB is RESOURCE_EXHAUSTED, not a 2 GiB allocation")
    func oversizedResponse() async throws {
        let host = try GRPCBridgeTests.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let client = GRPCClient(address: try #require(host.grpcAddress))
        defer { client.close() }
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = Int32.max
        let bytes = request.serializedBytes()
        let result: Result<[UInt8], GRPCStatus> = await withCheckedContinuation { continuation in
            _ = client.unary(path: "/grpc.testing.TestService/UnaryCall", request: bytes) { continuation.resume(returning: $0) }
        }
        guard case .failure(let status) = result else { Issue.record("expected an error status"); return }
        #expect(status.code == .resourceExhausted, "\(status)")
    }
}
