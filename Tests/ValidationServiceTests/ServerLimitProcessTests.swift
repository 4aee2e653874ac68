import BridgeTestSupport
import Foundation
import Testing
import IPCBridge

/// bridge-server's access and connection-limit flags, on the real executable.
@Suite("bridge-server limits and access flags", .serialized)
struct ServerLimitProcessTests {
    typealias Server = BridgeServerProcessTests.Server

    static func unixPath(_ name: String) -> String { "/tmp/ipcbridge-\(name)-\(UInt32.random(in: 0...UInt32.max)).sock" }

    @Test("--allowed-uid: on every transport's Unix socket, a process of another user is refused and the owner is served")
    func allowedUID() async throws {
        let me = getuid()
        for (allowed, served) in [(me &+ 4242, false), (me, true)] {
            let paths = (tcp: Self.unixPath("tcp"), http: Self.unixPath("http"), grpc: Self.unixPath("grpc"))
            let server = try Server(["--tcp", "unix:\(paths.tcp)", "--http", "unix:\(paths.http)", "--grpc", "unix:\(paths.grpc)",
                                     "--allowed-uid", "\(allowed)"])
            _ = try await onDedicatedThread { server.readLine() }
            for path in [paths.tcp, paths.http, paths.grpc] {
                var mode = stat()
                #expect(stat(path, &mode) == 0 && mode.st_mode & 0o777 == 0o600, "\(path) is mode 0600")
                let refused = try await onDedicatedThread { () throws -> Bool in
                    let socket = try BlockingSocket(connectingTo: .unix(path: path), timeout: .seconds(2))
                    return socket.peerClosed()
                }
                #expect(refused == !served, "\(path): allowed uid \(allowed), we are \(me)")
            }
            if served {
                let bridge = try TCPBridge(target: "unix:\(paths.tcp)")
                #expect(try await bridge.call(.request("PING")).type == "PONG")
                bridge.close()
            }
            kill(server.process.processIdentifier, SIGTERM)
            #expect(try await onDedicatedThread { server.waitForExit() } == 0)
        }
    }

    @Test("--max-connections N: connection N+1 is closed at once, the first N are served")
    func maxConnections() async throws {
        let server = try Server(["--tcp", "127.0.0.1:0", "--max-connections", "2"])
        _ = try await onDedicatedThread { server.readLine() }
        let target = try SocketAddress(parsing: server.target)
        let outcome = try await onDedicatedThread { () throws -> (served: Int, refused: Bool) in
            let first = try BlockingSocket(connectingTo: target)
            let second = try BlockingSocket(connectingTo: target)
            var served = 0
            for socket in [first, second] {
                try socket.send(Frame.encode(.request("PING")))
                if let header = try socket.receive(exactly: 4), header.count == 4 { served += 1 }
            }
            let third = try BlockingSocket(connectingTo: target, timeout: .seconds(5))
            return (served, third.peerClosed())
        }
        #expect(outcome.served == 2)
        #expect(outcome.refused)
        kill(server.process.processIdentifier, SIGTERM)
        #expect(try await onDedicatedThread { server.waitForExit() } == 0)
    }

    @Test("--idle-timeout and --stall-timeout close quiet, half-sent and slow-body connections")
    func timeouts() async throws {
        let server = try Server(["--tcp", "127.0.0.1:0", "--http", "127.0.0.1:0", "--idle-timeout", "1", "--stall-timeout", "1"])
        let line = try await onDedicatedThread { server.readLine() }
        let target = try SocketAddress(parsing: server.target)
        let http = try SocketAddress(parsing: String(line.split(separator: " ").first { $0.hasPrefix("http=") }?.dropFirst(5) ?? ""))
        let closed = try await onDedicatedThread { () throws -> (idle: Bool, stalled: Bool, slowBody: Bool, elapsed: Duration) in
            let started = ContinuousClock.now
            let idle = try BlockingSocket(connectingTo: target, timeout: .seconds(6))
            let stalled = try BlockingSocket(connectingTo: target, timeout: .seconds(6))
            try stalled.send([0, 0, 0, 40, UInt8(ascii: "{")])  // a 40-byte frame, 1 byte of it sent
            let slowBody = try BlockingSocket(connectingTo: http, timeout: .seconds(6))
            try slowBody.send(Array("POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{".utf8))
            return (idle.peerClosed(), stalled.peerClosed(), slowBody.peerClosed(), ContinuousClock.now - started)
        }
        #expect(closed.idle && closed.stalled && closed.slowBody)
        #expect(closed.elapsed < .seconds(6))
        kill(server.process.processIdentifier, SIGTERM)
        #expect(try await onDedicatedThread { server.waitForExit() } == 0)
    }

    @Test("limit flags reject nonsense with one clear line", arguments: [
        (["--tcp", "127.0.0.1:0", "--max-connections", "0"], "--max-connections"),
        (["--tcp", "127.0.0.1:0", "--idle-timeout", "soon"], "--idle-timeout"),
        (["--grpc", "127.0.0.1:0", "--max-resets-per-second", "-1"], "--max-resets-per-second"),
    ])
    func badLimitFlags(arguments: [String], expected: String) async throws {
        let server = try Server(arguments)
        let status = try await onDedicatedThread { server.waitForExit() }
        let stderr = server.errors.fileHandleForReading.readAllText()
        #expect(status != 0 && status != nil)
        #expect(stderr.contains(expected), "stderr was: \(stderr)")
    }
}
