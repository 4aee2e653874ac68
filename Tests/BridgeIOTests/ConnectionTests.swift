import BridgeTestSupport
import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import BridgeIO

/// Echoes every byte `factor` times, and remembers the most output it ever had queued.
final class AmplifyingEcho: ConnectionHandler, @unchecked Sendable {
    let factor: Int
    let consumed = Atomic<Int>(0)
    let maxBuffered = Atomic<Int>(0)

    init(factor: Int) { self.factor = factor }

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * factor)
        for _ in 0..<factor { output.append(contentsOf: bytes) }
        connection.write(output)
        consumed.add(bytes.count, ordering: .relaxed)
        let buffered = connection.bufferedOutputBytes
        if buffered > maxBuffered.load(ordering: .relaxed) { maxBuffered.store(buffered, ordering: .relaxed) }
        return bytes.count
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {}
}

@Suite("Connection and Listener")
struct ConnectionTests {
    static func server(_ address: String, threads: Int = 2, limits: ConnectionLimits = .defaults,
                       handler: @escaping @Sendable () -> any ConnectionHandler) throws -> (EventLoopGroup, Listener) {
        let group = try EventLoopGroup(threads: threads)
        let listener = try Listener(address: SocketAddress(parsing: address), group: group, limits: limits, makeHandler: handler)
        return (group, listener)
    }

    @Test("echo over TCP and a Unix socket, many clients spread over the loops",
          arguments: ["127.0.0.1:0", "[::1]:0", "unix:/tmp/ipcbridge-io-test-\(UInt32.random(in: 0...UInt32.max)).sock"])
    func echo(address: String) throws {
        let (group, listener) = try Self.server(address) { AmplifyingEcho(factor: 1) }
        defer { listener.close(); group.shutdown() }
        for index in 0..<20 {
            let client = try BlockingSocket(connectingTo: listener.address)
            let message = Array("hello \(index)".utf8)
            try client.send(message)
            #expect(try client.receive(exactly: message.count) == message)
        }
        #expect(listener.acceptedCount.load(ordering: .relaxed) == 20)
    }

    @Test("a peer that never reads cannot grow the server's output without bound")
    func backPressure() async throws {
        let echo = AmplifyingEcho(factor: 4)
        let limits = ConnectionLimits(writeHighWaterMark: 64 * 1024, writeLowWaterMark: 16 * 1024)
        let (group, listener) = try Self.server("127.0.0.1:0", threads: 1, limits: limits) { echo }
        defer { listener.close(); group.shutdown() }
        let address = listener.address
        // Keep sending without ever reading until the kernel buffers fill and send times out.
        let sent = try await onDedicatedThread { () throws -> Int in
            let client = try BlockingSocket(connectingTo: address, timeout: .milliseconds(300))
            let chunk = [UInt8](repeating: 7, count: 64 * 1024)
            var sent = 0
            while sent < 64 * 1024 * 1024 {
                do { try client.send(chunk) } catch { break }
                sent += chunk.count
            }
            return sent
        }
        try await Task.sleep(for: .milliseconds(100))
        let consumed = echo.consumed.load(ordering: .relaxed)
        // The server stopped reading: it consumed a bounded amount (what the kernel's socket
        // buffers absorbed), far less than a 64 MiB flood, and its queue stayed near the mark.
        #expect(sent < 64 * 1024 * 1024)
        #expect(consumed < 16 * 1024 * 1024)
        #expect(echo.maxBuffered.load(ordering: .relaxed) <= limits.writeHighWaterMark + 4 * 4 * 64 * 1024)
    }

    @Test("half-close: the server answers what it got, then closes")
    func halfClose() throws {
        let (group, listener) = try Self.server("127.0.0.1:0") { AmplifyingEcho(factor: 2) }
        defer { listener.close(); group.shutdown() }
        let client = try BlockingSocket(connectingTo: listener.address)
        try client.send(Array("bye".utf8))
        client.shutdownOutput()
        #expect(try client.receive(exactly: 6) == Array("byebye".utf8))
        #expect(client.peerClosed())
    }

    @Test("connecting to a closed port reports the error to the handler")
    func connectRefused() async throws {
        let loop = try EventLoop(name: "c")
        defer { loop.shutdown() }
        final class Recorder: ConnectionHandler, @unchecked Sendable {
            let closedWith = Locked<String?>(nil)
            func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int { bytes.count }
            func connectionClosed(_ connection: Connection, error: IOError?) {
                closedWith.withLock { $0 = error?.description ?? "clean" }
            }
        }
        let recorder = Recorder()
        loop.execute {
            do {
                _ = try Connection.connect(to: .ipv4(host: "127.0.0.1", port: 1), on: loop, handler: recorder)
            } catch {
                recorder.closedWith.withLock { $0 = "\(error)" }
            }
        }
        _ = await eventually { recorder.closedWith.withLock { $0 } != nil }
        #expect(recorder.closedWith.withLock { $0 }?.contains("refused") == true)
    }
}

@Suite("Unix socket access")
struct UnixSocketAccessTests {
    @Test("the socket file is created mode 0600, and only allowed user ids may connect")
    func peerCredentials() throws {
        let path = "/tmp/ipcbridge-uid-\(UInt32.random(in: 0...UInt32.max)).sock"
        let me = UInt32(getuid())
        for (allowed, admitted) in [(Set([me]), true), (Set([me &+ 4242]), false)] {
            let group = try EventLoopGroup(threads: 1)
            let listener = try Listener(address: .unix(path: path), group: group, limits: ConnectionLimits(allowedPeerUIDs: allowed)) {
                AmplifyingEcho(factor: 1)
            }
            var status = stat()
            #expect(stat(path, &status) == 0 && status.st_mode & 0o777 == 0o600)
            let client = try BlockingSocket(connectingTo: listener.address, timeout: .seconds(2))
            try? client.send(Array("hi".utf8))
            let answer = try? client.receive(exactly: 2)
            if admitted {
                #expect(answer == Array("hi".utf8))
                #expect(listener.refusedCount.load(ordering: .relaxed) == 0)
            } else {
                #expect(answer == nil, "a process of another user must be closed at once")
                #expect(listener.refusedCount.load(ordering: .relaxed) == 1)
            }
            listener.close()
            group.shutdown()
        }
    }
}
