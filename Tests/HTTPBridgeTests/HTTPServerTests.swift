import BridgeTestSupport
import Foundation
import Testing
import IPCBridge

/// Answers every request with its own path.
struct PathEcho: HTTPRequestHandler {
    func handle(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder) {
        responder.respond(HTTPResponse(status: 200, body: Array(request.head.path.utf8)))
    }
}

@Suite("HTTPServer connection handling")
struct HTTPServerTests {
    static func server(headerTimeout: Duration = .seconds(10)) throws -> (EventLoopGroup, HTTPServer) {
        let group = try EventLoopGroup(threads: 1)
        var configuration = HTTPServerConfiguration.defaults
        configuration.headerTimeout = headerTimeout
        let server = try HTTPServer(address: .ipv4(host: "127.0.0.1", port: 0), group: group, handler: PathEcho(), configuration: configuration)
        return (group, server)
    }

    /// Everything the server sends until it closes (or the timeout).
    static func readAll(_ socket: BlockingSocket) -> String {
        var bytes: [UInt8] = []
        while let chunk = try? socket.receive(exactly: 1) { bytes += chunk }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test("a slow client (slowloris) gets 408 and is cut off, while others are served")
    func slowloris() async throws {
        let (group, server) = try Self.server(headerTimeout: .milliseconds(300))
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let slowTask = Task {
            try await onDedicatedThread { () throws -> String in
                let slow = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
                try slow.send(Array("GET /slow HTTP/1.1\r\nHost: x\r\nX-Dribble: ".utf8))
                return Self.readAll(slow)
            }
        }
        // Meanwhile a normal client is served at once.
        let fast = try await onDedicatedThread { () throws -> String in
            let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
            try socket.send(Array("GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            return Self.readAll(socket)
        }
        #expect(fast.hasPrefix("HTTP/1.1 200"))
        #expect(fast.hasSuffix("/fast"))
        let slowAnswer = try await slowTask.value
        // Only the header timer sends 408; without it the socket's 5 s read timeout ends with nothing.
        #expect(slowAnswer.hasPrefix("HTTP/1.1 408"), "got: \(slowAnswer)")
    }

    @Test("HTTP/1.0 closes after the answer; HTTP/1.1 keeps the connection for the next request")
    func closeSemantics() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let old = try await onDedicatedThread { () throws -> String in
            let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
            try socket.send(Array("GET /a HTTP/1.0\r\n\r\n".utf8))
            return Self.readAll(socket)
        }
        #expect(old.contains("HTTP/1.1 200") && old.hasSuffix("/a"))
        let twoOnOne = try await onDedicatedThread { () throws -> String in
            let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
            try socket.send(Array("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            return Self.readAll(socket)
        }
        #expect(twoOnOne.components(separatedBy: "HTTP/1.1 200").count == 3)
        #expect(twoOnOne.range(of: "/one")!.lowerBound < twoOnOne.range(of: "/two")!.lowerBound)
    }

    @Test("a request line over the limit is 414, a header block over it 431, both then closed")
    func limits() async throws {
        let (group, server) = try Self.server()
        defer { server.shutdown(grace: .milliseconds(100)); group.shutdown() }
        let address = server.address
        let longLine = try await onDedicatedThread { () throws -> String in
            let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
            try socket.send(Array("GET /\(String(repeating: "a", count: 10_000)) HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            return Self.readAll(socket)
        }
        #expect(longLine.hasPrefix("HTTP/1.1 414"))
        let bigHeaders = try await onDedicatedThread { () throws -> String in
            let socket = try BlockingSocket(connectingTo: address, timeout: .seconds(5))
            let headers = (0..<200).map { "X-H\($0): v\r\n" }.joined()
            try socket.send(Array("GET / HTTP/1.1\r\nHost: x\r\n\(headers)\r\n".utf8))
            return Self.readAll(socket)
        }
        #expect(bigHeaders.hasPrefix("HTTP/1.1 431"))
    }
}
