import BridgeTestSupport
import Foundation
import IPCBridge
import ValidationService

/// An in-process server plus a raw-socket client, for wire-level tests.
struct WireFixture {
    let host: ServerHost
    let address: SocketAddress

    init(threads: Int = 2, token: String? = nil, maxFrameBytes: Int = Frame.defaultMaxBytes) throws {
        host = try ServerHost(configuration: .init(tcp: "127.0.0.1:0", token: token, maxFrameBytes: maxFrameBytes, threads: threads))
        address = host.tcpAddress ?? .ipv4(host: "127.0.0.1", port: 0)
    }

    func socket(timeout: Duration = .seconds(5)) throws -> BlockingSocket {
        try BlockingSocket(connectingTo: address, timeout: timeout)
    }

    func bridge() throws -> TCPBridge { try TCPBridge(target: address.description) }

    func stop() { host.shutdown(grace: .seconds(1)) }
}

extension BlockingSocket {
    func sendMessage(_ message: BridgeMessage) throws { try send(Frame.encode(message)) }

    /// The next frame as a message, or nil when the server closed the connection.
    func receiveMessage() throws -> BridgeMessage? {
        guard let header = try receive(exactly: 4) else { return nil }
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        guard let body = try receive(exactly: length) else { return nil }
        return try BridgeMessage(json: body)
    }
}
