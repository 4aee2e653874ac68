import BridgeTestSupport
import Foundation
import Synchronization
import Testing
@testable import BridgeIO

/// Answers each complete 4-byte message with itself and keeps partial ones unconsumed (like a
/// frame decoder waiting for the rest); remembers why its connection closed.
final class FourByteEcho: ConnectionHandler, @unchecked Sendable {
    let closedWith = Locked<String?>(nil)
    let busy: Bool

    init(busy: Bool = false) { self.busy = busy }

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        let whole = bytes.count - bytes.count % 4
        connection.write(Array(bytes[0..<whole]))
        return whole
    }

    func connectionIdleSince(_ connection: Connection) -> UInt64? { busy ? nil : connection.lastTrafficNanos }

    func connectionClosed(_ connection: Connection, error: IOError?) {
        closedWith.withLock { $0 = error?.description ?? "clean" }
    }
}

@Suite("Connection limits: count, idle and stall timeouts")
struct ConnectionLimitTests {
    static func limits(idle: Duration? = nil, stall: Duration? = nil, maxConnections: Int = 100) -> ConnectionLimits {
        ConnectionLimits(maxConnections: maxConnections, idleTimeout: idle, stallTimeout: stall)
    }

    @Test("past maxConnections new connections are closed at once; a freed slot is reused")
    func maxConnections() async throws {
        let (group, listener) = try ConnectionTests.server("127.0.0.1:0", limits: Self.limits(maxConnections: 2)) { FourByteEcho() }
        defer { listener.close(); group.shutdown() }
        let address = listener.address
        try await onDedicatedThread {
            let first = try BlockingSocket(connectingTo: address)
            let second = try BlockingSocket(connectingTo: address)
            for client in [first, second] {
                try client.send([1, 2, 3, 4])
                #expect(try client.receive(exactly: 4) == [1, 2, 3, 4])
            }
            let third = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
            #expect(third.peerClosed(), "the third connection is closed without being served")
            first.close()
            let deadline = ContinuousClock.now + .seconds(10)
            while listener.openCount.load(ordering: .relaxed) != 1 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
            #expect(listener.openCount.load(ordering: .relaxed) == 1, "the closed connection freed its slot")
            let again = try BlockingSocket(connectingTo: address)
            try again.send([5, 6, 7, 8])
            #expect(try again.receive(exactly: 4) == [5, 6, 7, 8])
            try second.send([4, 3, 2, 1])
            #expect(try second.receive(exactly: 4) == [4, 3, 2, 1], "the second connection is still served")
        }
        #expect(listener.overLimitCount.load(ordering: .relaxed) == 1)
    }

