import BridgeConformance
import Testing
import IPCBridge
import ValidationService

/// The conformance suite against in-process servers: every check over TCP, over a Unix socket,
/// and with a token (the HELLO handshake in front of everything).
@Suite("Conformance")
struct ConformanceTests {
    enum Setup: String, CaseIterable, Sendable {
        case tcp, unix, tcpWithToken, http, httpWithToken, grpc

        var transport: String { rawValue.hasPrefix("http") ? "http" : rawValue == "grpc" ? "grpc" : "tcp" }
        var token: String? { rawValue.hasSuffix("WithToken") ? "conformance-token" : nil }
    }

    /// Every (setup, check) pair that applies.
    static let cases: [(Setup, String)] = Setup.allCases.flatMap { setup in
        ConformanceSuite.checks(for: setup.transport).map { (setup, $0.name) }
    }

    @Test("every check passes", arguments: cases)
    func check(setup: Setup, name: String) async throws {
        let token = setup.token
        let unixPath = "unix:/tmp/ipcbridge-conf-\(UInt32.random(in: 0...UInt32.max)).sock"
        var configuration = ServerHost.Configuration(tcp: setup.transport == "tcp" ? (setup == .unix ? unixPath : "127.0.0.1:0") : nil,
                                                     http: setup.transport == "http" ? "127.0.0.1:0" : nil, token: token, threads: 1)
        if setup == .grpc { configuration.grpc = "127.0.0.1:0" }
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge: any Bridge
        let target: String
        if setup.transport == "grpc" {
            target = try #require(host.grpcAddress).description
            bridge = try GRPCBridge(target: target)
        } else if setup.transport == "http" {
            target = try #require(host.httpAddress).description
            var configuration = HTTPBridgeConfiguration.defaults
            configuration.token = token
            bridge = try HTTPBridge(target: target, configuration: configuration)
        } else {
            target = try #require(host.tcpAddress).description
            var configuration = TCPBridgeConfiguration.defaults
            configuration.token = token
            bridge = try TCPBridge(target: target, configuration: configuration)
        }
        defer { bridge.close() }
        let context = ConformanceContext(transport: setup.transport, target: target, token: token, bridge: bridge)
        let check = try #require(ConformanceSuite.checks(for: setup.transport).first { $0.name == name })
        let result = await ConformanceSuite.run(check, in: context)
        #expect(result.passed, "\(result.line)")
    }

    @Test("a check fails against a server that breaks the contract")
    func detectsBrokenServer() async throws {
        // A service that answers every message with PONG: most checks must catch it.
        struct AlwaysPong: MessageService {
            func handle(_ request: BridgeMessage, replies: any ReplyWriter) {
                replies.reply(.reply(to: request, type: "PONG"))
            }
        }
        let group = try EventLoopGroup(threads: 1)
        defer { group.shutdown() }
        let server = try FramedServer(address: .ipv4(host: "127.0.0.1", port: 0), group: group, service: AlwaysPong())
        defer { server.shutdown(grace: .milliseconds(100)) }
        let bridge = try TCPBridge(target: server.address.description)
        defer { bridge.close() }
        let context = ConformanceContext(transport: "tcp", target: server.address.description, bridge: bridge)
        let results = await ConformanceSuite.runAll(in: context)
        let failed = Set(results.filter { !$0.passed }.map(\.name))
        #expect(results.first { $0.name == "ping" }?.passed == true)
        // Not "delay": it checks a lower bound (no answer before 100 ms), which an immediate PONG
        // also meets whenever the machine is slow enough (it did under ThreadSanitizer).
        #expect(failed.isSuperset(of: ["validation-pass", "echo", "unknown-type", "fail-with", "watch"]))
    }
}
