import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

/// What a person sees when a call fails, over each transport: the status, the transport and
/// target, and a hint they can act on.
@Suite("Errors name the transport, the target, the status and a hint")
struct ErrorMessageTests {
    static func bridge(_ transport: String, _ target: String, token: String? = nil) throws -> any Bridge {
        switch transport {
        case "http": return try HTTPBridge(target: target, configuration: HTTPBridgeConfiguration(token: token))
        case "grpc": return try GRPCBridge(target: target, configuration: GRPCBridgeConfiguration(token: token))
        default: return try TCPBridge(target: target, configuration: TCPBridgeConfiguration(token: token))
        }
    }

    /// A port nothing listens on: bound, then closed.
    static func closedPort() throws -> String {
        let host = try ServerHost(configuration: .init(tcp: "127.0.0.1:0"))
        let address = try #require(host.tcpAddress).description
        host.shutdown(grace: .zero)
        return address
    }

    @Test("connection refused", arguments: ["tcp", "http", "grpc"])
    func refused(transport: String) async throws {
        let target = try Self.closedPort()
        let bridge = try Self.bridge(transport, target)
        defer { bridge.close() }
        do {
            _ = try await bridge.call(.request("PING"), options: .timeout(.seconds(10)))
            Issue.record("the call should fail")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.description.contains("[\(transport) \(target)]"), "\(error)")
            #expect(error.description.contains("is bridge-server running with --\(transport) \(target)?"), "\(error)")
        }
    }

    @Test("a missing token", arguments: ["tcp", "http", "grpc"])
    func unauthenticated(transport: String) async throws {
        var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0", http: "127.0.0.1:0", token: "s3cret")
        configuration.grpc = "127.0.0.1:0"
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let address = switch transport {
        case "http": host.httpAddress
        case "grpc": host.grpcAddress
        default: host.tcpAddress
        }
        let target = try #require(address).description
        let bridge = try Self.bridge(transport, target)
        defer { bridge.close() }
        do {
            _ = try await bridge.call(.request("VALIDATION_REQUEST", attributes: ["board_id": "b"]), options: .timeout(.seconds(10)))
            Issue.record("the call should fail")
        } catch {
            #expect(error.code == .unauthenticated, "\(error)")
            #expect(error.description.contains("[\(transport) \(target)]"), "\(error)")
            #expect(error.description.contains("— the server wants a token"), "\(error)")
        }
    }
}