    @Test("a peer that starts a message and stalls is cut off; a steady peer is not")
    func stalledInput() async throws {
        let stalled = FourByteEcho()
        let handlers = Locked<[FourByteEcho]>([stalled, FourByteEcho()])
        let (group, listener) = try ConnectionTests.server("127.0.0.1:0", threads: 1, limits: Self.limits(stall: .seconds(1))) {
            handlers.withLock { $0.removeFirst() }
        }
        defer { listener.close(); group.shutdown() }
        let address = listener.address
        try await onDedicatedThread {
            let slow = try BlockingSocket(connectingTo: address, timeout: .seconds(10))
            try slow.send([1, 2])  // half a message, then nothing
            let steady = try BlockingSocket(connectingTo: address)
            let started = ContinuousClock.now
            // The steady peer keeps finishing messages for 2.5 s, past the 1 s stall limit.
            while ContinuousClock.now - started < .milliseconds(2500) {
                try steady.send([9, 9, 9, 9])
                #expect(try steady.receive(exactly: 4) == [9, 9, 9, 9])
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(slow.peerClosed())
        }
        #expect(stalled.closedWith.withLock { $0 }?.contains("sent no more of it") == true)
    }

    @Test("a peer that reads none of our output is cut off after the stall timeout")
    func stalledOutput() async throws {
        let echo = AmplifyingEcho(factor: 64)
        let closed = Locked<String?>(nil)
        final class Recording: ConnectionHandler, @unchecked Sendable {
            let inner: AmplifyingEcho
            let closed: @Sendable (String) -> Void
            init(_ inner: AmplifyingEcho, closed: @escaping @Sendable (String) -> Void) {
                self.inner = inner
                self.closed = closed
            }
            func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int { inner.connectionRead(connection, bytes) }
            func connectionClosed(_ connection: Connection, error: IOError?) { closed(error?.description ?? "clean") }
        }
        let (group, listener) = try ConnectionTests.server("127.0.0.1:0", threads: 1, limits: Self.limits(stall: .seconds(1))) {
            Recording(echo) { reason in closed.withLock { $0 = reason } }
        }
        defer { listener.close(); group.shutdown() }
        let address = listener.address
        let cutOff = try await onDedicatedThread { () throws -> Bool in
            let client = try BlockingSocket(connectingTo: address, timeout: .milliseconds(200))
            defer { client.close() }
            // 32 MiB of answers (more than loopback's socket buffers absorb) for a peer that never reads.
            for _ in 0..<8 { try? client.send([UInt8](repeating: 1, count: 64 * 1024)) }
            let deadline = ContinuousClock.now + .seconds(10)
            while closed.withLock({ $0 }) == nil && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.01) }
            return closed.withLock { $0 } != nil
        }
        #expect(cutOff)
        #expect(closed.withLock { $0 }?.contains("read none of our queued output") == true)
    }

    @Test("idle connections are closed after the idle timeout, busy ones are kept")
    func idleTimeout() async throws {
        let idle = FourByteEcho()
        let busy = FourByteEcho(busy: true)
        let handlers = Locked<[FourByteEcho]>([idle, busy])
        let (group, listener) = try ConnectionTests.server("127.0.0.1:0", threads: 1, limits: Self.limits(idle: .seconds(1))) {
            handlers.withLock { $0.removeFirst() }
        }
        defer { listener.close(); group.shutdown() }
        let address = listener.address
        try await onDedicatedThread {
            let first = try BlockingSocket(connectingTo: address, timeout: .seconds(10))
            #expect(echoesOnce(first))
            let second = try BlockingSocket(connectingTo: address, timeout: .seconds(10))
            #expect(echoesOnce(second))
            #expect(first.peerClosed(), "idle for a second: closed")
            Thread.sleep(forTimeInterval: 1.5)
            try second.send([1, 2, 3, 4])
            #expect(try second.receive(exactly: 4) == [1, 2, 3, 4], "a connection with work in flight is not idle")
            #expect(busy.closedWith.withLock { $0 } == nil)
        }
        #expect(idle.closedWith.withLock { $0 } == "clean")
    }

    @Test("the watchdog's decision, case by case")
    func verdicts() {
        let second: UInt64 = 1_000_000_000
        let limits = Self.limits(idle: .seconds(10), stall: .seconds(2))
        func verdict(_ activity: ConnectionActivity, now: UInt64, idle: Bool = true, stalledSince: UInt64? = nil) -> ConnectionWatchdog.Verdict {
            ConnectionWatchdog.verdict(for: activity, limits: limits, now: now, idleSince: { idle ? activity.lastTraffic : nil },
                                       stalledSince: { stalledSince })
        }
        let quiet = ConnectionActivity(lastTraffic: 100 * second)
        #expect(verdict(quiet, now: 105 * second) == .healthy)
        #expect(verdict(quiet, now: 110 * second) == .idle)
        #expect(verdict(quiet, now: 110 * second, idle: false) == .healthy, "work in flight")
        #expect(verdict(ConnectionActivity(lastTraffic: 100 * second, partialInputSince: 100 * second), now: 101 * second) == .healthy)
        #expect(verdict(ConnectionActivity(lastTraffic: 100 * second, partialInputSince: 100 * second), now: 102 * second)
                == .stalledInput(seconds: 2))
        #expect(verdict(ConnectionActivity(lastTraffic: 100 * second, pendingOutputSince: 99 * second), now: 101 * second)
                == .stalledOutput(seconds: 2))
        #expect(verdict(quiet, now: 103 * second, stalledSince: 100 * second) == .stalledByPeer(seconds: 2))
        let never = ConnectionLimits(idleTimeout: nil, stallTimeout: nil)
        #expect(ConnectionWatchdog.verdict(for: ConnectionActivity(lastTraffic: 0, partialInputSince: 1, pendingOutputSince: 1),
                                           limits: never, now: 1_000 * second, idleSince: { 0 }, stalledSince: { 1 }) == .healthy)
    }
}

/// Waits until the server has adopted the connection (an echo of one message comes back).
private func echoesOnce(_ socket: BlockingSocket) -> Bool {
    (try? socket.send([0, 0, 0, 0])) != nil && (try? socket.receive(exactly: 4)) == [0, 0, 0, 0]
}
