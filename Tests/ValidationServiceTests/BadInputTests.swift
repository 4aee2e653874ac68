import BridgeTestSupport
import Foundation
import Testing
import IPCBridge

/// Hostile and broken peers (issue item 7): each gets the contract's answer, and a well-behaved
/// client keeps being served throughout.
@Suite("Bad input on the framed TCP server")
struct BadInputTests {
    /// A bystander on its own connection must still be answered.
    func bystanderServed(_ bridge: TCPBridge) async throws {
        let answer = try await bridge.call(.request("PING"), options: .timeout(.seconds(5)))
        #expect(answer.type == "PONG")
    }

    @Test("a frame that doesn't parse gets ERROR INVALID_ARGUMENT and the connection stays open")
    func unparsable() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let bystander = try fixture.bridge()
        defer { bystander.close() }
        let socket = try fixture.socket()
        for garbage in ["{", "null", "[1,2]", "{\"type\": 7}", "\u{FF}\u{FE}"] {
            try socket.send(Frame.wrap(Array(garbage.utf8)))
            let error = try #require(try socket.receiveMessage())
            #expect(error.type == "ERROR")
            #expect(error.attributes["error_code"] == "INVALID_ARGUMENT")
            #expect(error.requestID == "")
        }
        let ping = BridgeMessage.request("PING")
        try socket.sendMessage(ping)
        #expect(try socket.receiveMessage()?.requestID == ping.messageID)
        try await bystanderServed(bystander)
    }

    @Test("a zero-length frame gets ERROR INVALID_ARGUMENT")
    func zeroLength() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let socket = try fixture.socket()
        try socket.send([0, 0, 0, 0])
        let error = try #require(try socket.receiveMessage())
        #expect(error.attributes["error_code"] == "INVALID_ARGUMENT")
        try socket.sendMessage(.request("PING"))
        #expect(try socket.receiveMessage()?.type == "PONG")
    }

    @Test("an oversize length gets ERROR RESOURCE_EXHAUSTED and a close, before any body is read")
    func oversize() async throws {
        let fixture = try WireFixture(maxFrameBytes: 1000)
        defer { fixture.stop() }
        let bystander = try fixture.bridge()
        defer { bystander.close() }
        let socket = try fixture.socket()
        try socket.send([0, 0, 0x03, 0xE9])  // 1001
        let error = try #require(try socket.receiveMessage())
        #expect(error.attributes["error_code"] == "RESOURCE_EXHAUSTED")
        #expect(try socket.receiveMessage() == nil, "the server must close the connection")
        try await bystanderServed(bystander)
    }

    @Test("a frame dribbled one byte at a time is answered")
    func dribbled() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let socket = try fixture.socket()
        let request = BridgeMessage.request("VALIDATION_REQUEST", attributes: ["board_id": "b", "voltage": 1])
        for byte in Frame.encode(request) {
            try socket.send([byte])
            try await Task.sleep(for: .microseconds(200))
        }
        let answer = try #require(try socket.receiveMessage())
        #expect(answer.requestID == request.messageID)
        #expect(answer.attributes["result"] == "PASS")
    }

    @Test("a client that vanishes mid-frame costs the server nothing lasting")
    func vanishesMidFrame() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let bystander = try fixture.bridge()
        defer { bystander.close() }
        try await bystanderServed(bystander)
        for _ in 0..<20 {
            let socket = try fixture.socket()
            try socket.send([0, 0, 0x10, 0] + Array(repeating: UInt8(ascii: "x"), count: 100))  // 4096 promised, 100 sent
            socket.close()
        }
        let server = try #require(fixture.host.tcpServer)
        #expect(await eventually { server.activeConnections == 1 }, "abandoned connections must be closed")
        try await bystanderServed(bystander)
    }

    @Test("an unknown type gets ERROR UNIMPLEMENTED naming it")
    func unknownType() throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let socket = try fixture.socket()
        let request = BridgeMessage.request("FROBNICATE")
        try socket.sendMessage(request)
        let error = try #require(try socket.receiveMessage())
        #expect(error.attributes["error_code"] == "UNIMPLEMENTED")
        #expect(error.requestID == request.messageID)
        #expect(error.attributes["error_message"]?.stringValue?.contains("FROBNICATE") == true)
    }

    @Test("500 concurrent connections are all served")
    func manyConnections() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        // Raw blocking sockets: kept off the threads Swift concurrency shares between tests.
        let answered = try await onDedicatedThread { () throws -> Int in
            let sockets = try (0..<500).map { _ in try fixture.socket() }
            var requests: [BridgeMessage] = []
            for socket in sockets {
                let request = BridgeMessage.request("PING")
                try socket.sendMessage(request)
                requests.append(request)
            }
            var answered = 0
            for (socket, request) in zip(sockets, requests) where try socket.receiveMessage()?.requestID == request.messageID {
                answered += 1
            }
            return answered
        }
        #expect(answered == 500)
    }

    @Test("without the token, the first frame must be HELLO: anything else is UNAUTHENTICATED and a close")
    func tokenRequired() throws {
        let fixture = try WireFixture(token: "t0k")
        defer { fixture.stop() }
        let socket = try fixture.socket()
        try socket.sendMessage(.request("PING"))
        #expect(try socket.receiveMessage()?.attributes["error_code"] == "UNAUTHENTICATED")
        #expect(try socket.receiveMessage() == nil)

        let wrong = try fixture.socket()
        try wrong.sendMessage(.request("HELLO", attributes: ["token": "nope"]))
        #expect(try wrong.receiveMessage()?.attributes["error_code"] == "UNAUTHENTICATED")
        #expect(try wrong.receiveMessage() == nil)

        let right = try fixture.socket()
        try right.sendMessage(.request("HELLO", attributes: ["token": "t0k"]))
        #expect(try right.receiveMessage()?.type == "HELLO_ACK")
        try right.sendMessage(.request("PING"))
        #expect(try right.receiveMessage()?.type == "PONG")
    }
}
