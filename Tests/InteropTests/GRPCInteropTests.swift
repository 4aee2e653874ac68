import Foundation
import IPCBridge
import Testing
import ValidationService

// The official gRPC interop cases (grpc/grpc doc/interop-test-descriptions.md; summary in
// shared/grpc-testing/INTEROP-CASES.md) run by a Python grpcio client,
// python/grpc_interop_client.py (stubs generated at run time from shared/grpc-testing), against
// grpc.testing.TestService (TestGRPCService) on an in-process ServerHost.
//
// Without python3 + grpcio + grpcio-tools + protobuf, or without shared/grpc-testing, the test
// prints `SKIPPED (...)` to stderr and returns; with IPCBRIDGE_REQUIRE_PEERS=1 it records an
// issue instead.

@Suite("grpc.testing interop cases: grpcio client against TestGRPCService", .serialized, .timeLimit(.minutes(2)))
struct GRPCInteropTests {
    private static let modules = ["grpc", "grpc_tools", "google.protobuf"]

    /// The cases grpc_interop_client.py runs, by the names it prints.
    private static let cases: Set<String> = [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong",
        "empty_stream", "custom_metadata", "status_code_and_message", "special_status_message",
        "unimplemented_method", "unimplemented_service", "cancel_after_begin",
        "cancel_after_first_response", "timeout_on_sleeping_server",
    ]

    private static let sharedDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // InteropTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository
        .deletingLastPathComponent()
        .appendingPathComponent("shared")

    @Test("grpc_interop_client.py passes every interop case against ServerHost's TestService")
    func interopCasesAgainstServerHost() async throws {
        let test = "interopCasesAgainstServerHost"
        let testProto = Self.sharedDirectory.appendingPathComponent("grpc-testing/src/proto/grpc/testing/test.proto").path
        guard FileManager.default.fileExists(atPath: testProto) else {
            InteropPeers.skip(test, reason: "\(testProto) not found", needs: "shared/grpc-testing beside the repository")
            return
        }
        guard let python = await InteropPeers.python3(importing: Self.modules, for: test) else { return }
        var configuration = ServerHost.Configuration(threads: 1)
        configuration.grpc = "127.0.0.1:0"
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let address = try #require(host.grpcAddress)

        try await InteropPeers.runCheckClient(python, script: "grpc_interop_client.py", arguments: [address.description, "--grpc-testing", Self.sharedDirectory.appendingPathComponent("grpc-testing").path],
                                              expected: Self.cases, timeout: .seconds(90))
    }
}
