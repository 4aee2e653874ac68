import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

// Every Swift snippet in docs/custom-services.md, compiled and run. Keep each body in step with its
// page: only the literal addresses differ (port 0 and the host's free ports), and lines that only
// record results for #expect (`seen`, `codes`) or wait for a thread are not on the page. A section
// runs from its `// docs/custom-services.md, "Section"` comment to the next one, #expect or `return`.

@Suite("docs/custom-services.md examples", .timeLimit(.minutes(1)))
struct CustomServicesDocTests {
    /// The page's ServerHost, on free ports.
    static func startHost() throws -> ServerHost {
        // docs/custom-services.md, "3. Register the handlers"
        var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0", http: "127.0.0.1:0")
        configuration.grpc = "127.0.0.1:0"
        configuration.services.register(Greeter_V1_Greeter.SayHello.self) { request, context in
            guard !request.name.isEmpty else { throw BridgeError(.invalidArgument, "name is required") }
            let greeting = request.language == .french ? "Bonjour" : "Hello"
            return Greeter_V1_HelloReply(message: "\(greeting), \(request.name)!", visits: request.visits + 1)
        }
        configuration.services.register(Greeter_V1_Greeter.SayHelloToAll.self) { request, context in
            var reply = Greeter_V1_HelloAllReply()
            for person in request.requests {
                let name = request.nicknames[person.name] ?? person.name
                reply.replies.append(Greeter_V1_HelloReply(message: "Hello, \(name)!"))
                reply.countByLanguage[person.language.protoName ?? "UNKNOWN", default: 0] += 1
            }
            return reply
        }
        let host = try ServerHost(configuration: configuration)
        print(host.listeningLine)       // listening http=127.0.0.1:8080 tcp=127.0.0.1:9001 grpc=127.0.0.1:50051
        return host
    }

    @Test("3. Register the handlers: both methods answer")
    func register() async throws {
        let host = try Self.startHost()
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try GRPCBridge(target: host.grpcAddress?.description ?? "")
        defer { bridge.close() }
        let all = try await bridge.call(Greeter_V1_Greeter.SayHelloToAll.self, Greeter_V1_HelloAllRequest(
            requests: [Greeter_V1_HelloRequest(name: "ada", language: .english), Greeter_V1_HelloRequest(name: "Linus")], nicknames: ["ada": "Ada"]))
        #expect(all.replies.map(\.message) == ["Hello, Ada!", "Hello, Linus!"])
        #expect(all.countByLanguage == ["ENGLISH": 1, "LANGUAGE_UNSPECIFIED": 1])
    }

    @Test("4. Call it by method name, on each bridge", arguments: ["grpc", "tcp", "http"])
    func call(transport: String) async throws {
        let host = try Self.startHost()
        defer { host.shutdown(grace: .seconds(1)) }
        let seen = Locked<[String]>([])

        // docs/custom-services.md, "4. Call it by method name"
        let bridge = try GreeterService.bridge(transport, to: host)   // the page: GRPCBridge(target: "127.0.0.1:50051") or the others
        defer { bridge.close() }
        let request = Greeter_V1_HelloRequest(name: "Ada", language: .french, visits: 41)

        // async/await: cancelling the task cancels the call.
        let reply = try await bridge.call(Greeter_V1_Greeter.SayHello.self, request)
        print(reply.message, reply.visits)                   // Bonjour, Ada! 42

        // Blocking: parks the calling thread (a thread of your own, never a task's or an event loop's).
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let again = try? bridge.callBlocking(Greeter_V1_Greeter.SayHello.self, request, options: .timeout(.seconds(2)))
            print(again?.message ?? "failed")               // Bonjour, Ada!
            seen.withLock { $0.append(again?.message ?? "failed") }
            done.signal()
        }
        thread.start()

        // Completion handler: runs on the callback pool. The returned handle can cancel the call.
        let handle = bridge.call(Greeter_V1_Greeter.SayHello.self, request) { result in
            switch result {
            case .success(let reply): print(reply.message)
            case .failure(let error): print(error.code, error.message)
            }
        }
        let same = try await handle.value()                  // the same answer, awaited

        _ = try await onDedicatedThread { done.wait() }
        #expect(reply == Greeter_V1_HelloReply(message: "Bonjour, Ada!", visits: 42))
        #expect(same == reply)
        #expect(seen.withLock { $0 } == ["Bonjour, Ada!"])

