import Foundation
import IPCBridge
import Testing
import ValidationService

// Cross-language interop over gRPC (CONTRACT.md sections 1 and 4) with Python grpcio:
// python/grpc_validation_client.py (grpcio stubs generated at run time) against our in-process
// ServerHost, and our GRPCBridge against the grpcio baseline server in
// shared/tools/bench/python/grpc_server.py (run in place: it writes its stubs to a temp dir).
//
// Without python3 + grpcio + grpcio-tools + protobuf these tests print `SKIPPED (...)` to
// stderr and return; with IPCBRIDGE_REQUIRE_PEERS=1 they record an issue instead.

@Suite("Python grpcio peers", .serialized, .timeLimit(.minutes(2)))
struct GRPCPeerTests {
    private static let modules = ["grpc", "grpc_tools", "google.protobuf"]

    /// The checks grpc_validation_client.py runs, by the names it prints.
    private static let clientChecks: Set<String> = [
        "validate_pass", "validate_fail", "ping_pong", "unknown_type_unimplemented",
        "fail_with_unavailable", "deadline_exceeded", "echo_unknown_field", "watch_4",
        "validate_batch_3", "validate_stream_5", "concurrent_20", "health_serving",
        "health_unknown_not_found",
    ]

    /// The repository's sibling `shared` directory (grpc-testing protos, bench peers).
    private static let sharedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // InteropTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository
        .deletingLastPathComponent()
        .appendingPathComponent("shared")

    private static let callOptions = CallOptions.timeout(.seconds(10))

    // MARK: grpcio client -> our server

    @Test("grpc_validation_client.py passes every check against ServerHost over gRPC")
    func grpcioClientAgainstServerHost() async throws {
        let test = "grpcioClientAgainstServerHost"
        let healthProto = Self.sharedDirectory.appendingPathComponent("grpc-testing/grpc/health/v1/health.proto").path
        guard FileManager.default.fileExists(atPath: healthProto) else {
            InteropPeers.skip(test, reason: "\(healthProto) not found", needs: "shared/grpc-testing beside the repository")
            return
        }
        guard let python = await InteropPeers.python3(importing: Self.modules, for: test) else { return }
        var configuration = ServerHost.Configuration(threads: 1)
        configuration.grpc = "127.0.0.1:0"
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown() }
        let address = try #require(host.grpcAddress)

        try await InteropPeers.runCheckClient(python, script: "grpc_validation_client.py", arguments: [address.description],
                                              expected: Self.clientChecks, timeout: .seconds(90))
    }

    // MARK: Our GRPCBridge -> grpcio server

    @Test("GRPCBridge: PING, passing and failing validation, unknown type against grpcio grpc_server.py")
    func bridgeAgainstGrpcioServer() async throws {
        let test = "bridgeAgainstGrpcioServer"
        let script = Self.sharedDirectory.appendingPathComponent("tools/bench/python/grpc_server.py").path
        guard FileManager.default.fileExists(atPath: script) else {
            InteropPeers.skip(test, reason: "\(script) not found", needs: "shared/tools/bench/python beside the repository")
            return
        }
        guard let python = await InteropPeers.python3(importing: Self.modules, for: test) else { return }
        let server = try PeerChild(python, [script, "--port", "0", "--workers", "16"])
        defer { server.terminate() }
        let line = try #require(await server.waitForLine(prefix: "listening ", timeout: .seconds(30)),
                                "grpc_server.py printed no listening line in 30 s; stderr: \(server.stderr.text)")
        let port = try #require(Int(line.dropFirst("listening ".count)), "unexpected ready line: \(line)")
        try #require((1...65535).contains(port), "unexpected ready line: \(line)")

        let bridge = try GRPCBridge(target: "127.0.0.1:\(port)")
        defer { bridge.close() }

        let ping = BridgeMessage.request(MessageType.ping)
        let pong = try await bridge.call(ping, options: Self.callOptions)
        #expect(pong.type == MessageType.pong)
        #expect(pong.requestID == ping.messageID)

        let good = BridgeMessage.request(MessageType.validationRequest, attributes: [
            "board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto",
        ])
        let passed = try await bridge.call(good, options: Self.callOptions)
        #expect(passed.type == MessageType.validationResponse)
        #expect(passed.requestID == good.messageID)
        #expect(passed.attributes["result"]?.stringValue == "PASS")
        #expect(passed.attributes["violations"]?.arrayValue == [])

        let bad = BridgeMessage.request(MessageType.validationRequest, attributes: [
            "board_id": "board-7", "voltage": 60, "current": 3, "mode": "turbo",
        ])
        let failed = try await bridge.call(bad, options: Self.callOptions)
        #expect(failed.type == MessageType.validationResponse)
        #expect(failed.requestID == bad.messageID)
        #expect(failed.attributes["result"]?.stringValue == "FAIL")
        let violations = try #require(failed.attributes["violations"]?.arrayValue)
        #expect(violations.map { $0["field"]?.stringValue } == ["voltage", "mode"])
        #expect(violations.map { $0["rule"]?.stringValue } == ["max", "one_of"])

        // grpc_server.py answers an unknown type with an ERROR message (status OK), which the
        // bridge surfaces as a thrown UNIMPLEMENTED or as the ERROR message itself.
        do {
            let answer = try await bridge.call(.request("NO_SUCH_TYPE"), options: Self.callOptions)
            #expect(answer.type == MessageType.error, "got \(answer)")
            #expect(answer.attributes["error_code"]?.stringValue == "UNIMPLEMENTED")
        } catch {
            #expect(error.code == .unimplemented, "got \(error)")
        }

        // Concurrent calls multiplexed on one HTTP/2 connection to grpcio.
        let options = Self.callOptions
        let answers = try await withThrowingTaskGroup(of: (BridgeMessage, BridgeMessage).self) { group in
            for index in 0..<20 {
                let request = BridgeMessage.request(MessageType.validationRequest, attributes: [
                    "board_id": .string("board-\(index)"), "voltage": .number(Double(index)),
                ])
                group.addTask { (request, try await bridge.call(request, options: options)) }
            }
            var all: [(BridgeMessage, BridgeMessage)] = []
            for try await pair in group { all.append(pair) }
            return all
        }
        #expect(answers.count == 20)
        for (request, answer) in answers {
            #expect(answer.requestID == request.messageID)
            #expect(answer.attributes["result"]?.stringValue == "PASS", "\(answer)")
        }
    }
}
