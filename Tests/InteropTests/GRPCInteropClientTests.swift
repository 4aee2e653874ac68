import Foundation
import Testing

/// Our `bridge interop-client` against a Python grpcio grpc.testing.TestService server.
@Suite("bridge interop-client against grpcio", .serialized, .timeLimit(.minutes(2)))
struct GRPCInteropClientTests {
    /// The built `bridge` beside the test bundle (scripts/test.sh builds it first).
    static var bridgeExecutable: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("bridge")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "bridge")
    }

    @Test("every interop case (compression excepted) passes against grpcio's TestService")
    func allCases() async throws {
        guard let python = await InteropPeers.python3(importing: ["grpc", "grpc_tools"], for: "GRPCInteropClientTests") else { return }
        let server = try PeerChild(python, [try InteropPeers.script("grpc_testservice_server.py"), "--port", "0"])
        defer { server.terminate() }
        let line = try #require(await server.waitForLine(prefix: "listening", timeout: .seconds(60)),
                                "the grpcio TestService did not start: \(server.stderr.text)")
        let port = String(line.split(separator: " ").last ?? "")
        let run = try #require(await PeerChild.run(Self.bridgeExecutable, ["interop-client", "--server_host", "127.0.0.1",
                                                                             "--server_port", port, "--test_case", "all_cases"],
                                                   timeout: .seconds(90)), "bridge interop-client did not finish")
        #expect(run.status == 0, "stdout:\n\(run.stdout)\nstderr:\n\(run.stderr)")
        #expect(run.stdout.contains("14 passed, 0 failed"), "\(run.stdout)")
        for name in ["large_unary", "ping_pong", "custom_metadata", "special_status_message", "timeout_on_sleeping_server"] {
            #expect(run.stdout.contains("PASS \(name)"), "\(name) missing from \(run.stdout)")
        }
    }
}
