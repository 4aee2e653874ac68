import BridgeTestSupport
import BridgeCore
import BridgeIO
import Testing
@testable import GRPC

/// Reads everything and answers nothing: a peer that has silently died.
final class SilentPeer: ConnectionHandler, @unchecked Sendable {
    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int { bytes.count }
    func connectionClosed(_ connection: Connection, error: IOError?) {}
}

@Suite("gRPC keepalive")
struct GRPCKeepaliveTests {
    @Test("the pure state: a PING once per interval, the next only after the ACK, close when the ACK is late")
    func state() {
        let start = ContinuousClock.now
        var state = KeepaliveState(policy: GRPCKeepalive(interval: .seconds(10), timeout: .seconds(2)), now: start)
        #expect(state.tick(now: start + .seconds(2)) == .nothing, "the first PING is due an interval after the start")
        #expect(state.tick(now: start + .seconds(10)) == .sendPing(1))
        #expect(state.tick(now: start + .seconds(11)) == .nothing, "still waiting for the ACK")
        state.acknowledged(99)
        #expect(state.tick(now: start + .milliseconds(11_500)) == .nothing, "a stray ACK does not count")
        state.acknowledged(1)
        #expect(state.acknowledgedCount == 1)
        #expect(state.tick(now: start + .seconds(12)) == .nothing, "acknowledged: the next PING waits for the interval")
        #expect(state.tick(now: start + .seconds(18)) == .nothing)
        #expect(state.tick(now: start + .seconds(20)) == .sendPing(2))
        #expect(state.tick(now: start + .seconds(22)) == .closeConnection)
    }

    @Test("against our server, PINGs are acknowledged while the connection idles")
    func acknowledged() async throws {
        let (group, server) = try GRPCServerTests.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let client = GRPCClient(address: server.address, keepalive: GRPCKeepalive(interval: .milliseconds(50), timeout: .seconds(5)))
        defer { client.close() }
        let result: Result<[UInt8], GRPCStatus> = await withCheckedContinuation { continuation in
            _ = client.unary(path: "/test.Echo/Echo", request: [1]) { continuation.resume(returning: $0) }
        }
        #expect(try result.get() == [1])
        #expect(await eventually(seconds: 10) { await client.pingsAcknowledged() >= 3 }, "three keepalive PINGs acknowledged")
    }

    @Test("a peer that stops answering is detected and its calls fail UNAVAILABLE instead of hanging")
    func deadPeer() async throws {
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let listener = try Listener(address: .ipv4(host: "127.0.0.1", port: 0), group: group) { SilentPeer() }
        defer { listener.close() }
        let client = GRPCClient(address: listener.address, keepalive: GRPCKeepalive(interval: .milliseconds(50), timeout: .milliseconds(200)))
        defer { client.close() }
        let start = ContinuousClock.now
        let result: Result<[UInt8], GRPCStatus> = await withCheckedContinuation { continuation in
            _ = client.unary(path: "/test.Echo/Echo", request: [1]) { continuation.resume(returning: $0) }
        }
        guard case .failure(let status) = result else {
            Issue.record("a silent peer cannot answer")
            return
        }
        #expect(status.code == .unavailable)
        // Alone this takes ~0.25 s (50 ms interval + 200 ms timeout); the bound only has to tell
        // "detected" from "hung", with room for a ThreadSanitizer run sharing two cores with
        // other suites (5.26 s once, against an earlier bound of 5 s).
        #expect(ContinuousClock.now - start < .seconds(20))
    }
}
