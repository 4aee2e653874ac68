import BridgeCore
import BridgeIO
import TCPBridge

/// Exact bytes on a framed TCP connection, for the checks a well-behaved client cannot make.
final class RawFramedClient {
    let socket: BlockingSocket

    init(target: String, token: String?) throws {
        socket = try BlockingSocket(connectingTo: SocketAddress(parsing: target))
        if let token {
            try send(.request(MessageType.hello, attributes: ["token": .string(token)]))
            let answer = try receive()
            try expect(answer.type == MessageType.helloAck, "HELLO with the token was answered by \(answer.type)")
        }
    }

    func send(_ message: BridgeMessage) throws {
        try socket.send(Frame.encode(message))
    }

    func sendFrame(body: [UInt8]) throws {
        try socket.send(Frame.wrap(body))
    }

    /// The next frame as a message; fails when the server closed instead.
    func receive() throws -> BridgeMessage {
        guard let header = try socket.receive(exactly: 4) else { throw ConformanceFailure("server closed the connection") }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard let body = try socket.receive(exactly: length) else { throw ConformanceFailure("server closed mid-frame") }
        return try BridgeMessage(json: body)
    }
}
