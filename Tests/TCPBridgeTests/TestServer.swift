import BridgeTestSupport
import Foundation
import IPCBridge
import ValidationService

/// An in-process validation server for one test.
struct TestServer {
    let host: ServerHost

    init(_ address: String = "127.0.0.1:0", token: String? = nil, threads: Int = 2) throws {
        host = try ServerHost(configuration: .init(tcp: address, token: token, threads: threads))
    }

    var address: SocketAddress { host.tcpAddress ?? .ipv4(host: "127.0.0.1", port: 0) }
    var target: String { address.description }

    func bridge(token: String? = nil, maxFrameBytes: Int = Frame.defaultMaxBytes) throws -> TCPBridge {
        var configuration = TCPBridgeConfiguration.defaults
        configuration.token = token
        configuration.maxFrameBytes = maxFrameBytes
        configuration.initialReconnectDelay = .milliseconds(20)
        configuration.maxReconnectDelay = .milliseconds(100)
        return try TCPBridge(target: target, configuration: configuration)
    }

    func stop() { host.shutdown(grace: .seconds(1)) }

    static func unixPath() -> String { "/tmp/ipcbridge-test-\(UInt32.random(in: 0...UInt32.max)).sock" }
}
