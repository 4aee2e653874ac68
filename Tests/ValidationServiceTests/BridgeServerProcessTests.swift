import BridgeTestSupport
import Foundation
import Testing
import IPCBridge

/// `bridge-server` as a real process: flags, the listening line, signals.
/// An executable of this package, found beside the test bundle.
func builtExecutable(_ name: String) -> URL {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
    var directory = bundle.deletingLastPathComponent()
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return bundle.deletingLastPathComponent().appendingPathComponent(name)
}

@Suite("bridge-server executable", .serialized)
struct BridgeServerProcessTests {
    /// The built `bridge-server` beside the test bundle (scripts/test.sh builds it first).
    static var executable: URL { builtExecutable("bridge-server") }

    final class Server: @unchecked Sendable {  // used by one test at a time
        let process = Process()
        let output = Pipe()
        let errors = Pipe()
        var line = ""

        init(_ arguments: [String], executable: URL = BridgeServerProcessTests.executable) throws {
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        /// Reads the first line of standard output (bounded).
        func readLine(timeout: Duration = .seconds(10)) -> String {
            let bytes = output.fileHandleForReading.readLineBytes(until: ContinuousClock.now + timeout)
            line = String(decoding: bytes, as: UTF8.self)
            return line
        }

        var target: String { String(line.split(separator: " ").first { $0.hasPrefix("tcp=") }?.dropFirst(4) ?? "") }

        func waitForExit(timeout: Duration = .seconds(10)) -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
            if process.isRunning {
                process.terminate()
                return nil
            }
            return process.terminationStatus
        }

        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    @Test("prints exactly the listening line, serves, and exits 0 on SIGTERM after finishing in-flight work",
          arguments: [SIGTERM, SIGINT])
    func gracefulShutdown(signalNumber: Int32) async throws {
        let server = try Server(["--tcp", "127.0.0.1:0"])
        let line = try await onDedicatedThread { server.readLine() }
        #expect(line.range(of: #"^listening tcp=127\.0\.0\.1:[0-9]+$"#, options: .regularExpression) != nil, "got '\(line)'")
        let bridge = try TCPBridge(target: server.target)
        defer { bridge.close() }
        #expect(try await bridge.call(.request("PING")).type == "PONG")
        let inFlight = Task { try await bridge.call(.request("PING", attributes: ["delay_ms": 300])) }
        try await Task.sleep(for: .milliseconds(50))
        kill(server.process.processIdentifier, signalNumber)
        let answer = try await inFlight.value
        #expect(answer.type == "PONG", "the in-flight request must be answered before exit")
        #expect(try await onDedicatedThread { server.waitForExit() } == 0)
    }

    @Test("--tcp unix:PATH listens on a Unix socket and says so")
    func unixSocket() async throws {
        let path = "/tmp/ipcbridge-proc-\(UInt32.random(in: 0...UInt32.max)).sock"
        let server = try Server(["--tcp", "unix:\(path)"])
        #expect(try await onDedicatedThread { server.readLine() } == "listening tcp=unix:\(path)")
        let bridge = try TCPBridge(target: "unix:\(path)")
        defer { bridge.close() }
        #expect(try await bridge.call(.request("PING")).type == "PONG")
        kill(server.process.processIdentifier, SIGTERM)
        #expect(try await onDedicatedThread { server.waitForExit() } == 0)
        #expect(!FileManager.default.fileExists(atPath: path), "the socket file is removed on shutdown")
    }

    @Test("--rules FILE replaces the built-in rules")
    func rulesFile() async throws {
        let path = NSTemporaryDirectory() + "rules-\(UInt32.random(in: 0...UInt32.max)).json"
        try #"[{"field":"serial","required":true,"kind":"string","min":3}]"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let server = try Server(["--tcp", "127.0.0.1:0", "--rules", path])
        _ = try await onDedicatedThread { server.readLine() }
        let bridge = try TCPBridge(target: server.target)
        defer { bridge.close() }
        let noBoard = try await bridge.call(.request("VALIDATION_REQUEST", attributes: ["serial": "SN-1"]))
        #expect(noBoard.attributes["result"] == "PASS", "board_id is no longer required")
        let short = try await bridge.call(.request("VALIDATION_REQUEST", attributes: ["serial": "S"]))
        #expect(short.attributes["result"] == "FAIL")
        kill(server.process.processIdentifier, SIGTERM)
        #expect(try await onDedicatedThread { server.waitForExit() } == 0)
    }

    @Test("bad flags exit non-zero with one clear line", arguments: [
        (["--tcp"], "needs a value"), (["--bogus", "1"], "unknown option --bogus"), ([String](), "nothing to serve"),
        (["--tcp", "127.0.0.1:0", "--rules", "/nonexistent.json"], "/nonexistent.json"),
        (["--tcp", "nonsense"], "expected HOST:PORT"),
    ])
    func badFlags(arguments: [String], expected: String) async throws {
        let server = try Server(arguments)
        let status = try await onDedicatedThread { server.waitForExit() }
        let stderr = server.errors.fileHandleForReading.readAllText()
        #expect(status != 0 && status != nil)
        #expect(stderr.contains(expected), "stderr was: \(stderr)")
    }
}
