import BridgeTestSupport
import Testing
import IPCBridge

/// The README's Swift example, compiled and run against an in-process server. Keep the body in
/// step with README.md (only the target differs: the test server's free port).
@Suite("README example")
struct ReadmeExampleTests {
    @Test("the three calling styles as the README shows them")
    func readme() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let target = server.target

        let bridge = try TCPBridge(target: target)   // or "unix:/tmp/bridge.sock"
        defer { bridge.close() }
        let request = BridgeMessage.request("VALIDATION_REQUEST",
            attributes: ["board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"])

        // 1. Blocking: parks the calling thread until the answer arrives.
        let reply = try await onDedicatedThread { try bridge.callBlocking(request) }
        print(reply.attributes["result"]?.stringValue ?? "none")    // PASS
        #expect(reply.attributes["result"] == "PASS")

        // 2. async/await, with a timeout; an ERROR answer is thrown as a BridgeError.
        let pong = try await bridge.call(.request("PING"), options: .timeout(.seconds(2)))
        print(pong.type)                                            // "PONG"
        #expect(pong.type == "PONG")

        // 3. Callbacks: a completion handler (run on the callback pool, never an I/O thread)...
        let handle = bridge.call(request) { result in
            switch result {
            case .success(let answer): print("validated:", answer.attributes["result"] ?? "")
            case .failure(let error): print("failed:", error)
            }
        }
        #expect(try await handle.value().attributes["result"] == "PASS")

        // ...a stream of answers to one request...
        var events = 0
        for try await event in bridge.watch(.request("WATCH", attributes: ["event_count": 3])) {
            print("event", event.attributes["seq"] ?? "")
            events += 1
        }
        #expect(events == 3)

        // ...and a subscription to messages the server pushes.
        let subscription = bridge.subscribe(to: "EVENT") { event in print("pushed:", event.type) }
        subscription.cancel()
        #expect(subscription.isCancelled)
    }
}
