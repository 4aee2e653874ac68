import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

// Input that is not the method's request, in each transport's own form: refused with
// INVALID_ARGUMENT (400 over HTTP), and the server goes on serving the same connection.

@Suite("Bad input to a registered method", .timeLimit(.minutes(1)))
struct BadInputTests {
    static let sayHello = Greeter_V1_Greeter.SayHello.path
    static let ada = Greeter_V1_HelloRequest(name: "Ada")

    @Test("HTTP: a body that is not JSON, or not the request, is 400 INVALID_ARGUMENT; GET is 405")
    func http() async throws {
        let host = try GreeterService.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try HTTPBridge(target: host.httpAddress?.description ?? "")
        defer { bridge.close() }
        for body in ["{not json", #"{"name": 5}"#, #"{"language": "KLINGON"}"#, #"{"exclaim": true, "suffix": "?"}"#, "[1, 2]"] {
            let response = try await Self.send(bridge.client, "POST", Self.sayHello, body: body)
            #expect(response.status == 400, "\(body)")
            #expect(try BridgeMessage(json: response.body).carriedError?.code == .invalidArgument, "\(body)")
        }
        let get = try await Self.send(bridge.client, "GET", Self.sayHello, body: "")
        #expect(get.status == 405 && get.head.headers["Allow"] == "POST")
        let unknown = try await Self.send(bridge.client, "POST", "/greeter.v1.Greeter/Missing", body: "{}")
        #expect(unknown.status == 404)
        #expect(try BridgeMessage(json: unknown.body).carriedError?.code == .unimplemented)
        let fine = try await Self.send(bridge.client, "POST", Self.sayHello, body: #"{"name": "Ada", "visits": "7"}"#)
        #expect(fine.status == 200)
        #expect(try JSONParser.parse(fine.body) == ["message": "Hello, Ada.", "visits": "8"], "proto3 JSON: int64 as a string")
    }

    @Test("framed TCP: attributes that are not the request get ERROR INVALID_ARGUMENT answering the request")
    func tcp() async throws {
        let host = try GreeterService.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try TCPBridge(target: host.tcpAddress?.description ?? "")
        defer { bridge.close() }
        for attributes: [String: JSONValue] in [["visits": "many"], ["language": 1.5], ["exclaim": true, "suffix": "?"]] {
            await #expect { try await bridge.call(.request("greeter.v1.Greeter/SayHello", attributes: attributes)) } throws: {
                ($0 as? BridgeError)?.code == .invalidArgument
            }
        }
        // The wire form, by hand: a BridgeMessage of the method's type, the request as attributes.
        let request = BridgeMessage.request("greeter.v1.Greeter/SayHello", attributes: ["name": "Ada", "language": "ENGLISH"])
        let answer = try await bridge.call(request)
        #expect(answer.type == "greeter.v1.Greeter/SayHello" && answer.requestID == request.messageID && answer.messageID != request.messageID)
        #expect(answer.attributes == ["message": "Hello, Ada.", "visits": "1"])
    }

    @Test("gRPC: bytes that are not the request end the call INVALID_ARGUMENT; the connection stays")
    func grpc() async throws {
        let host = try GreeterService.host()
        defer { host.shutdown(grace: .seconds(1)) }
        guard let address = host.grpcAddress else { throw BridgeError(.internal, "no grpc listener") }
        let client = GRPCClient(address: address)
        defer { client.close() }
        // A length-delimited field 1 (name) whose length runs past the end; a name that is not UTF-8.
        for bytes: [UInt8] in [[0x0A, 0x05, 0x41], [0x0A, 0x01, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]] {
            let result = await Self.unary(client, Self.sayHello, bytes)
            #expect(result.failure?.code == .invalidArgument, "\(bytes): \(result)")
        }
        let fine = await Self.unary(client, Self.sayHello, Self.ada.serializedBytes())
        #expect(try Greeter_V1_HelloReply(serializedBytes: fine.get()).message == "Hello, Ada.")
    }

    static func send(_ client: HTTPClient, _ method: String, _ path: String, body: String) async throws -> HTTPClientResponse {
        try await withCheckedThrowingContinuation { continuation in
            client.send(method: method, path: path, headers: ["Content-Type": "application/json"], body: Array(body.utf8)) {
                continuation.resume(with: $0)
            }
        }
    }

    static func unary(_ client: GRPCClient, _ path: String, _ bytes: [UInt8]) async -> Result<[UInt8], GRPCStatus> {
        await withCheckedContinuation { continuation in
            _ = client.unary(path: path, request: bytes) { continuation.resume(returning: $0) }
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
