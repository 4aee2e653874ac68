import BridgeCore
import Testing
@testable import Protobuf

/// The proto3 JSON mapping (what Python protobuf's json_format writes) and the contract's JSON
/// form that the HTTP and TCP transports use describe the same message.
@Suite("BridgeMessage: proto3 JSON agrees with the binary form")
struct ProtoJSONAgreementTests {
    @Test("the reference implementation's proto3 JSON reads as the same message as its binary encoding")
    func referenceJSON() throws {
        let json = String(decoding: try fixture(PythonFixtures.bridgeMessageFullProto3JSON), as: UTF8.self)
        #expect(json.contains("\"timestamp_ms\": \"1700000000123\""), "proto3 JSON writes int64 as a string")
        let fromJSON = try BridgeMessage(jsonString: json)
        let fromBinary = try BridgeMessage(protobuf: try fixture(PythonFixtures.bridgeMessageFull))
        #expect(fromJSON == fromBinary)
        #expect(fromJSON.timestampMs == 1_700_000_000_123)
        #expect(fromJSON.payload == [0, 1, 2, 255])
    }

    @Test("our JSON form round-trips through the binary form unchanged")
    func ourJSON() throws {
        let message = try BridgeMessage(protobuf: try fixture(PythonFixtures.bridgeMessageFull))
        let again = try BridgeMessage(protobuf: try BridgeMessage(jsonString: message.jsonString).protobufBytes())
        #expect(again == message)
    }
}
