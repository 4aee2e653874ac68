import Foundation
import IPCBridge
import Synchronization
import Testing
import ValidationService

// Cross-language interop over the framed TCP transport (CONTRACT.md sections 1 and 3):
// a Python asyncio client against our ServerHost, and our TCPBridge against a Python
// asyncio server. Both Python peers live in ./python and use the standard library only.
//
// Without python3 on PATH these tests print `SKIPPED (python3 not found): ...` to stderr and
// return; with IPCBRIDGE_REQUIRE_PEERS=1 (as CI sets) they record an issue instead, so a
// missing interpreter can never pass silently there.

@Suite("Python framed-TCP peers", .serialized, .timeLimit(.minutes(2)))
struct PythonPeerTests {
    /// The checks framed_client.py runs, by the names it prints.
    private static let clientChecks: Set<String> = [
        "ping", "validation_pass", "validation_fail", "pipelined_20",
        "watch_3", "unknown_type", "invalid_json", "timestamp_string",
    ]

    private static let callOptions = CallOptions.timeout(.seconds(10))

    // MARK: Python client -> our server

    @Test("framed_client.py passes every check against ServerHost over TCP")
    func pythonClientAgainstServerHostTCP() async throws {
        guard let python = await InteropPeers.python3(importing: [], for: "pythonClientAgainstServerHostTCP") else { return }
        let host = try ServerHost(configuration: .init(tcp: "127.0.0.1:0"))
        defer { host.shutdown() }
        let address = try #require(host.tcpAddress)
        let port = try #require(address.port)
        try await Self.runClient(python: python, arguments: ["127.0.0.1", String(port)])
    }

    @Test("framed_client.py passes every check against ServerHost over a Unix socket")
    func pythonClientAgainstServerHostUnix() async throws {
        guard let python = await InteropPeers.python3(importing: [], for: "pythonClientAgainstServerHostUnix") else { return }
        let path = "/tmp/ipcbridge-interop-\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).sock"
        try? FileManager.default.removeItem(atPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let host = try ServerHost(configuration: .init(tcp: "unix:\(path)"))
        defer { host.shutdown() }
        let address = try #require(host.tcpAddress)
        #expect(address.description == "unix:\(path)")
        try await Self.runClient(python: python, arguments: ["unix:\(path)"])
    }

    /// Runs framed_client.py, expects exit 0 and exactly the known checks, each `pass`.
    private static func runClient(python: URL, arguments: [String]) async throws {
        let script = try InteropPeers.script("framed_client.py")
        let client = try PeerChild(python, [script] + arguments)
        defer { client.terminate() }
        let exit = await client.waitForExit(timeout: .seconds(60))
        let status = try #require(exit, "framed_client.py did not finish within 60 s; stdout: \(client.stdout.text)")
        let output = client.stdout.text
        #expect(status == 0, "framed_client.py exited \(status)\nstdout:\n\(output)\nstderr:\n\(client.stderr.text)")

        var seen: [String: String] = [:]
        for line in output.split(separator: "\n") where !line.isEmpty {
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                "not a JSON object line: \(line)")
            let name = try #require(object["name"] as? String, "check line without a name: \(line)")
            let verdict = try #require(object["status"] as? String, "check line without a status: \(line)")
            #expect(seen[name] == nil, "check \(name) reported twice")
            seen[name] = verdict
            #expect(verdict == "pass", "check \(name) failed: \(object["detail"] as? String ?? "")")
        }
        #expect(Set(seen.keys) == clientChecks, "checks reported: \(seen.keys.sorted())")
    }

    // MARK: Our TCPBridge -> Python server

    @Test("TCPBridge: PING, passing and failing validation, unknown type against framed_server.py")
    func bridgeAgainstPythonServerUnary() async throws {
        guard let python = await InteropPeers.python3(importing: [], for: "bridgeAgainstPythonServerUnary") else { return }
        let (server, target) = try await Self.startPythonServer(python: python)
        defer { server.terminate() }
        let bridge = try TCPBridge(target: target)
        defer { bridge.close() }

        let ping = BridgeMessage.request(MessageType.ping)
        let pong = try await bridge.call(ping, options: Self.callOptions)
        #expect(pong.type == MessageType.pong)
        #expect(pong.requestID == ping.messageID)
        #expect(!pong.messageID.isEmpty && pong.messageID != ping.messageID)

        let good = BridgeMessage.request(MessageType.validationRequest, attributes: [
            "board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto",
        ])
        let passed = try await bridge.call(good, options: Self.callOptions)
        #expect(passed.type == MessageType.validationResponse)
        #expect(passed.requestID == good.messageID)
        #expect(passed.attributes["result"]?.stringValue == "PASS")
        #expect(passed.attributes["violations"]?.arrayValue == [])

        let bad = BridgeMessage.request(MessageType.validationRequest, attributes: [
            "board_id": "board-7", "voltage": 60, "current": 3, "mode": "auto",
        ])
        let failed = try await bridge.call(bad, options: Self.callOptions)
        #expect(failed.type == MessageType.validationResponse)
        #expect(failed.requestID == bad.messageID)
        #expect(failed.attributes["result"]?.stringValue == "FAIL")
        let violations = try #require(failed.attributes["violations"]?.arrayValue)
        #expect(violations.count == 1)
        let violation = try #require(violations.first)
        #expect(violation["field"]?.stringValue == "voltage")
        #expect(violation["rule"]?.stringValue == "max")

        do {
            let answer = try await bridge.call(.request("NO_SUCH_TYPE"), options: Self.callOptions)
            Issue.record("an unknown type should throw, got \(answer.type)")
        } catch {
            #expect(error.code == .unimplemented, "got \(error)")
            #expect(error.code.name == "UNIMPLEMENTED")
        }
    }

