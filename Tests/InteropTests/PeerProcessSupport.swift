import BridgeIO
import Foundation
import Synchronization
import Testing

// Small helpers for interop tests whose peers are outside programs (Python scripts, curl):
// finding a peer and saying SKIPPED loudly when it is missing, running it with every wait
// bounded, and always terminating it. PythonPeerTests.swift keeps its own private copies.

enum InteropPeers {
    static let pythonDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("python")

    static var peersRequired: Bool { ProcessInfo.processInfo.environment["IPCBRIDGE_REQUIRE_PEERS"] == "1" }

    /// Prints `SKIPPED (reason): test needs ...` to stderr; with IPCBRIDGE_REQUIRE_PEERS=1 it also
    /// records an issue, so that a missing peer can never pass silently in CI.
    static func skip(_ test: String, reason: String, needs: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let line = "SKIPPED (\(reason)): \(test) needs \(needs)"
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if peersRequired {
            Issue.record(Comment(rawValue: line + " (IPCBRIDGE_REQUIRE_PEERS=1)"), sourceLocation: sourceLocation)
        }
    }

    /// The path of one of the Python peers; fails the test when it is missing.
    static func script(_ name: String) throws -> String {
        let path = pythonDirectory.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "missing interop script \(path)")
        return path
    }

    /// An executable named `name` on PATH (then in `fallbacks`), or nil.
    static func findExecutable(_ name: String, fallbacks: [String] = []) -> URL? {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let candidates = searchPath.split(separator: ":").filter { !$0.isEmpty }
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name).path } + fallbacks
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }.map { URL(fileURLWithPath: $0) }
    }

    /// python3 when it runs and can import every one of `modules`; otherwise a loud SKIPPED
    /// (and an issue under IPCBRIDGE_REQUIRE_PEERS=1) and nil.
    static func python3(importing modules: [String], for test: String,
                        sourceLocation: SourceLocation = #_sourceLocation) async -> URL? {
        guard let python = findExecutable("python3") else {
            skip(test, reason: "python3 not found", needs: "python3 on PATH with \(modules.joined(separator: ", "))",
                 sourceLocation: sourceLocation)
            return nil
        }
        let imports = modules.map { "import \($0)" }.joined(separator: "; ")
        let probe = await PeerChild.run(python, ["-c", imports], timeout: .seconds(30))
        guard probe?.status == 0 else {
            let detail = probe.map { $0.stderr.split(separator: "\n").last.map(String.init) ?? "exit \($0.status)" } ?? "timed out"
            skip(test, reason: "python module import failed: \(detail)",
                 needs: "python3 with \(modules.joined(separator: ", ")) (run scripts/install-test-deps.sh)",
                 sourceLocation: sourceLocation)
            return nil
        }
        return python
    }

    /// curl when it runs (`curl --version` exits 0); otherwise a loud SKIPPED and nil.
    static func curl(for test: String, sourceLocation: SourceLocation = #_sourceLocation) async -> URL? {
        guard let curl = findExecutable("curl", fallbacks: ["/usr/bin/curl"]),
              await PeerChild.run(curl, ["--version"], timeout: .seconds(10))?.status == 0 else {
            skip(test, reason: "curl not found", needs: "curl on PATH (run scripts/install-test-deps.sh)",
                 sourceLocation: sourceLocation)
            return nil
        }
        return curl
    }
}

/// Everything a child writes to one pipe, gathered by a reader thread until end of file.
final class PeerOutput: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var finished = false
    }

    private let state = Locked(State())

    init(reading handle: FileHandle) {
        // Plain read(2): it returns what is there, where FileHandle.read(upToCount:) waits to
        // fill the whole count, which a long-running server never does.
        let descriptor = handle.fileDescriptor
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                state.withLock { $0.bytes.append(contentsOf: buffer[0..<got]) }
            }
            state.withLock { $0.finished = true }
            try? handle.close()
        }
        thread.start()
    }

    var bytes: [UInt8] { state.withLock { $0.bytes } }
    var text: String { String(decoding: bytes, as: UTF8.self) }
    var finished: Bool { state.withLock { $0.finished } }
}

/// An outside program run with Foundation `Process`; every wait on it is bounded.
final class PeerChild {
    struct Finished {
        var status: Int32
        var stdout: String
        var stdoutBytes: [UInt8]
        var stderr: String
        var elapsed: Duration
    }

    private let process: Process
    let stdout: PeerOutput
    let stderr: PeerOutput

    init(_ executable: URL, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        stdout = PeerOutput(reading: out.fileHandleForReading)
        stderr = PeerOutput(reading: err.fileHandleForReading)
    }

    /// Runs a short-lived program to its end; nil when it could not start or did not finish
    /// within `timeout` (it is terminated either way).
    static func run(_ executable: URL, _ arguments: [String], timeout: Duration) async -> Finished? {
        let started = ContinuousClock.now
        guard let child = try? PeerChild(executable, arguments) else { return nil }
        defer { child.terminate() }
        guard let status = await child.waitForExit(timeout: timeout) else { return nil }
        return Finished(status: status, stdout: child.stdout.text, stdoutBytes: child.stdout.bytes,
                        stderr: child.stderr.text, elapsed: ContinuousClock.now - started)
    }

    /// The first stdout line starting with `prefix`, or nil when none came within `timeout`
    /// (or the process exited first).
    func waitForLine(prefix: String, timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let line = stdout.text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            if let line { return String(line) }
            if !process.isRunning && stdout.finished { return nil }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The exit status once the process ended and its output was read to the end; nil on timeout.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning || !stdout.finished || !stderr.finished {
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// SIGTERM, up to 3 s to exit, then SIGKILL. Safe to call more than once.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

extension InteropPeers {
    /// Runs a Python check client (one JSON line per check: name, status, detail) to its end
    /// and asserts it exited 0 with exactly `expected` checks, each reported once and passed.
    static func runCheckClient(_ python: URL, script name: String, arguments: [String], expected: Set<String>,
                               timeout: Duration = .seconds(90), sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let script = try InteropPeers.script(name)
        let client = try PeerChild(python, [script] + arguments)
        defer { client.terminate() }
        let exit = await client.waitForExit(timeout: timeout)
        let status = try #require(exit, "\(name) did not finish within \(timeout); stdout: \(client.stdout.text)", sourceLocation: sourceLocation)
        let output = client.stdout.text
        #expect(status == 0, "\(name) exited \(status)\nstdout:\n\(output)\nstderr:\n\(client.stderr.text)", sourceLocation: sourceLocation)
        var seen: [String: String] = [:]
        for line in output.split(separator: "\n") where !line.isEmpty {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                                      "not a JSON object line: \(line)", sourceLocation: sourceLocation)
            let check = try #require(object["name"] as? String, "line without a name: \(line)", sourceLocation: sourceLocation)
            let verdict = try #require(object["status"] as? String, "line without a status: \(line)", sourceLocation: sourceLocation)
            #expect(seen[check] == nil, "\(check) reported twice", sourceLocation: sourceLocation)
            seen[check] = verdict
            #expect(verdict == "pass", "\(check) failed: \(object["detail"] as? String ?? "")", sourceLocation: sourceLocation)
        }
        #expect(Set(seen.keys) == expected, "reported: \(seen.keys.sorted())", sourceLocation: sourceLocation)
    }
}
