import HTTP1
import Testing

/// Arbitrary input must end in events or a typed error, never a trap, hang or runaway memory.
@Suite struct RobustnessTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet = bytes("GET POST / HTTP/1.1 \r\n:;0123456789abcdefABCDEF\t Host chunked Content-Length Transfer-Encoding, ") + [0, 0x7F, 0xFF, 0x0D, 0x0A]

    @Test func randomBytesNeverTrap() {
        var random = Generator(state: 1)
        let limits = HTTP1Limits(maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 8, maxBodyBytes: 256, maxChunkLineBytes: 16)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<200, using: &random)
            let input = (0..<length).map { _ in Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)] }
            let step = Int.random(in: 1...8, using: &random)
            if let (events, leftover) = try? feedRequest(input, step: step, limits: limits) {
                #expect(leftover.count <= 128 + 64)
                _ = events
            }
            _ = try? feedResponse(input, methods: ["GET", "HEAD", "POST"], step: step, close: true, limits: limits)
        }
    }

    @Test func mutatedValidRequestsNeverTrapAndAgreeAcrossSplits() {
        var random = Generator(state: 7)
        let base = RequestDecoderTests.pipelined
        for _ in 0..<1500 {
            var input = base
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 0..<input.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: input[at] = Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
                case 1: input.remove(at: at)
                default: input.insert(Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)], at: at)
                }
            }
            // Fed whole or one byte at a time, the outcome is the same: same events, or an error
            // with the same status.
            let whole = Result { () throws(HTTP1Error) in try feedRequest(input, step: input.count) }
            let drip = Result { () throws(HTTP1Error) in try feedRequest(input, step: 1) }
            switch (whole, drip) {
            case (.success(let a), .success(let b)):
                #expect(coalesced(a.events) == coalesced(b.events))
                #expect(a.leftover == b.leftover)
            case (.failure(let a), .failure(let b)):
                #expect(a.status == b.status, "\(a) vs \(b)")
            default:
                Issue.record("whole and byte-by-byte disagree on \(String(decoding: input, as: UTF8.self).debugDescription)")
            }
        }
    }
}
