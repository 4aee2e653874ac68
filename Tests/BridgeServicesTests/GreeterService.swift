import Foundation
import IPCBridge
import ValidationService

/// The Greeter the tests serve (Fixtures/greeter.proto), registered the way a user would.
///
/// SayHello greets in the request's language and counts the visit; its name picks the failures
/// the tests need: "" is INVALID_ARGUMENT (a BridgeError the handler chooses), "crash" throws a
/// plain Swift error (UNKNOWN), "slow" waits 5 s (for deadlines and cancellation).
///
/// SayHelloStream sends `visits` numbered greetings; a name starting "fail" throws ABORTED after
/// two, one starting "endless" greets every 5 ms until the call is cancelled. Chat answers each
/// request as SayHello would; GreetAll answers all of them at once, after the last.
enum GreeterService {
    struct Crash: Error {}

    static func register(in services: inout ServiceRegistry) {
        services.register(Greeter_V1_Greeter.SayHello.self) { request, _ in
            try await hello(request)
        }
        services.register(Greeter_V1_Greeter.SayHelloToAll.self) { request, _ in
            var reply = Greeter_V1_HelloAllReply()
            for var person in request.requests {
                person.name = request.nicknames[person.name] ?? person.name
                reply.replies.append(try await hello(person))
                reply.countByLanguage[person.language.protoName ?? "UNKNOWN", default: 0] += 1
            }
            return reply
        }
        services.registerServerStreaming(Greeter_V1_Greeter.SayHelloStream.self) { request, responses, _ in
            defer { ended.withLock { _ = $0.insert(request.name) } }
            var count: Int64 = 0
            while request.name.hasPrefix("endless") || count < request.visits {
                if request.name.hasPrefix("fail") && count == 2 { throw BridgeError(.aborted, "stopped after 2 greetings") }
                count += 1
                try await responses.send(Greeter_V1_HelloReply(message: "Hello, \(request.name)! (\(count))", visits: count))
                if request.name.hasPrefix("endless") { try await Task.sleep(for: .milliseconds(5)) }
            }
        }
        services.registerBidiStreaming(Greeter_V1_Greeter.Chat.self) { requests, responses, _ in
            for try await request in requests {
                try await responses.send(try await hello(request))
            }
        }
        services.registerClientStreaming(Greeter_V1_Greeter.GreetAll.self) { requests, _ in
            var reply = Greeter_V1_HelloAllReply()
            for try await request in requests {
                reply.replies.append(try await hello(request))
                reply.countByLanguage[request.language.protoName ?? "UNKNOWN", default: 0] += 1
            }
            return reply
        }
    }

    /// The names of the streaming requests whose handler has returned or thrown: how a test sees
    /// that cancelling a stream stopped its handler.
    static let ended = Locked<Set<String>>([])

    static func hello(_ request: Greeter_V1_HelloRequest) async throws -> Greeter_V1_HelloReply {
        switch request.name {
        case "": throw BridgeError(.invalidArgument, "name is required")
        case "crash": throw Crash()
        case "slow": try await Task.sleep(for: .seconds(5))
        default: break
        }
        let greeting = request.language == .french ? "Bonjour" : "Hello"
        let ending: String
        switch request.ending {
        case .exclaim(true)?: ending = "!"
        case .suffix(let suffix)?: ending = suffix
        case .exclaim(false)?, nil: ending = "."
        }
        return Greeter_V1_HelloReply(message: "\(greeting), \(request.name)\(ending)", visits: request.visits + 1)
    }

    /// A host with every listener on a free port, serving the validation service and the Greeter.
    static func host(token: String? = nil, extra: (inout ServiceRegistry) -> Void = { _ in }) throws -> ServerHost {
        var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0", http: "127.0.0.1:0", token: token, threads: 2)
        configuration.grpc = "127.0.0.1:0"
        configuration.logLevel = .error
        configuration.logSink = { _ in }
        register(in: &configuration.services)
        extra(&configuration.services)
        return try ServerHost(configuration: configuration)
    }

    /// Runs `body` with a bridge over `transport` to a fresh ``host(token:extra:)``, then closes
    /// the bridge and stops the host.
    static func withBridge(_ transport: String, extra: (inout ServiceRegistry) -> Void = { _ in },
                           _ body: (any Bridge) async throws -> Void) async throws {
        let host = try host(extra: extra)
        // A short grace: shutdown blocks its thread (one of the cooperative pool's few) while
        // it waits, and the "slow" handler of the deadline test would hold it for all of it.
        defer { host.shutdown(grace: .milliseconds(100)) }
        let bridge = try bridge(transport, to: host)
        defer { bridge.close() }
        try await body(bridge)
    }

    /// A bridge to `host` over `transport`.
    static func bridge(_ transport: String, to host: ServerHost, token: String? = nil) throws -> any Bridge {
        switch transport {
        case "tcp":
            var configuration = TCPBridgeConfiguration.defaults
            configuration.token = token
            return try TCPBridge(target: host.tcpAddress?.description ?? "", configuration: configuration)
        case "http":
            var configuration = HTTPBridgeConfiguration.defaults
            configuration.token = token
            return try HTTPBridge(target: host.httpAddress?.description ?? "", configuration: configuration)
        default:
            return try GRPCBridge(target: host.grpcAddress?.description ?? "", configuration: GRPCBridgeConfiguration(token: token))
        }
    }

    static let transports = ["tcp", "http", "grpc"]
}
