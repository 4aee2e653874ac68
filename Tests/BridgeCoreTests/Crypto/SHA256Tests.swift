import Testing
import BridgeCore

@Suite("SHA-256")
struct SHA256Tests {
    private static func digestHex(_ text: String) -> String {
        Hex.encode(SHA256.hash(Array(text.utf8)))
    }

    /// 200 bytes with no repeating short pattern, so a misplaced byte changes the digest.
    private static let twoHundredBytes: [UInt8] = (0..<200).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
    private static let twoHundredBytesDigest = "2c7e18c942ef065b526a2d4e5546283749cd3ddfb51d8fc71f42717363685f46"

    // MARK: FIPS 180-4 example vectors

    @Test func emptyMessage() {
        #expect(Self.digestHex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() {
        #expect(Self.digestHex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessage448Bits() {
        #expect(Self.digestHex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func message896Bits() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(Self.digestHex(message) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(Hex.encode(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == expected)

        // The same million bytes fed in uneven pieces.
        var hasher = SHA256()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 997)
        var fed = 0
        while fed + piece.count <= 1_000_000 { hasher.update(piece); fed += piece.count }
        hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000 - fed))
        #expect(Hex.encode(hasher.finalize()) == expected)
    }

    /// Lengths around the padding boundaries (55/56 bytes decide whether padding spills into a
    /// second block); expected values from Python's hashlib.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
    ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(Hex.encode(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: length))) == expected)
    }

    // MARK: incremental hashing

    @Test func oneShotMatchesIndependentValue() {
        #expect(Hex.encode(SHA256.hash(Self.twoHundredBytes)) == Self.twoHundredBytesDigest)
    }

    @Test func splitAtEveryOffsetMatchesOneShot() {
        let input = Self.twoHundredBytes
        for split in 0...input.count {
            var hasher = SHA256()
            hasher.update(Array(input[..<split]))
            hasher.update(Array(input[split...]))
            #expect(Hex.encode(hasher.finalize()) == Self.twoHundredBytesDigest, "split at \(split)")
        }
    }

    @Test func threeWaySplitsThroughRawBuffers() {
        let input = Self.twoHundredBytes
        input.withUnsafeBytes { raw in
            for first in stride(from: 0, through: input.count, by: 13) {
                for second in stride(from: first, through: input.count, by: 29) {
                    var hasher = SHA256()
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[..<first]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[first..<second]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[second...]))
                    #expect(Hex.encode(hasher.finalize()) == Self.twoHundredBytesDigest, "splits \(first), \(second)")
                }
            }
        }
    }

    @Test func byteAtATimeAndEmptyUpdates() {
        var hasher = SHA256()
        hasher.update([])
        for byte in Self.twoHundredBytes {
            hasher.update([byte])
            hasher.update([])
        }
        #expect(Hex.encode(hasher.finalize()) == Self.twoHundredBytesDigest)
    }

    @Test func finalizeResetsTheHasher() {
        var hasher = SHA256()
        hasher.update(Array("abc".utf8))
        _ = hasher.finalize()
        #expect(Hex.encode(hasher.finalize()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func digestIsThirtyTwoBytes() {
        #expect(SHA256.hash(Array("x".utf8)).count == 32)
    }

    // MARK: chained hashing (expected values from Python's hashlib)

    @Test(arguments: [
        ("", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abc", 2, "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358"),
        ("ipcbridge", 1000, "da6a0704b32cd65314fa8f5907ad748f285e54fe6b79e2a9c80baad613b4ee23"),
        ("board-7", 100_000, "8038471a2705af7a922c9433213ceab31194cb974793ae856888615c9fbfd11b"),
    ])
    func chained(seed: String, rounds: Int, expected: String) {
        #expect(Hex.encode(chainedSHA256(seed: Array(seed.utf8), rounds: rounds)) == expected)
    }

    @Test func chainedWithLongSeed() {
        let expected = "3ea44fb97336c7d04752ed3198a5351d1d5d82a636534fecee0aa41fe205dc0a"
        #expect(Hex.encode(chainedSHA256(seed: (0..<200).map { UInt8($0) }, rounds: 3)) == expected)
    }

    @Test func chainedMatchesRepeatedHashing() {
        var digest = SHA256.hash(Array("seed".utf8))
        for _ in 2...50 { digest = SHA256.hash(digest) }
        #expect(chainedSHA256(seed: Array("seed".utf8), rounds: 50) == digest)
    }

    // MARK: hex

    @Test func hexEncodesLowercase() {
        #expect(Hex.encode([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(hexString([0xde, 0xad, 0xBE, 0xEF]) == "deadbeef")
        #expect(Hex.encode([]) == "")
    }

    @Test func hexDecodes() {
        #expect(Hex.decode("000fABff") == [0x00, 0x0f, 0xab, 0xff])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.decode("") == [])
    }
}
