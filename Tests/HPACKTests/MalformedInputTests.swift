// Malformed header blocks: each must be an HPACKError with the right reason and offset.

import HPACK
import Testing

@Suite struct MalformedInputTests {
    /// The error decoding `block` with a fresh decoder throws, or nil.
    private func decodeError(_ block: [UInt8], maxTableSize: Int = 4096) -> HPACKError? {
        var decoder = HPACKDecoder(maxTableSize: maxTableSize)
        do {
            _ = try decoder.decode(block)
            return nil
        } catch {
            return error
        }
    }

    @Test func truncatedIntegers() {
        #expect(decodeError([0xFF]) == HPACKError(.truncatedInteger, offset: 0))
        #expect(decodeError([0x82, 0xFF, 0x80]) == HPACKError(.truncatedInteger, offset: 1))
        #expect(decodeError([0x7F]) == HPACKError(.truncatedInteger, offset: 0))
        #expect(decodeError([0x3F]) == HPACKError(.truncatedInteger, offset: 0))
        // A string length prefix cut short.
        #expect(decodeError([0x40, 0x7F]) == HPACKError(.truncatedInteger, offset: 1))
    }

    @Test func overlongIntegers() {
        #expect(decodeError([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])?.reason == .integerOverflow)
        #expect(decodeError([0x40, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])?.reason == .integerOverflow)
        #expect(decodeError([0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])?.reason == .integerOverflow)
    }

    @Test func truncatedStrings() {
        // New name: no length, short name, no value, short value.
        #expect(decodeError([0x40]) == HPACKError(.truncatedString, offset: 1))
        #expect(decodeError([0x40, 0x05, 0x61]) == HPACKError(.truncatedString, offset: 1))
        #expect(decodeError([0x40, 0x01, 0x61]) == HPACKError(.truncatedString, offset: 3))
        #expect(decodeError([0x10, 0x01, 0x61, 0x03, 0x62]) == HPACKError(.truncatedString, offset: 3))
        // Indexed name, value cut short.
        #expect(decodeError([0x44, 0x03, 0x2F]) == HPACKError(.truncatedString, offset: 1))
        #expect(decodeError([0x04]) == HPACKError(.truncatedString, offset: 1))
        // A length far beyond the block.
        #expect(decodeError([0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F]) == HPACKError(.truncatedString, offset: 1))
        #expect(decodeError([0x00, 0x80 | 0x7F, 0xFF, 0xFF, 0xFF, 0x7F]) == HPACKError(.truncatedString, offset: 1))
    }

    @Test func badIndexes() {
        #expect(decodeError([0x80]) == HPACKError(.zeroIndex, offset: 0))
        #expect(decodeError([0x82, 0xBE]) == HPACKError(.indexOutOfRange, offset: 1))
        #expect(decodeError([0x7E, 0x00]) == HPACKError(.indexOutOfRange, offset: 0))
        #expect(decodeError([0x0F, 0x2F, 0x00]) == HPACKError(.indexOutOfRange, offset: 0))
        #expect(decodeError([0x1F, 0x2F, 0x00]) == HPACKError(.indexOutOfRange, offset: 0))
        #expect(decodeError([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == HPACKError(.indexOutOfRange, offset: 0))
        // 62 exists once an entry is added, 63 does not.
        var decoder = HPACKDecoder()
        #expect(throws: Never.self) { _ = try decoder.decode([0x41, 0x01, 0x61, 0xBE]) }
        #expect(throws: HPACKError(.indexOutOfRange, offset: 0)) { _ = try decoder.decode([0xBF]) }
    }

    @Test func badHuffman() {
        // Name "a" Huffman-coded with zero padding; offset is the octet at fault.
        #expect(decodeError([0x40, 0x81, 0x18, 0x00]) == HPACKError(.invalidHuffmanPadding, offset: 2))
        // Padding of more than 7 bits in a value.
        #expect(decodeError([0x04, 0x82, 0x1F, 0xFF]) == HPACKError(.invalidHuffmanPadding, offset: 3))
        // EOS inside a value.
        #expect(decodeError([0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF])?.reason == .huffmanEOS)
        #expect(decodeError([0x04, 0x85, 0x1F, 0xFF, 0xFF, 0xFF, 0xFF])?.reason == .huffmanEOS)
    }

    @Test func tableSizeUpdates() throws {
        // After a field.
        #expect(decodeError([0x82, 0x20]) == HPACKError(.tableSizeUpdateNotAtStart, offset: 1))
        #expect(decodeError([0x20, 0x82, 0x3F, 0x01]) == HPACKError(.tableSizeUpdateNotAtStart, offset: 2))
        // Larger than SETTINGS_HEADER_TABLE_SIZE (4097 > 4096; 101 > 100).
        #expect(decodeError([0x3F, 0xE2, 0x1F]) == HPACKError(.tableSizeUpdateTooLarge, offset: 0))
        #expect(decodeError([0x3F, 0x46], maxTableSize: 100) == HPACKError(.tableSizeUpdateTooLarge, offset: 0))
        // Accepted: several at the start, up to the limit.
        var decoder = HPACKDecoder()
        let headers = try decoder.decode([0x20, 0x3F, 0xE1, 0x1F, 0x82])
        #expect(headers == [header(":method", "GET")])
        #expect(decoder.dynamicTableMaxSize == 4096)
    }

    @Test func loweredSettingRequiresASizeUpdate() throws {
        var decoder = HPACKDecoder()
        _ = try decoder.decode([0x41, 0x01, 0x61])  // :authority: a
        decoder.maxTableSize = 1000
        #expect(decoder.dynamicTableMaxSize == 1000)
        #expect(throws: HPACKError(.missingTableSizeUpdate, offset: 0)) { _ = try decoder.decode([0x82]) }

        var second = HPACKDecoder()
        second.maxTableSize = 100
        #expect(throws: HPACKError(.tableSizeUpdateTooLarge, offset: 0)) { _ = try second.decode([0x3F, 0xC9, 0x07]) }
        #expect(try second.decode([0x3F, 0x45, 0x82]) == [header(":method", "GET")])  // update to 100
        #expect(second.dynamicTableMaxSize == 100)
        #expect(try second.decode([0x82]) == [header(":method", "GET")])

        // Raising the setting needs no update.
        var third = HPACKDecoder(maxTableSize: 100)
        third.maxTableSize = 8192
        #expect(try third.decode([0x82]).count == 1)
        #expect(third.dynamicTableMaxSize == 100)
        #expect(try third.decode([0x3F, 0xE1, 0x3F, 0x82]).count == 1)  // update to 8192
        #expect(third.dynamicTableMaxSize == 8192)
    }

    @Test func errorDescriptionNamesReasonAndOffset() {
        let error = HPACKError(.zeroIndex, offset: 7)
        #expect(error.description.contains("zeroIndex"))
        #expect(error.description.contains("7"))
    }
}
