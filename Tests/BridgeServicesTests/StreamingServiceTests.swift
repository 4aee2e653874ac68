import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

// Streaming methods of your own service: SayHelloStream (server streaming) and Chat (bidirectional)
// of Fixtures/greeter.proto, registered in GreeterService with registerServerStreaming and
// registerBidiStreaming, called with bridge.stream(Method.self, request) and GRPCBridge.bidi.
// gRPC and framed TCP carry server streams; only gRPC carries request streams; HTTP carries none.

@Suite("Streaming methods of your own service", .timeLimit(.minutes(1)))
struct StreamingServiceTests {
    static let streamingTransports = ["grpc", "tcp"]

    @Test("a server stream arrives whole and in order, as typed responses", arguments: streamingTransports)
    func serverStream(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            var replies: [Greeter_V1_HelloReply] = []
            for try await reply in bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, Greeter_V1_HelloRequest(name: "Ada", visits: 3)) {
                replies.append(reply)
            }
            #expect(replies.map(\.message) == ["Hello, Ada! (1)", "Hello, Ada! (2)", "Hello, Ada! (3)"])
            #expect(replies.map(\.visits) == [1, 2, 3])
        }
    }

    @Test("an empty stream ends cleanly", arguments: streamingTransports)
    func emptyStream(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            var count = 0
            for try await _ in bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, Greeter_V1_HelloRequest(name: "Ada")) { count += 1 }
            #expect(count == 0)
        }
    }

    @Test("a handler that throws after two responses: the client gets both, then the status", arguments: streamingTransports)
    func errorMidStream(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            var received: [Int64] = []
            do {
                for try await reply in bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, Greeter_V1_HelloRequest(name: "fail", visits: 5)) {
                    received.append(reply.visits)
                }
                Issue.record("the stream ended without the handler's error")
            } catch {
                #expect(error as? BridgeError == BridgeError(.aborted, "stopped after 2 greetings", transport: transport, target: bridge.target))
            }
            #expect(received == [1, 2])
        }
    }

    @Test("a long stream goes at the client's pace and arrives complete", arguments: streamingTransports)
    func longStream(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            // 600 replies of about 2 KB: far past HTTP/2's first 64 KiB window, so the handler waits for it.
            let name = String(repeating: "n", count: 2000)
            var count: Int64 = 0
            for try await reply in bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, Greeter_V1_HelloRequest(name: name, visits: 600)) {
                count += 1
                #expect(reply.visits == count)
            }
            #expect(count == 600)
        }
    }

    @Test("cancelling a gRPC stream stops its handler")
    func cancelGRPC() async throws {
        try await GreeterService.withBridge("grpc") { bridge in
            let name = try await Self.cancelAfterTwo(on: bridge)   // RST_STREAM: the handler's task is cancelled
            #expect(await eventually { GreeterService.ended.withLock { $0.contains(name) } })
        }
    }

    @Test("framed TCP has no cancel message: closing the connection stops the handler")
    func closeTCP() async throws {
        let host = try GreeterService.host()
        defer { host.shutdown(grace: .milliseconds(100)) }
        let bridge = try GreeterService.bridge("tcp", to: host)
        let name = try await Self.cancelAfterTwo(on: bridge)       // the client drops what still comes
        bridge.close()                                             // the server's next send finds no connection
        #expect(await eventually { GreeterService.ended.withLock { $0.contains(name) } })
    }

    /// Starts an endless SayHelloStream, reads two replies and cancels the stream; returns the
    /// name the handler records in `GreeterService.ended` when it stops.
    static func cancelAfterTwo(on bridge: any Bridge) async throws -> String {
        let name = "endless-\(UUID().uuidString)"
        let stream = bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, Greeter_V1_HelloRequest(name: name))
        var seen = 0
        for try await _ in stream {
            seen += 1
            if seen == 2 { break }
        }
        stream.cancel()
        return name
    }

    @Test("HTTP carries no streams: UNIMPLEMENTED from the bridge, and from the server")
    func httpRefuses() async throws {
        try await GreeterService.withBridge("http") { bridge in
            let request = Greeter_V1_HelloRequest(name: "Ada", visits: 3)
            await #expect { for try await _ in bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, request) {} } throws: { error in
                (error as? BridgeError)?.code == .unimplemented && (error as? BridgeError)?.transport == "http"
            }
            // Asked as a unary call, the server says the same (404, as the contract maps UNIMPLEMENTED).
            await #expect(throws: BridgeError(.unimplemented, "/greeter.v1.Greeter/SayHelloStream is server-streaming, and the contract carries no streams over HTTP: call it over grpc",
                                              transport: "http", target: bridge.target)) {
                try await bridge.call(Greeter_V1_Greeter.SayHelloStream.self, request)
            }
        }
    }

    @Test("a bidirectional stream over gRPC: each request answered in order")
    func bidi() async throws {
        try await GreeterService.withBridge("grpc") { bridge in
            let grpc = try #require(bridge as? GRPCBridge)   // request streams are on GRPCBridge alone
            let chat = grpc.bidi(Greeter_V1_Greeter.Chat.self)
            chat.send(Greeter_V1_HelloRequest(name: "Ada", language: .french))
            chat.send(Greeter_V1_HelloRequest(name: "Grace", ending: .exclaim(true)))
            chat.send(Greeter_V1_HelloRequest(name: "Linus", visits: 1))
            chat.finish()
            var replies: [String] = []
            for try await reply in chat.responses { replies.append(reply.message) }
            #expect(replies == ["Bonjour, Ada.", "Hello, Grace!", "Hello, Linus."])
        }
    }

    @Test("a bidirectional handler's error ends the call after the answers before it")
    func bidiError() async throws {
        try await GreeterService.withBridge("grpc") { bridge in
            let chat = try #require(bridge as? GRPCBridge).bidi(Greeter_V1_Greeter.Chat.self)
            chat.send(Greeter_V1_HelloRequest(name: "Ada"))
            chat.send(Greeter_V1_HelloRequest(name: ""))     // SayHello's INVALID_ARGUMENT
            chat.finish()
            var replies: [String] = []
            await #expect(throws: BridgeError(.invalidArgument, "name is required", transport: "grpc", target: bridge.target)) {
                for try await reply in chat.responses { replies.append(reply.message) }
            }
            #expect(replies == ["Hello, Ada."])
        }
    }

    @Test("a client stream over gRPC: one answer after the client's last request")
    func clientStream() async throws {
        try await GreeterService.withBridge("grpc") { bridge in
            let greetAll = try #require(bridge as? GRPCBridge).bidi(Greeter_V1_Greeter.GreetAll.self)
            greetAll.send(Greeter_V1_HelloRequest(name: "Ada", language: .french))
            greetAll.send(Greeter_V1_HelloRequest(name: "Linus"))
            greetAll.finish()
            var replies: [Greeter_V1_HelloAllReply] = []
            for try await reply in greetAll.responses { replies.append(reply) }
            #expect(replies.map { $0.replies.map(\.message) } == [["Bonjour, Ada.", "Hello, Linus."]])
            #expect(replies.first?.countByLanguage == ["FRENCH": 1, "LANGUAGE_UNSPECIFIED": 1])
        }
    }

    @Test("request streams are gRPC's alone: framed TCP answers UNIMPLEMENTED")
    func bidiOverTCP() async throws {
        try await GreeterService.withBridge("tcp") { bridge in
            await #expect(throws: BridgeError(.unimplemented, "/greeter.v1.Greeter/Chat is bidirectional-streaming, and framed TCP carries no request streams: call it over grpc",
                                              transport: "tcp", target: bridge.target)) {
                try await bridge.call(Greeter_V1_Greeter.Chat.self, Greeter_V1_HelloRequest(name: "Ada"))
            }
        }
    }

    @Test("the validation service's Watch is a registered stream too", arguments: streamingTransports)
    func validationWatch(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in
            let watch = Ipcbridge_V1_BridgeMessage(BridgeMessage.request("WATCH", attributes: ["event_count": 3]))
            var sequence: [JSONValue?] = []
            for try await event in bridge.stream(Ipcbridge_V1_Validation.Watch.self, watch) {
                let event = BridgeMessage(event)
                #expect(event.type == "EVENT")
                #expect(event.requestID == watch.messageID)
                sequence.append(event.attributes["seq"])
            }
            #expect(sequence == [0, 1, 2])
            // fail_with ends it with that status, on either transport.
            let failing = Ipcbridge_V1_BridgeMessage(BridgeMessage.request("WATCH", attributes: ["fail_with": "UNAVAILABLE"]))
            await #expect { for try await _ in bridge.stream(Ipcbridge_V1_Validation.Watch.self, failing) {} } throws: { error in
                (error as? BridgeError)?.code == .unavailable
            }
        }
    }
}
