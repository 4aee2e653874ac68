// Huffman coding of string literals (RFC 7541 section 5.2, Appendix B).

import HPACK
import Testing

@Suite struct HuffmanTests {
    /// Strings and codes from the examples of RFC 7541 Appendix C.4 and C.6.
    static let rfcExamples: [(String, String)] = [
        ("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff"),
        ("no-cache", "a8eb 1064 9cbf"),
        ("custom-key", "25a8 49e9 5ba9 7d7f"),
        ("custom-value", "25a8 49e9 5bb8 e8b4 bf"),
        ("302", "6402"),
        ("307", "640e ff"),
        ("private", "aec3 771a 4b"),
        ("Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"),
        ("Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff"),
        ("https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"),
        ("gzip", "9bd9 ab"),
        ("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
         "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07"),
    ]

    /// The bits of `codes` (each `(code, length)`) packed MSB first, the last octet
    /// completed with `padding` (a bit string such as "111").
    private func pack(_ codes: [(UInt64, Int)], padding: String = "") -> [UInt8] {
        var bits: [Bool] = []
        for (code, length) in codes {
            for shift in stride(from: length - 1, through: 0, by: -1) { bits.append((code >> UInt64(shift)) & 1 == 1) }
        }
        bits += padding.map { $0 == "1" }
        var bytes: [UInt8] = []
        var index = 0
        while index < bits.count {
            var byte: UInt8 = 0
            for bit in 0..<8 where index + bit < bits.count && bits[index + bit] { byte |= 0x80 >> UInt8(bit) }
            bytes.append(byte)
            index += 8
        }
        return bytes
    }

    @Test(arguments: HuffmanTests.rfcExamples.indices)
    func rfcStringsEncodeAndDecode(example: Int) throws {
        let (text, hex) = Self.rfcExamples[example]
        let plain = Array(text.utf8)
        var encoded: [UInt8] = []
        Huffman.encode(plain, into: &encoded)
        #expect(hexString(encoded) == hexString(hexBytes(hex)))
        #expect(Huffman.encodedLength(plain) == encoded.count)
        #expect(try Huffman.decode(hexBytes(hex)) == plain)
    }

    @Test func everyOctetRoundTrips() throws {
        let all = (0...255).map { UInt8($0) }
        for byte in all {
            var encoded: [UInt8] = []
            Huffman.encode([byte], into: &encoded)
            #expect(try Huffman.decode(encoded) == [byte])
        }
        var encoded: [UInt8] = []
        Huffman.encode(all + all.reversed(), into: &encoded)
        #expect(Huffman.encodedLength(all + all.reversed()) == encoded.count)
        #expect(try Huffman.decode(encoded) == all + all.reversed())
    }

    @Test func randomStringsRoundTrip() throws {
        var random = SplitMix64(seed: 7541)
        for _ in 0..<2000 {
            let length = Int.random(in: 0...64, using: &random)
            let plain = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var encoded: [UInt8] = []
            Huffman.encode(plain, into: &encoded)
            #expect(encoded.count == Huffman.encodedLength(plain))
            #expect(try Huffman.decode(encoded) == plain)
        }
    }

    @Test func emptyInputIsEmptyString() throws {
        #expect(try Huffman.decode([]) == [])
        var encoded: [UInt8] = []
        Huffman.encode([], into: &encoded)
        #expect(encoded.isEmpty)
    }

    @Test func paddingRules() throws {
        let a: (UInt64, Int) = (0x3, 5)  // 'a' = 00011
        let space: (UInt64, Int) = (0x14, 6)  // ' ' = 010100
        // Up to 7 bits of ones are padding.
        #expect(try Huffman.decode(pack([a], padding: "111")) == Array("a".utf8))
        #expect(try Huffman.decode(pack([a, space, space], padding: "1111111")) == Array("a  ".utf8))
        // Padding that is not all ones.
        #expect(failureReason { try Huffman.decode(pack([a], padding: "110")) } == .invalidHuffmanPadding)
        #expect(failureReason { try Huffman.decode(pack([a], padding: "000")) } == .invalidHuffmanPadding)
        // Padding longer than 7 bits (a whole extra octet of ones).
        #expect(failureReason { try Huffman.decode(pack([a], padding: "11111111111")) } == .invalidHuffmanPadding)
        #expect(failureReason { try Huffman.decode([0xFF]) } == .invalidHuffmanPadding)
        // A trailing partial code that is not a prefix of EOS ('!' is 1111111000).
        #expect(failureReason { try Huffman.decode([0xFE]) } == .invalidHuffmanPadding)
    }

    @Test func explicitEOSIsAnError() throws {
        let eos: (UInt64, Int) = (0x3FFF_FFFF, 30)
        #expect(failureReason { try Huffman.decode(pack([eos], padding: "11")) } == .huffmanEOS)
        #expect(failureReason { try Huffman.decode(pack([(0x3, 5), eos], padding: "11111")) } == .huffmanEOS)
        #expect(failureReason { try Huffman.decode(pack([eos, (0x3, 5)], padding: "1")) } == .huffmanEOS)
        #expect(failureReason { try Huffman.decode([0xFF, 0xFF, 0xFF, 0xFF]) } == .huffmanEOS)
    }

    @Test func errorOffsetPointsIntoTheString() {
        do {
            _ = try Huffman.decode([0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .huffmanEOS)
            #expect(error.offset > 0 && error.offset < 6)
        }
    }

    /// Any input that decodes is the one canonical encoding of its output: codes
    /// are unique and padding is forced (fewer than 8 bits, all ones).
    @Test func decodableInputsAreCanonical() throws {
        var random = SplitMix64(seed: 42)
        var decodedCount = 0
        for _ in 0..<20000 {
            let length = Int.random(in: 1...6, using: &random)
            let input = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            guard let output = try? Huffman.decode(input) else { continue }
            decodedCount += 1
            var encoded: [UInt8] = []
            Huffman.encode(output, into: &encoded)
            #expect(encoded == input)
        }
        #expect(decodedCount > 100)
    }
}
