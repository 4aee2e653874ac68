// Header list size limits and HPACK bombs.

import HPACK
import Testing

@Suite struct LimitTests {
    @Test func headerListSizeCountsOctetsPlus32() throws {
        // ":method: GET" counts 7 + 3 + 32 = 42.
        var decoder = HPACKDecoder(maxHeaderListSize: 84)
        #expect(try decoder.decode([0x82, 0x82]).count == 2)
        #expect(throws: HPACKError(.headerListTooLarge, offset: 2)) { _ = try decoder.decode([0x82, 0x82, 0x82]) }
        // The limit is per block.
        var fresh = HPACKDecoder(maxHeaderListSize: 84)
        #expect(try fresh.decode([0x82]).count == 1)
        #expect(try fresh.decode([0x82, 0x82]).count == 2)
    }

    @Test func literalsCountToo() {
        var decoder = HPACKDecoder(maxHeaderListSize: 40)
        // name "a" (1) + value "bcdefgh" (7) + 32 = 40: fits; one more octet does not.
        #expect(throws: Never.self) { _ = try decoder.decode([0x00, 0x01, 0x61, 0x07] + Array("bcdefgh".utf8)) }
        #expect(throws: HPACKError(.headerListTooLarge, offset: 0)) {
            _ = try decoder.decode([0x00, 0x01, 0x61, 0x08] + Array("bcdefghi".utf8))
        }
    }

    /// A small block that names one large table entry again and again is refused
    /// as soon as the running size passes the limit, not after building the list.
    @Test func hpackBombIsRefusedEarly() throws {
        let value = [UInt8](repeating: 0x78, count: 4000)
        var block: [UInt8] = [0x40, 0x01, 0x78]  // literal with incremental indexing, name "x"
        HPACKInteger.encode(value.count, prefixBits: 7, into: &block)
        block += value
        let firstReference = block.count
        block += [UInt8](repeating: 0xBE, count: 1_000_000)  // index 62, a million times

        var decoder = HPACKDecoder(maxHeaderListSize: 16384)
        do {
            _ = try decoder.decode(block)
            Issue.record("the bomb was accepted")
        } catch {
            #expect(error.reason == .headerListTooLarge)
            // 4033 octets each: the literal plus three references fit, the fourth does not.
            #expect(error.offset == firstReference + 3)
        }
    }

    @Test func oneHugeFieldIsRefused() {
        var block: [UInt8] = [0x00, 0x01, 0x78]
        HPACKInteger.encode(20000, prefixBits: 7, into: &block)
        block += [UInt8](repeating: 0x79, count: 20000)
        var decoder = HPACKDecoder()
        #expect(throws: HPACKError(.headerListTooLarge, offset: 0)) { _ = try decoder.decode(block) }
        decoder.maxHeaderListSize = 30000
        #expect(throws: Never.self) { _ = try decoder.decode(block) }
    }
}
