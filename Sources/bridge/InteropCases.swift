import Foundation
import IPCBridge

/// gRPC's interop client cases (grpc/grpc doc/interop-test-descriptions.md), compression cases
/// excepted, against `grpc.testing.TestService`. Each throws a description of what differed.
enum InteropCases {
    static let service = "/grpc.testing.TestService/"

    struct Mismatch: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw Mismatch(message()) }
    }

    static func payload(_ size: Int) -> Grpc_Testing_Payload {
        Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: size))
    }

    static func simpleRequest(responseSize: Int32, payloadSize: Int) -> Grpc_Testing_SimpleRequest {
        var request = Grpc_Testing_SimpleRequest()
        request.responseSize = responseSize
        request.payload = payload(payloadSize)
        return request
    }

    static func streamingRequest(_ size: Int32, payload payloadSize: Int) -> Grpc_Testing_StreamingOutputCallRequest {
        var request = Grpc_Testing_StreamingOutputCallRequest()
        request.responseParameters = [Grpc_Testing_ResponseParameters(size: size)]
        request.payload = payload(payloadSize)
        return request
    }

    static func bodySize<M: ProtoMessage>(_ bytes: [UInt8], _ type: M.Type, _ payload: (M) -> Grpc_Testing_Payload?) -> Int {
        guard let message = try? M(serializedBytes: bytes) else { return -1 }
        return payload(message)?.body.count ?? 0
    }

    static let all: [(String, @Sendable (InteropCaller) async throws -> Void)] = [
        ("empty_unary", { caller in
            let result = await caller.run(service + "EmptyCall") { call, _ in call.sendLast([]) }
            try check(result.status == .ok, "status \(result.status)")
            try check(result.responses == [[]], "expected one empty response, got \(result.responses)")
        }),
        ("large_unary", { caller in
            let bytes = simpleRequest(responseSize: 314_159, payloadSize: 271_828).serializedBytes()
            let result = await caller.run(service + "UnaryCall") { call, _ in call.sendLast(bytes) }
            try check(result.status == .ok, "status \(result.status)")
            let size = result.responses.first.map { bodySize($0, Grpc_Testing_SimpleResponse.self) { $0.payload } } ?? -1
            try check(size == 314_159, "response payload of \(size) bytes")
        }),
        ("client_streaming", { caller in
            let result = await caller.run(service + "StreamingInputCall") { call, _ in
                for size in [27_182, 8, 1828, 45_904] {
                    var request = Grpc_Testing_StreamingInputCallRequest()
                    request.payload = payload(size)
                    call.send(request.serializedBytes())
                }
                call.halfClose()
            }
            try check(result.status == .ok, "status \(result.status)")
            let response = result.responses.first.flatMap { try? Grpc_Testing_StreamingInputCallResponse(serializedBytes: $0) }
            try check(response?.aggregatedPayloadSize == 74_922, "aggregated size \(String(describing: response?.aggregatedPayloadSize))")
        }),
        ("server_streaming", { caller in
            var request = Grpc_Testing_StreamingOutputCallRequest()
            request.responseParameters = [31_415, 9, 2653, 58_979].map { Grpc_Testing_ResponseParameters(size: $0) }
            let bytes = request.serializedBytes()
            let result = await caller.run(service + "StreamingOutputCall") { call, _ in call.sendLast(bytes) }
            try check(result.status == .ok, "status \(result.status)")
            let sizes = result.responses.map { bodySize($0, Grpc_Testing_StreamingOutputCallResponse.self) { $0.payload } }
            try check(sizes == [31_415, 9, 2653, 58_979], "response sizes \(sizes)")
        }),
        ("ping_pong", { caller in
            let steps: [(Int32, Int)] = [(31_415, 27_182), (9, 8), (2653, 1828), (58_979, 45_904)]
            let result = await caller.run(service + "FullDuplexCall") { call, inbox in
                for (index, step) in steps.enumerated() {
                    call.send(streamingRequest(step.0, payload: step.1).serializedBytes())
                    guard await inbox.wait(for: index + 1) else { return call.cancel() }
                }
                call.halfClose()
            }
            try check(result.status == .ok, "status \(result.status)")
            let sizes = result.responses.map { bodySize($0, Grpc_Testing_StreamingOutputCallResponse.self) { $0.payload } }
            try check(sizes == [31_415, 9, 2653, 58_979], "response sizes \(sizes)")
        }),
        ("empty_stream", { caller in
            let result = await caller.run(service + "FullDuplexCall") { call, _ in call.halfClose() }
            try check(result.status == .ok && result.responses.isEmpty, "status \(result.status), \(result.responses.count) responses")
        }),
        ("custom_metadata", { caller in
            var metadata = GRPCMetadata()
            metadata.add("x-grpc-test-echo-initial", "test_initial_metadata_value")
            metadata.add("x-grpc-test-echo-trailing-bin", binary: [0xab, 0xab, 0xab])
            let unary = await caller.run(service + "UnaryCall", metadata: metadata) { call, _ in
                call.sendLast(simpleRequest(responseSize: 314_159, payloadSize: 271_828).serializedBytes())
            }
            let duplex = await caller.run(service + "FullDuplexCall", metadata: metadata) { call, _ in
                call.send(streamingRequest(314_159, payload: 271_828).serializedBytes())
                call.halfClose()
            }
            for (name, result) in [("unary", unary), ("full duplex", duplex)] {
                try check(result.status == .ok, "\(name) status \(result.status)")
                try check(result.initial["x-grpc-test-echo-initial"] == .text("test_initial_metadata_value"), "\(name): initial metadata not echoed")
                try check(result.trailing["x-grpc-test-echo-trailing-bin"] == .binary([0xab, 0xab, 0xab]), "\(name): trailing metadata not echoed")
            }
        }),
        ("status_code_and_message", { caller in
            try await statusEcho(caller, message: "test status message")
        }),
        ("special_status_message", { caller in
            try await statusEcho(caller, message: "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n")
        }),
        ("unimplemented_method", { caller in
            let result = await caller.run(service + "UnimplementedCall") { call, _ in call.sendLast([]) }
            try check(result.status.code == .unimplemented, "status \(result.status)")
        }),
        ("unimplemented_service", { caller in
            let result = await caller.run("/grpc.testing.UnimplementedService/UnimplementedCall") { call, _ in call.sendLast([]) }
            try check(result.status.code == .unimplemented, "status \(result.status)")
        }),
        ("cancel_after_begin", { caller in
            let result = await caller.run(service + "StreamingInputCall") { call, _ in call.cancel() }
            try check(result.status.code == .cancelled, "status \(result.status)")
        }),
        ("cancel_after_first_response", { caller in
            let result = await caller.run(service + "FullDuplexCall") { call, inbox in
                call.send(streamingRequest(31_415, payload: 27_182).serializedBytes())
                _ = await inbox.wait(for: 1)
                call.cancel()
            }
            try check(result.status.code == .cancelled, "status \(result.status)")
            try check(result.responses.count == 1, "\(result.responses.count) responses before the cancel")
        }),
        ("timeout_on_sleeping_server", { caller in
            let result = await caller.run(service + "FullDuplexCall", timeout: .milliseconds(1)) { call, _ in
                call.send(streamingRequest(31_415, payload: 27_182).serializedBytes())
            }
            try check(result.status.code == .deadlineExceeded, "status \(result.status)")
        }),
    ]

    /// status_code_and_message and special_status_message: the server echoes response_status.
    static func statusEcho(_ caller: InteropCaller, message: String) async throws {
        var status = Grpc_Testing_EchoStatus()
        status.code = 2
        status.message = message
        var unaryRequest = Grpc_Testing_SimpleRequest()
        unaryRequest.responseStatus = status
        let unaryBytes = unaryRequest.serializedBytes()
        let unary = await caller.run(service + "UnaryCall") { call, _ in call.sendLast(unaryBytes) }
        try check(unary.status == GRPCStatus(.unknown, message), "unary status \(unary.status)")
        var streamRequest = Grpc_Testing_StreamingOutputCallRequest()
        streamRequest.responseStatus = status
        let streamBytes = streamRequest.serializedBytes()
        let duplex = await caller.run(service + "FullDuplexCall") { call, _ in
            call.send(streamBytes)
            call.halfClose()
        }
        try check(duplex.status == GRPCStatus(.unknown, message), "full duplex status \(duplex.status)")
    }
}
