import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

// "The validation service is built the same way": its Validate is the generated
// Ipcbridge_V1_Validation.Validate (Protos/ipcbridge/v1/bridge.proto through `bridge generate`),
// registered on the host's ServiceRegistry, and called by method name like any other service.

@Suite("The validation service by method name", .timeLimit(.minutes(1)))
struct ValidationMethodsTests {
    static func request(_ attributes: [String: JSONValue], type: String = "VALIDATION_REQUEST") -> Ipcbridge_V1_BridgeMessage {
        Ipcbridge_V1_BridgeMessage(BridgeMessage.request(type, attributes: attributes))
    }

    @Test("Validate answers PASS, FAIL with violations, and the contract's ERRORs as statuses", arguments: GreeterService.transports)
    func validate(transport: String) async throws {
        try await GreeterService.withBridge(transport) { bridge in

            let passing = Self.request(["board_id": "b-1", "voltage": 12, "current": 2, "mode": "auto"])
            let pass = BridgeMessage(try await bridge.call(Ipcbridge_V1_Validation.Validate.self, passing))
            #expect(pass.type == "VALIDATION_RESPONSE" && pass.requestID == passing.messageID)
            #expect(pass.attributes["result"] == "PASS" && pass.attributes["violations"] == [])

            let failing = Self.request(["board_id": "b-1", "voltage": 60])
            let fail = BridgeMessage(try await onDedicatedThread { try bridge.callBlocking(Ipcbridge_V1_Validation.Validate.self, failing) })
            #expect(fail.attributes["result"] == "FAIL")
            #expect(fail.attributes["violations"]?.arrayValue?.first?["field"] == "voltage")

            let ping = BridgeMessage(try await bridge.call(Ipcbridge_V1_Validation.Validate.self, Self.request([:], type: "PING")))
            #expect(ping.type == "PONG", "Validate takes every unary message type, as the contract's routes do")

            await #expect { try await bridge.call(Ipcbridge_V1_Validation.Validate.self, Self.request(["fail_with": "UNAVAILABLE"])) } throws: {
                ($0 as? BridgeError)?.code == .unavailable && ($0 as? BridgeError)?.transport == transport
            }
        }
    }

    @Test("over framed TCP the method's message type reaches the same service; the contract's types are untouched")
    func tcpWireForm() async throws {
        let host = try GreeterService.host()
        defer { host.shutdown(grace: .seconds(1)) }
        let bridge = try TCPBridge(target: host.tcpAddress?.description ?? "")
        defer { bridge.close() }
        let inner = Self.request(["board_id": "b-1"])
        let answer = try await bridge.call(.request("ipcbridge.v1.Validation/Validate", attributes: inner.json(options: .init(preservingProtoFieldNames: true)).objectValue ?? [:]))
        #expect(answer.type == "ipcbridge.v1.Validation/Validate")
        #expect(answer.attributes["type"] == "VALIDATION_RESPONSE" && answer.attributes["request_id"] == .string(inner.messageID))
        #expect(answer.attributes["attributes"]?["result"] == "PASS")
        #expect(try await bridge.call(.request("VALIDATION_REQUEST", attributes: ["board_id": "b-1"])).type == "VALIDATION_RESPONSE")
        await #expect { try await bridge.call(.request("ipcbridge.v1.Validation/Nope")) } throws: { ($0 as? BridgeError)?.code == .unimplemented }
        // Each counted once: Validate by method name by the validation service's own instrumentation.
        #expect(host.metrics.requests.snapshot()["tcp"]?.requests == 3)
    }
}
