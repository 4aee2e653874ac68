import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

// python/greeter_peer.py: grpcio stubs and google.protobuf.json_format, generated from the same
// Fixtures/greeter.proto by protoc, against the Greeter on an in-process ServerHost over all three
// transports. So the wire forms are the ones Google's own code reads and writes, not only ours.
// Without python3 + grpcio + grpcio-tools + protobuf it prints SKIPPED to stderr (and records an
// issue under IPCBRIDGE_REQUIRE_PEERS=1, as the interop tests do).

@Suite("Greeter against grpcio and protobuf's json_format", .timeLimit(.minutes(2)))
struct GreeterPeerTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("python/greeter_peer.py").path

    @Test("greeter_peer.py passes every check over grpc, http and tcp")
    func pythonPeer() async throws {
        guard let python = await Self.python() else { return }
        let host = try GreeterService.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let arguments = [Self.script, "--grpc", host.grpcAddress?.description ?? "", "--http", host.httpAddress?.description ?? "",
                         "--tcp", host.tcpAddress?.description ?? ""]
        let (status, output) = try await onDedicatedThread { try Self.run(python, arguments, timeout: 90) }
        let lines = output.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(status == 0, "greeter_peer.py exited \(status):\n\(output)")
        #expect(lines.count >= 9, "\(output)")
        for line in lines where line["status"] != "pass" {
            Issue.record("\(line["name"]?.stringValue ?? "?"): \(line["detail"]?.stringValue ?? "")")
        }
    }

    /// python3 from PATH when it can import the peer's modules; otherwise nil after a loud SKIPPED.
    static func python() async -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let python = path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        if let python, (try? await onDedicatedThread({ try run(python, ["-c", "import grpc, grpc_tools, google.protobuf"], timeout: 30) }))?.status == 0 {
            return python
        }
        let line = "SKIPPED (python3 with grpcio, grpcio-tools and protobuf not found): greeter_peer.py (run scripts/install-test-deps.sh)"
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if ProcessInfo.processInfo.environment["IPCBRIDGE_REQUIRE_PEERS"] == "1" { Issue.record(Comment(rawValue: line)) }
        return nil
    }

    /// Runs `executable arguments` with stdout and stderr gathered; terminated after `timeout`
    /// seconds (stretched by TestTiming.scale).
    static func run(_ executable: String, _ arguments: [String], timeout: Double) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout * Double(TestTiming.scale), execute: killer)
        let text = pipe.fileHandleForReading.readAllText()
        process.waitUntilExit()
        killer.cancel()
        return (process.terminationStatus, text)
    }
}
