// Prefixed integer coding (RFC 7541 section 5.1 and Appendix C.1).

import HPACK
import Testing

@Suite struct IntegerTests {
    private func encoded(_ value: Int, prefixBits: Int, flags: UInt8 = 0) -> [UInt8] {
        var output: [UInt8] = []
        HPACKInteger.encode(value, prefixBits: prefixBits, flags: flags, into: &output)
        return output
    }

    @Test func appendixC1Examples() throws {
        // C.1.1: 10 with a 5-bit prefix.
        #expect(encoded(10, prefixBits: 5) == [0x0A])
        #expect(try HPACKInteger.decode([0x0A], prefixBits: 5) == (10, 1))
        // C.1.2: 1337 with a 5-bit prefix.
        #expect(encoded(1337, prefixBits: 5) == [0x1F, 0x9A, 0x0A])
        #expect(try HPACKInteger.decode([0x1F, 0x9A, 0x0A], prefixBits: 5) == (1337, 3))
        // C.1.3: 42 at an octet boundary.
        #expect(encoded(42, prefixBits: 8) == [0x2A])
        #expect(try HPACKInteger.decode([0x2A], prefixBits: 8) == (42, 1))
    }

    @Test func flagsAboveThePrefixAreKeptAndIgnored() throws {
        #expect(encoded(10, prefixBits: 5, flags: 0xE0) == [0xEA])
        #expect(encoded(31, prefixBits: 5, flags: 0x20) == [0x3F, 0x00])
        #expect(try HPACKInteger.decode([0xEA], prefixBits: 5) == (10, 1))
        #expect(try HPACKInteger.decode([0xFF, 0x00], prefixBits: 5) == (31, 2))
    }

    @Test(arguments: 1...8) func roundTripsAcrossPrefixes(prefixBits: Int) throws {
        var values = [0, 1, 2, 126, 127, 128, 254, 255, 256, 1337, 16383, 16384, 65535, 1 << 20, (1 << 28) - 1]
        values.append((1 << prefixBits) - 2)
        values.append((1 << prefixBits) - 1)
        values.append((1 << prefixBits))
        for value in values {
            let bytes = encoded(value, prefixBits: prefixBits)
            let decoded = try HPACKInteger.decode(bytes, prefixBits: prefixBits)
            #expect(decoded.value == value)
            #expect(decoded.length == bytes.count)
        }
    }

    @Test func decodingAdvancesTheOffset() throws {
        let bytes: [UInt8] = [0x00, 0x1F, 0x9A, 0x0A, 0x05]
        let steps = try bytes.withUnsafeBytes { raw in
            var offset = 1
            let first = try HPACKInteger.decode(raw, prefixBits: 5, offset: &offset)
            let afterFirst = offset
            let second = try HPACKInteger.decode(raw, prefixBits: 5, offset: &offset)
            return [first, afterFirst, second, offset]
        }
        #expect(steps == [1337, 4, 5, 5])
    }

    @Test func truncatedIntegersAreErrors() {
        #expect(failureReason { try HPACKInteger.decode([], prefixBits: 5) } == .truncatedInteger)
        #expect(failureReason { try HPACKInteger.decode([0x1F], prefixBits: 5) } == .truncatedInteger)
        #expect(failureReason { try HPACKInteger.decode([0x1F, 0x9A], prefixBits: 5) } == .truncatedInteger)
        #expect(failureReason { try HPACKInteger.decode([0xFF, 0x80, 0x80], prefixBits: 8) } == .truncatedInteger)
    }

    @Test func overlongIntegersAreErrors() throws {
        // Four continuation octets (28 bits) are accepted, a fifth is not.
        #expect(try HPACKInteger.decode([0x1F, 0xFF, 0xFF, 0xFF, 0x7F], prefixBits: 5).value == 31 + (1 << 28) - 1)
        #expect(failureReason { try HPACKInteger.decode([0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], prefixBits: 5) } == .integerOverflow)
        #expect(failureReason { try HPACKInteger.decode([0x1F, 0x80, 0x80, 0x80, 0x80, 0x00], prefixBits: 5) } == .integerOverflow)
        // Int-sized garbage never wraps.
        let huge: [UInt8] = [0xFF] + [UInt8](repeating: 0xFF, count: 12) + [0x01]
        #expect(failureReason { try HPACKInteger.decode(huge, prefixBits: 8) } == .integerOverflow)
    }

    @Test func negativeValuesEncodeAsZero() {
        #expect(encoded(-5, prefixBits: 7, flags: 0x80) == [0x80])
    }
}
