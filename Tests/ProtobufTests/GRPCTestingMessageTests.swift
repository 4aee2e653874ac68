import Protobuf
import Testing

/// The grpc.testing and grpc.health.v1 messages the interop cases use, against Python's protobuf.
@Suite struct GRPCTestingMessageTests {
    static let specialStatus = "\t\ntest with whitespace\r\nand Unicode BMP \u{263A} and non-BMP \u{1F608}\t\n"

    @Test func simpleRequestWithTheXDSFields() throws {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 314_159
        request.payload = .zeros(300)
        request.fillUsername = true
        request.fillOauthScope = true
        request.responseCompressed = Grpc_Testing_BoolValue(true)
        request.responseStatus = Grpc_Testing_EchoStatus(code: 2, message: Self.specialStatus)
        request.expectCompressed = Grpc_Testing_BoolValue(false)
        request.fillServerID = true          // field 9: the generated type knows it (the hand-written one kept it as unknown)
        request.fillGrpclbRouteType = true   // field 10
        try expectMatchesReference(request, PythonFixtures.simpleRequest)
    }

    @Test func largeUnaryRequest() throws {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 314_159
        request.payload = Grpc_Testing_Payload()
        try expectMatchesReference(request, PythonFixtures.simpleRequestLargeUnary)
    }

    @Test func simpleResponse() throws {
        var response = Grpc_Testing_SimpleResponse(payload: .zeros(10))
        response.username = "user"
        response.oauthScope = "scope"
        response.serverID = "server-1"
        response.grpclbRouteType = .backend
        response.hostname = "host"
        try expectMatchesReference(response, PythonFixtures.simpleResponse)
    }

    @Test func streamingOutputCallRequest() throws {
        var request = Grpc_Testing_StreamingOutputCallRequest()
        var compressed = Grpc_Testing_ResponseParameters(size: 2653)
        compressed.compressed = Grpc_Testing_BoolValue(true)
        request.responseParameters = [.init(size: 31415), .init(size: 9, intervalUs: 100), compressed, .init(size: 58979)]
        request.payload = .zeros(27)
        request.responseStatus = Grpc_Testing_EchoStatus()
        try expectMatchesReference(request, PythonFixtures.streamingOutputCallRequest)
    }

    @Test func streamingMessages() throws {
        try expectMatchesReference(Grpc_Testing_StreamingOutputCallResponse(payload: .zeros(9)),
                                   PythonFixtures.streamingOutputCallResponse)
        var input = Grpc_Testing_StreamingInputCallRequest(payload: .zeros(8))
        input.expectCompressed = Grpc_Testing_BoolValue()
        try expectMatchesReference(input, PythonFixtures.streamingInputCallRequest)
        try expectMatchesReference(Grpc_Testing_StreamingInputCallResponse(aggregatedPayloadSize: 74922),
                                   PythonFixtures.streamingInputCallResponse)
    }

    @Test func health() throws {
        try expectMatchesReference(Grpc_Health_V1_HealthCheckRequest(service: "grpc.health.v1.Health"),
                                   PythonFixtures.healthCheckRequest)
        try expectMatchesReference(Grpc_Health_V1_HealthCheckResponse(status: .serving), PythonFixtures.healthCheckResponseServing)
        try expectMatchesReference(Grpc_Health_V1_HealthCheckResponse(status: .notServing), PythonFixtures.healthCheckResponseNotServing)
        try expectMatchesReference(Grpc_Health_V1_HealthCheckResponse(status: .serviceUnknown),
                                   PythonFixtures.healthCheckResponseServiceUnknown)
        try expectMatchesReference(Grpc_Health_V1_HealthCheckResponse(status: .unrecognized(7)),
                                   PythonFixtures.healthCheckResponseUnrecognized)
        #expect(Grpc_Health_V1_HealthCheckResponse().serializedBytes().isEmpty)
    }

    @Test func largeUnaryPayloadSizes() throws {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = 314_159
        request.payload = .zeros(271_828)
        let bytes = request.serializedBytes()
        #expect(bytes.count == request.serializedSize)
        // key(2) + varint(314159) + key(3) + len + [key(2) + len(271828) + body]
        #expect(bytes.count == 1 + 3 + 1 + 3 + 1 + 3 + 271_828)
        #expect(try Grpc_Testing_SimpleRequest(serializedBytes: bytes) == request)
    }
}
