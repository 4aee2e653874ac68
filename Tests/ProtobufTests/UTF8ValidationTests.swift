import Protobuf
import Testing

/// String fields accept exactly what Swift's own UTF-8 validation accepts (RFC 3629): checked
/// exhaustively for 1- and 2-byte inputs, for every 3-byte input behind the lead bytes with
/// special ranges, and for a seeded sample of 4-byte inputs.
@Suite struct UTF8ValidationTests {
    private func agrees(_ utf8: [UInt8]) -> Bool {
        let expected = String(validating: utf8, as: UTF8.self)
        let decoded = try? Grpc_Health_V1_HealthCheckRequest(serializedBytes: [0x0A, UInt8(utf8.count)] + utf8)
        return decoded?.service == expected
    }

    @Test func oneAndTwoByteInputs() {
        var disagreements: [[UInt8]] = []
        for first in 0...255 {
            if !agrees([UInt8(first)]) { disagreements.append([UInt8(first)]) }
            for second in 0...255 where !agrees([UInt8(first), UInt8(second)]) {
                disagreements.append([UInt8(first), UInt8(second)])
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func threeByteInputsWithSpecialLeadBytes() {
        var disagreements: [[UInt8]] = []
        for lead: UInt8 in [0xE0, 0xED, 0xEF, 0xC2] {
            for second in 0...255 {
                for third in 0...255 where !agrees([lead, UInt8(second), UInt8(third)]) {
                    disagreements.append([lead, UInt8(second), UInt8(third)])
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func fourByteInputsSampled() {
        var random = RandomizedDecodeTests.SeededGenerator(state: 0xF00D)
        var disagreements: [[UInt8]] = []
        for _ in 0..<50_000 {
            let lead = UInt8.random(in: 0xEE...0xF6, using: &random)
            let bytes = [lead] + (0..<3).map { _ in
                // Mostly continuation-range bytes, so the interesting paths are reached.
                Bool.random(using: &random) ? UInt8.random(in: 0x7F...0xC0, using: &random) : UInt8.random(in: 0...255, using: &random)
            }
            if !agrees(bytes) { disagreements.append(bytes) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }
}
