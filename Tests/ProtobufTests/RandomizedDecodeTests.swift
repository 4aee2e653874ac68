import BridgeCore
import Protobuf
import Testing

/// Mutated and truncated encodings must decode or throw, never crash; and whatever decodes
/// re-encodes to bytes that are stable from then on. Deterministic (a fixed seed) and bounded.
@Suite struct RandomizedDecodeTests {
    /// SplitMix64: tiny, seeded, reproducible.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String] = [
        PythonFixtures.bridgeMessageFull, PythonFixtures.bridgeMessageUnknownFields, PythonFixtures.allTypesTypical,
        PythonFixtures.allTypesMax, PythonFixtures.repeatedPacked, PythonFixtures.mapsOtherKeys,
        PythonFixtures.structAllKinds, PythonFixtures.simpleRequest, PythonFixtures.streamingOutputCallRequest,
        PythonFixtures.nestedChain,
    ]

    /// Decodes `bytes` as every message type; a success must re-encode stably.
    static func decodeAsEverything(_ bytes: [UInt8]) {
        check(TestAllTypes.self, bytes)
        check(BridgeMessageProto.self, bytes)
        check(Google_Protobuf_Struct.self, bytes)
        check(Google_Protobuf_Value.self, bytes)
        check(Grpc_Testing_SimpleRequest.self, bytes)
        check(Grpc_Testing_StreamingOutputCallRequest.self, bytes)
        if let message = try? BridgeMessage(protobuf: bytes) {
            #expect((try? BridgeMessage(protobuf: message.protobufBytes())) != nil)
        }
    }

    static func check<M: ProtoMessage>(_ type: M.Type, _ bytes: [UInt8]) {
        guard let message = try? M(serializedBytes: bytes) else { return }
        let once = message.serializedBytes()
        #expect(message.serializedSize == once.count, "\(M.self) size disagrees for \(hex(bytes))")
        guard let again = try? M(serializedBytes: once) else {
            Issue.record("\(M.self) re-encoding of \(hex(bytes)) does not decode")
            return
        }
        #expect(again.serializedBytes() == once, "\(M.self) re-encoding is not stable for \(hex(bytes))")
    }

    @Test func everyTruncation() throws {
        for seed in Self.seeds {
            let bytes = try fixture(seed)
            for length in 0..<bytes.count {
                Self.decodeAsEverything(Array(bytes[..<length]))
            }
        }
    }

    @Test func randomByteMutations() throws {
        var random = SeededGenerator(state: 0x1BAD_B002)
        for seed in Self.seeds {
            let original = try fixture(seed)
            for _ in 0..<1000 {
                var bytes = original
                let edits = Int.random(in: 1...3, using: &random)
                for _ in 0..<edits where !bytes.isEmpty {
                    let index = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                    case 1: bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
                    case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                    default: bytes.remove(at: index)
                    }
                }
                Self.decodeAsEverything(bytes)
            }
        }
    }

    @Test func randomBuffers() {
        var random = SeededGenerator(state: 42)
        for _ in 0..<2000 {
            let count = Int.random(in: 0..<48, using: &random)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            Self.decodeAsEverything(bytes)
        }
    }
}
