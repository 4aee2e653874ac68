import BridgeIO
import BridgeTestSupport
import Synchronization
import Testing
@testable import GRPC

/// Remembers every call it handles, weakly, and answers like a real unary handler (its
/// closures capture the call).
final class WeakCallRecorder: GRPCHandler, @unchecked Sendable {
    struct Weak { weak var call: GRPCServerCall? }
    let calls = Locked<[Weak]>([])

    func handle(_ call: GRPCServerCall) {
        calls.withLock { $0.append(Weak(call: call)) }
        call.onMessage = { message in call.send(message) }
        call.onEnd = { call.finish(.ok) }
        call.onCancel = { _ in call.finish(.ok) }
    }

    var alive: Int { calls.withLock { $0.filter { $0.call != nil }.count } }
}

@Suite("gRPC server memory")
struct GRPCServerMemoryTests {
    @Test("finished, cancelled and deadline-expired calls are released (the soak's 400-bytes-per-call leak)")
    func callsAreReleased() async throws {
        let group = try EventLoopGroup(threads: 1)
        let recorder = WeakCallRecorder()
        var router = GRPCRouter()
        router.register("/test.Weak/Echo", recorder)
        router.register("/test.Weak/Stall", StallHandler())
        let server = try GRPCServer(address: .ipv4(host: "127.0.0.1", port: 0), group: group, router: router)
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let client = GRPCClient(address: server.address)
        defer { client.close() }
        for index in 0..<50 {
            let result: Result<[UInt8], GRPCStatus> = await withCheckedContinuation { continuation in
                _ = client.unary(path: "/test.Weak/Echo", request: [UInt8(index)]) { continuation.resume(returning: $0) }
            }
            #expect((try? result.get()) == [UInt8(index)])
        }
        #expect(recorder.calls.withLock { $0.count } == 50)
        #expect(await eventually { recorder.alive == 0 }, "\(recorder.alive) of 50 finished calls are still alive")
    }
}