    @Test("TCPBridge: 50 concurrent calls with random delay_ms come back out of order, each matched")
    func bridgeAgainstPythonServerConcurrent() async throws {
        guard let python = await InteropPeers.python3(importing: [], for: "bridgeAgainstPythonServerConcurrent") else { return }
        let (server, target) = try await Self.startPythonServer(python: python)
        defer { server.terminate() }
        let bridge = try TCPBridge(target: target)
        defer { bridge.close() }

        let count = 50
        let options = Self.callOptions
        let completions = try await withThrowingTaskGroup(
            of: (index: Int, request: BridgeMessage, answer: BridgeMessage).self
        ) { group in
            for index in 0..<count {
                let request = BridgeMessage.request(MessageType.echo, attributes: [
                    "index": .number(Double(index)),
                    "delay_ms": .number(Double(Int.random(in: 0...30))),
                ])
                group.addTask {
                    (index, request, try await bridge.call(request, options: options))
                }
            }
            var finished: [(index: Int, request: BridgeMessage, answer: BridgeMessage)] = []
            for try await completion in group { finished.append(completion) }
            return finished
        }

        #expect(completions.count == count)
        for completion in completions {
            #expect(completion.answer.requestID == completion.request.messageID, "call \(completion.index)")
            #expect(completion.answer.type == MessageType.echo, "call \(completion.index)")
            #expect(completion.answer.attributes["index"]?.intValue == completion.index, "call \(completion.index)")
        }
        #expect(Set(completions.map(\.index)) == Set(0..<count))
        // Random delays on a server that answers each frame in its own task: answers must not
        // have come back in the order the calls were made.
        #expect(completions.map(\.index) != Array(0..<count), "answers arrived strictly in order")
    }

    @Test("TCPBridge: a WATCH stream of 3 events from framed_server.py")
    func bridgeAgainstPythonServerWatch() async throws {
        guard let python = await InteropPeers.python3(importing: [], for: "bridgeAgainstPythonServerWatch") else { return }
        let (server, target) = try await Self.startPythonServer(python: python)
        defer { server.terminate() }
        let bridge = try TCPBridge(target: target)
        defer { bridge.close() }

        let request = BridgeMessage.request(MessageType.watch, attributes: ["event_count": 3])
        var seqs: [Int] = []
        for try await event in bridge.watch(request, options: Self.callOptions) {
            #expect(event.type == MessageType.event)
            #expect(event.requestID == request.messageID)
            seqs.append(try #require(event.attributes["seq"]?.intValue, "event without seq: \(event)"))
        }
        #expect(seqs == [0, 1, 2])
    }

    @Test("TCPBridge: subscribe(to: EVENT) receives the 3 events framed_server.py pushes")
    func bridgeAgainstPythonServerSubscription() async throws {
        guard let python = await InteropPeers.python3(importing: [], for: "bridgeAgainstPythonServerSubscription") else { return }
        let (server, target) = try await Self.startPythonServer(python: python, extra: ["--push-events", "3"])
        defer { server.terminate() }
        let bridge = try TCPBridge(target: target)
        defer { bridge.close() }

        let inbox = Inbox()
        let subscription = bridge.subscribe(to: MessageType.event) { inbox.append($0) }
        defer { subscription.cancel() }

        let ping = BridgeMessage.request(MessageType.ping)
        let pong = try await bridge.call(ping, options: Self.callOptions)
        #expect(pong.type == MessageType.pong)
        #expect(pong.requestID == ping.messageID)

        let deadline = ContinuousClock.now + .seconds(5)
        while inbox.count < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let events = inbox.messages
        #expect(events.count == 3, "pushed events received: \(events)")
        #expect(events.allSatisfy { $0.type == MessageType.event && $0.requestID.isEmpty })
        #expect(events.compactMap { $0.attributes["pushed"]?.intValue }.sorted() == [0, 1, 2])
    }

    /// Starts framed_server.py on a free port and returns it with its `127.0.0.1:PORT` target.
    private static func startPythonServer(python: URL, extra: [String] = []) async throws -> (PeerChild, String) {
        let script = try InteropPeers.script("framed_server.py")
        let server = try PeerChild(python, [script, "--port", "0"] + extra)
        let line = await server.waitForLine(prefix: "listening ", timeout: .seconds(10))
        guard let line else {
            server.terminate()
            Issue.record("framed_server.py printed no listening line in 10 s; stderr: \(server.stderr.text)")
            throw PeerError.notReady
        }
        guard let port = Int(line.dropFirst("listening ".count)), (1...65535).contains(port) else {
            server.terminate()
            Issue.record("unexpected ready line from framed_server.py: \(line)")
            throw PeerError.notReady
        }
        return (server, "127.0.0.1:\(port)")
    }
}

// MARK: - Helpers

private enum PeerError: Error {
    case notReady
}

/// Pushed messages collected by a subscription handler (which runs on the callback pool).
private final class Inbox: Sendable {
    private let storage = Locked<[BridgeMessage]>([])

    func append(_ message: BridgeMessage) { storage.withLock { $0.append(message) } }
    var count: Int { storage.withLock { $0.count } }
    var messages: [BridgeMessage] { storage.withLock { $0 } }
}
