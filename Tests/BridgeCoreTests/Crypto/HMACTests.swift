import Testing
import BridgeCore

@Suite("HMAC-SHA-256")
struct HMACTests {
    private static let largeKey = [UInt8](repeating: 0xaa, count: 131)

    /// RFC 4231 section 4, test cases 1-7 (case 5 compares only the first 128 bits, as the RFC does).
    @Test(arguments: [
        (1, [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (2, Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (3, [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (4, (1...25).map { UInt8($0) }, [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (5, [UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8),
         "a3b6167473100ee06e0c796c2955552b"),
        (6, largeKey, Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (7, largeKey, Array(("This is a test using a larger than block-size key and a larger than block-size data. "
            + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func rfc4231(testCase: Int, key: [UInt8], message: [UInt8], expected: String) {
        let mac = HMAC.sha256(key: key, message: message)
        #expect(mac.count == 32, "case \(testCase)")
        let compared = expected.count == 32 ? Array(mac.prefix(16)) : mac
        #expect(Hex.encode(compared) == expected, "case \(testCase)")
    }

    @Test func keyOfExactlyOneBlockIsUsedAsIs() {
        // A 64-byte key must not be hashed first: the MAC differs from the one under its hash.
        let key = [UInt8](repeating: 0x42, count: 64)
        let message = Array("block".utf8)
        #expect(HMAC.sha256(key: key, message: message) != HMAC.sha256(key: SHA256.hash(key), message: message))
        // A 65-byte key is hashed first, so it behaves exactly like its digest.
        let longKey = [UInt8](repeating: 0x42, count: 65)
        #expect(HMAC.sha256(key: longKey, message: message) == HMAC.sha256(key: SHA256.hash(longKey), message: message))
    }

    @Test func constantTimeEquals() {
        let mac = HMAC.sha256(key: Array("k".utf8), message: Array("m".utf8))
        #expect(HMAC.constantTimeEquals(mac, mac))
        #expect(HMAC.constantTimeEquals([], []))
        var lastByteFlipped = mac
        lastByteFlipped[31] ^= 0x01
        #expect(!HMAC.constantTimeEquals(mac, lastByteFlipped))
        var firstByteFlipped = mac
        firstByteFlipped[0] ^= 0x80
        #expect(!HMAC.constantTimeEquals(mac, firstByteFlipped))
        #expect(!HMAC.constantTimeEquals(mac, Array(mac.prefix(31))))
        #expect(!HMAC.constantTimeEquals([], [0]))
    }
}