        var codes: [StatusCode] = []
        // docs/custom-services.md, "4. Call it by method name" (errors)
        do {
            _ = try await bridge.call(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest(name: ""))
        } catch {
            print(error)          // INVALID_ARGUMENT: name is required [grpc 127.0.0.1:50051] — the request was refused as given; ...
            codes.append(error.code)
            #expect(error.description.hasPrefix("INVALID_ARGUMENT: name is required [\(transport) \(bridge.target)]"))
        }
        #expect(codes == [.invalidArgument])
    }

    @Test("5. Streaming methods", arguments: ["grpc", "tcp"])
    func streaming(transport: String) async throws {
        var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0", http: "127.0.0.1:0")
        configuration.grpc = "127.0.0.1:0"
        let seen = Locked<[String]>([])

        // docs/custom-services.md, "5. Streaming methods"
        configuration.services.registerServerStreaming(Greeter_V1_Greeter.SayHelloStream.self) { request, responses, context in
            for count in 1...3 {
                try await responses.send(Greeter_V1_HelloReply(message: "Hello, \(request.name)!", visits: Int64(count)))
            }
        }
        configuration.services.registerBidiStreaming(Greeter_V1_Greeter.Chat.self) { requests, responses, context in
            for try await request in requests {
                try await responses.send(Greeter_V1_HelloReply(message: "Hello, \(request.name)!"))
            }
        }
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try GreeterService.bridge(transport, to: host)   // the page: any bridge but HTTPBridge
        defer { bridge.close() }

        // docs/custom-services.md, "5. Streaming methods: the client"
        for try await reply in bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, Greeter_V1_HelloRequest(name: "Ada")) {
            print(reply.message, reply.visits)              // Hello, Ada! 1, then 2, then 3
            seen.withLock { $0.append("\(reply.message) \(reply.visits)") }
        }

        let grpc = try GRPCBridge(target: host.grpcAddress?.description ?? "")   // the page: "127.0.0.1:50051"
        defer { grpc.close() }
        let chat = grpc.bidi(Greeter_V1_Greeter.Chat.self)
        chat.send(Greeter_V1_HelloRequest(name: "Ada"))
        chat.send(Greeter_V1_HelloRequest(name: "Grace"))
        chat.finish()                                       // no more requests
        for try await reply in chat.responses {
            print(reply.message)                            // Hello, Ada!, then Hello, Grace!
            seen.withLock { $0.append(reply.message) }
        }

        #expect(seen.withLock { $0 } == ["Hello, Ada! 1", "Hello, Ada! 2", "Hello, Ada! 3", "Hello, Ada!", "Hello, Grace!"])
    }

    @Test("The validation service is built the same way")
    func validation() async throws {
        let host = try Self.startHost()
        defer { host.shutdown(grace: .seconds(1)) }

        // docs/custom-services.md, "The validation service is built the same way"
        let tcp = try TCPBridge(target: host.tcpAddress?.description ?? "")   // the page: "127.0.0.1:9001"
        defer { tcp.close() }
        let check = Ipcbridge_V1_BridgeMessage(BridgeMessage.request("VALIDATION_REQUEST", attributes: ["board_id": "b-7", "voltage": 60]))
        let verdict = BridgeMessage(try await tcp.call(Ipcbridge_V1_Validation.Validate.self, check))
        print(verdict.attributes["result"] ?? "none")      // "FAIL": voltage 60 is above the maximum 48

        #expect(verdict.attributes["result"] == "FAIL")
    }

    @Test("Serving without the validation service")
    func bareServers() async throws {
        // docs/custom-services.md, "Serving without the validation service"
        var services = ServiceRegistry()
        services.register(Greeter_V1_Greeter.SayHello.self) { request, _ in Greeter_V1_HelloReply(message: "Hello, \(request.name)!") }

        let group = try EventLoopGroup(threads: 2)
        var router = GRPCRouter()
        services.register(in: &router)                                       // gRPC: each method at its path
        let grpc = try GRPCServer(address: try SocketAddress(parsing: "127.0.0.1:0"), group: group, router: router)
        let http = try HTTPServer(address: try SocketAddress(parsing: "127.0.0.1:0"), group: group,
                                  handler: MethodHTTPHandler(registry: services))   // HTTP: POST /package.Service/Method
        let tcp = try FramedServer(address: try SocketAddress(parsing: "127.0.0.1:0"), group: group,
                                   service: ServiceDispatcher(registry: services))   // TCP: other types get UNIMPLEMENTED

        defer {
            grpc.shutdown(grace: .zero)
            http.shutdown(grace: .zero)
            tcp.shutdown(grace: .zero)
            group.shutdown()
        }
        let bridges: [any Bridge] = [try GRPCBridge(target: grpc.address.description), try HTTPBridge(target: http.address.description),
                                     try TCPBridge(target: tcp.address.description)]
        for bridge in bridges {
            defer { bridge.close() }
            #expect(try await bridge.call(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest(name: "Ada")).message == "Hello, Ada!")
            await #expect { try await bridge.call(.request("VALIDATION_REQUEST")) } throws: {
                ($0 as? BridgeError)?.code == .unimplemented
            }
        }
    }
}
