import BridgeTestSupport
import Dispatch
import Synchronization
import Testing
@testable import BridgeIO

/// Answers inside its read callback, then holds the callback open until the test says the peer
/// has the answer (or `hold` passes): the answer can only arrive in time if it left mid-read.
final class HoldingAnswerer: ConnectionHandler, @unchecked Sendable {
    let writesEarly: Bool
    let hold: Duration
    let peerHasAnswer = DispatchSemaphore(value: 0)
    let arrivedDuringRead = Atomic<Bool>(false)

    init(writesEarly: Bool, hold: Duration) {
        self.writesEarly = writesEarly
        self.hold = hold
    }

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        connection.write([7, 7, 7, 7])
        if writesEarly { connection.writeEarly() }
        let arrived = peerHasAnswer.wait(timeout: .now() + .milliseconds(Int(hold.components.seconds) * 1000)) == .success
        arrivedDuringRead.store(arrived, ordering: .sequentiallyConsistent)
        return bytes.count
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {}
}

@Suite("Connection.writeEarly")
struct WriteEarlyTests {
    /// Sends one byte to a server running `handler`, waits for the 4-byte answer, then tells the
    /// handler the peer has it.
    static func exchange(with handler: HoldingAnswerer) async throws -> [UInt8]? {
        let (group, listener) = try ConnectionTests.server("127.0.0.1:0", threads: 1) { handler }
        defer { listener.close(); group.shutdown() }
        let address = listener.address
        return try await onDedicatedThread { () throws -> [UInt8]? in
            let client = try BlockingSocket(connectingTo: address, timeout: .seconds(10))
            defer { client.close() }
            try client.send([1])
            let answer = try client.receive(exactly: 4)
            handler.peerHasAnswer.signal()
            return answer
        }
    }

    @Test("output written early inside a read callback reaches the peer before the callback returns")
    func leavesMidRead() async throws {
        let handler = HoldingAnswerer(writesEarly: true, hold: TestTiming.bound(.seconds(5)))
        let answer = try await Self.exchange(with: handler)
        #expect(answer == [7, 7, 7, 7])
        let arrivedDuringRead = await eventually { handler.arrivedDuringRead.load(ordering: .sequentiallyConsistent) }
        #expect(arrivedDuringRead, "the answer reached the peer while the read callback was still running")
    }

    @Test("without it, output waits for the callback to return (what the early write is for)")
    func waitsWithout() async throws {
        let handler = HoldingAnswerer(writesEarly: false, hold: .seconds(1))
        let answer = try await Self.exchange(with: handler)
        #expect(answer == [7, 7, 7, 7], "the answer still arrives, after the callback")
        let arrivedDuringRead = handler.arrivedDuringRead.load(ordering: .sequentiallyConsistent)
        #expect(!arrivedDuringRead)
    }
}
