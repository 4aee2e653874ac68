import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

// Your own service on all three transports: the Greeter of Fixtures/greeter.proto (generated with
// `bridge generate`, checked in as greeter.pb.swift) registered once on a ServiceRegistry, served
// by an in-process ServerHost beside the validation service, and called by method name through
// each Bridge in each calling style.

@Suite("Your own service on tcp, http and grpc", .timeLimit(.minutes(1)))
struct CustomServiceTests {
    let ada = Greeter_V1_HelloRequest(name: "Ada", language: .french, visits: 41, ending: .exclaim(true))

    @Test("SayHello in the blocking, async and callback styles", arguments: GreeterService.transports)
    func threeStyles(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            let request = ada

            // async/await
            let reply = try await bridge.call(Greeter_V1_Greeter.SayHello.self, request)
            #expect(reply == Greeter_V1_HelloReply(message: "Bonjour, Ada!", visits: 42))

            // blocking, on a thread of its own: handlers run on Swift's shared concurrency pool, so a
            // parked thread must not be one of that pool's (Task.detached would be)
            let blocking = try await onDedicatedThread { try bridge.callBlocking(Greeter_V1_Greeter.SayHello.self, request) }
            #expect(blocking == reply)

            // completion handler, on the bridge's callback pool
            let viaCallback: Result<Greeter_V1_HelloReply, BridgeError> = await withCheckedContinuation { continuation in
                bridge.call(Greeter_V1_Greeter.SayHello.self, request) { continuation.resume(returning: $0) }
            }
            #expect(try viaCallback.get() == reply)
        }
    }

    @Test("enums, oneofs, maps, repeated fields and 64-bit integers arrive intact", arguments: GreeterService.transports)
    func messageShapes(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            let request = Greeter_V1_HelloAllRequest(
                requests: [ada, Greeter_V1_HelloRequest(name: "grace", language: .english, visits: 9_007_199_254_740_993, ending: .suffix(" :)")),
                           Greeter_V1_HelloRequest(name: "Linus")],
                nicknames: ["grace": "Grace Hopper"])
            let reply = try await bridge.call(Greeter_V1_Greeter.SayHelloToAll.self, request)
            #expect(reply.replies.map(\.message) == ["Bonjour, Ada!", "Hello, Grace Hopper :)", "Hello, Linus."])
            // 2^53 + 1 is not a double: proto3 JSON carries int64 as a string, so TCP and HTTP keep it exact.
            #expect(reply.replies.map(\.visits) == [42, 9_007_199_254_740_994, 1])
            #expect(reply.countByLanguage == ["FRENCH": 1, "ENGLISH": 1, "LANGUAGE_UNSPECIFIED": 1])
        }
    }

    /// A method of the Greeter's package the server does not have.
    enum Missing: ProtoMethod {
        typealias Request = Greeter_V1_HelloRequest
        typealias Response = Greeter_V1_HelloReply
        static let name = "Missing"
        static let path = "/greeter.v1.Greeter/Missing"
        static let kind: ProtoMethodKind = .unary
    }

    @Test("an unknown method is UNIMPLEMENTED on every transport", arguments: GreeterService.transports)
    func unknownMethod(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            await #expect { try await bridge.call(Missing.self, ada) } throws: { error in
                let error = error as? BridgeError
                return error?.code == .unimplemented && error?.transport == transport && error?.target == bridge.target
            }
        }
    }

    @Test("a handler's BridgeError is the caller's status; any other error is UNKNOWN", arguments: GreeterService.transports)
    func handlerErrors(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            await #expect(throws: BridgeError(.invalidArgument, "name is required", transport: transport, target: bridge.target)) {
                try await bridge.call(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest(name: ""))
            }
            await #expect { try await bridge.call(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest(name: "crash")) } throws: { error in
                // The type of what was thrown, never its description: that may hold server internals.
                (error as? BridgeError)?.code == .unknown && (error as? BridgeError)?.message == "/greeter.v1.Greeter/SayHello failed with Crash"
            }
            let after = try await bridge.call(Greeter_V1_Greeter.SayHello.self, ada)
            #expect(after.message == "Bonjour, Ada!", "the server goes on serving")
        }
    }

    @Test("a deadline ends the call with DEADLINE_EXCEEDED, and cancelling the task cancels it", arguments: GreeterService.transports)
    func deadlineAndCancel(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            let slow = Greeter_V1_HelloRequest(name: "slow")
            await #expect { try await bridge.call(Greeter_V1_Greeter.SayHello.self, slow, options: .timeout(.milliseconds(100))) } throws: {
                ($0 as? BridgeError)?.code == .deadlineExceeded
            }
            let task = Task { try await bridge.call(Greeter_V1_Greeter.SayHello.self, slow) }
            try await Task.sleep(for: .milliseconds(50))
            task.cancel()
            await #expect { try await task.value } throws: { ($0 as? BridgeError)?.code == .cancelled }
        }
    }

    @Test("the handler sees the transport and the caller's metadata (headers over HTTP, gRPC metadata; TCP has none)",
          arguments: GreeterService.transports)
    func context(transport: String) async throws {
        let echoContext: (inout ServiceRegistry) -> Void = { services in
            services.register(Greeter_V1_Greeter.SayHello.self) { request, context in
                Greeter_V1_HelloReply(message: "\(context.transport) \(context.method) \(context.metadata["x-caller"] ?? "-")")
            }
        }
        try await GreeterService.withBridge(transport, extra: echoContext) { bridge in
            let reply = try await bridge.call(Greeter_V1_Greeter.SayHello.self, ada, options: CallOptions(metadata: ["x-caller": "tests"]))
            #expect(reply.message == "\(transport) /greeter.v1.Greeter/SayHello \(transport == "tcp" ? "-" : "tests")")
        }
    }

    @Test("with a token, registered methods are behind it like the validation service", arguments: GreeterService.transports)
    func token(transport: String) async throws {
        let host = try GreeterService.host(token: "s3cret")
        defer { host.shutdown(grace: .seconds(1)) }
        let without = try GreeterService.bridge(transport, to: host)
        defer { without.close() }
        await #expect { try await without.call(Greeter_V1_Greeter.SayHello.self, ada) } throws: { ($0 as? BridgeError)?.code == .unauthenticated }
        let with = try GreeterService.bridge(transport, to: host, token: "s3cret")
        defer { with.close() }
        #expect(try await with.call(Greeter_V1_Greeter.SayHello.self, ada).visits == 42)
    }

    @Test("the registry counts its calls in the host's metrics, per transport")
    func metrics() async throws {
        let host = try GreeterService.host()
        defer { host.shutdown(grace: .seconds(1)) }
        for transport in GreeterService.transports {
            let bridge = try GreeterService.bridge(transport, to: host)
            defer { bridge.close() }
            _ = try await bridge.call(Greeter_V1_Greeter.SayHello.self, ada)
            _ = try? await bridge.call(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest())
        }
        // A call is counted when the server has finished it, which can be just after the client
        // has its answer (gRPC: after the trailers are written): wait for the last one to land.
        let counted = await eventually {
            let series = host.metrics.requests.snapshot()
            return GreeterService.transports.allSatisfy { series[$0]?.requests == 2 }
        }
        #expect(counted)
        let series = host.metrics.requests.snapshot()
        for transport in GreeterService.transports {
            #expect(series[transport]?.requests == 2, "\(transport): \(String(describing: series[transport]))")
            #expect(series[transport]?.errors == ["INVALID_ARGUMENT": 1], "\(transport)")
        }
    }
}
