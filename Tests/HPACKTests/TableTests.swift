// Static and dynamic tables, eviction, size updates, indexing choices.

import HPACK
import Testing

@Suite struct TableTests {
    @Test func staticTableEntries() throws {
        var decoder = HPACKDecoder()
        let all = try decoder.decode((1...61).map { UInt8(0x80 | $0) })
        #expect(all.count == 61)
        #expect(all[0] == header(":authority", ""))
        #expect(all[1] == header(":method", "GET"))
        #expect(all[7] == header(":status", "200"))
        #expect(all[15] == header("accept-encoding", "gzip, deflate"))
        #expect(all[22] == header("authorization", ""))
        #expect(all[60] == header("www-authenticate", ""))
        #expect(decoder.dynamicTableEntries.isEmpty)
    }

    @Test func entrySizeIsNamePlusValuePlus32AndEvictionIsOldestFirst() throws {
        // Table of 100: "a: 1111" entries take 1 + 4 + 32 = 37, so two fit.
        var decoder = HPACKDecoder(maxTableSize: 100)
        var encoder = HPACKEncoder(maxTableSize: 100, useHuffman: false)
        for value in ["1111", "2222", "3333"] {
            let block = encoder.encode([header("a", value)])
            #expect(try decoder.decode(block) == [header("a", value)])
        }
        let expected = [header("a", "3333"), header("a", "2222")]
        #expect(decoder.dynamicTableEntries == expected)
        #expect(encoder.dynamicTableEntries == expected)
        #expect(decoder.dynamicTableSize == 74)
        // "a: 2222" is still at index 63, "a: 1111" was evicted (sent as literal, name indexed).
        #expect(encoder.encode([header("a", "2222")]) == [0xBF])
        #expect(encoder.encode([header("a", "1111")]) == [0x7E, 0x04] + Array("1111".utf8))
    }

    @Test func entryLargerThanTableEmptiesIt() throws {
        var decoder = HPACKDecoder(maxTableSize: 64)
        _ = try decoder.decode([0x40, 0x01, 0x61, 0x01, 0x62])  // a: b, 34
        #expect(decoder.dynamicTableSize == 34)
        var block: [UInt8] = [0x40, 0x01, 0x63, 0x20]
        block += [UInt8](repeating: 0x64, count: 32)  // 1 + 32 + 32 = 65 > 64
        #expect(try decoder.decode(block).count == 1)
        #expect(decoder.dynamicTableEntries.isEmpty)
        #expect(decoder.dynamicTableSize == 0)
    }

    @Test func sizeUpdateEvicts() throws {
        var decoder = HPACKDecoder()
        _ = try decoder.decode([0x40, 0x01, 0x61, 0x01, 0x62, 0x40, 0x01, 0x63, 0x01, 0x64])
        #expect(decoder.dynamicTableSize == 68)
        _ = try decoder.decode([0x3F, 0x0F])  // 46: keeps the newest only
        #expect(decoder.dynamicTableEntries == [header("c", "d")])
        _ = try decoder.decode([0x20])
        #expect(decoder.dynamicTableEntries.isEmpty)
        #expect(decoder.dynamicTableMaxSize == 0)
    }

    @Test func encoderSignalsSizeChangesAtTheNextBlock() throws {
        var encoder = HPACKEncoder()
        var decoder = HPACKDecoder()
        _ = try decoder.decode(encoder.encode([header("x-one", "1"), header("x-two", "2")]))

        encoder.setMaxTableSize(100)
        #expect(encoder.maxTableSize == 100)
        let block = encoder.encode([header(":method", "GET")])
        #expect(block == [0x3F, 0x45, 0x82])
        #expect(try decoder.decode(block) == [header(":method", "GET")])
        #expect(decoder.dynamicTableMaxSize == 100)
        #expect(encoder.encode([header(":method", "GET")]) == [0x82])  // once only

        // Down to 0 and back up before the next block: the smallest, then the latest.
        encoder.setMaxTableSize(0)
        #expect(encoder.dynamicTableEntries.isEmpty)
        encoder.setMaxTableSize(4096)
        let both = encoder.encode([])
        #expect(both == [0x20, 0x3F, 0xE1, 0x1F])
        _ = try decoder.decode(both)
        #expect(decoder.dynamicTableEntries.isEmpty)
        #expect(decoder.dynamicTableMaxSize == 4096)
    }

    @Test func indexingModesOnTheWire() throws {
        var encoder = HPACKEncoder(useHuffman: false)
        var decoder = HPACKDecoder()
        let secret = HPACKHeader(name: "authorization", value: "Bearer x", indexing: .neverIndexed)
        let plain = HPACKHeader(name: "x-trace", value: "abc", indexing: .nonIndexed)
        let block = encoder.encode([secret, plain])
        // Never indexed with static name 23 (4-bit prefix: 15 + 8), then without indexing, new name.
        #expect(Array(block.prefix(2)) == [0x1F, 0x08])
        #expect(block[11] == 0x00)
        #expect(encoder.dynamicTableEntries.isEmpty)
        let decoded = try decoder.decode(block)
        #expect(decoded == [secret, plain])
        #expect(decoder.dynamicTableEntries.isEmpty)
        // Sent again, still literal: never looked up in, nor added to, the table.
        #expect(encoder.encode([secret]) == block.prefix(11).map { $0 })
    }

    @Test func repeatedFieldBecomesOneOctet() throws {
        var encoder = HPACKEncoder()
        var decoder = HPACKDecoder()
        let field = header("user-agent", "IPCBridge/1.0")
        let first = encoder.encode([field])
        #expect(first.first == UInt8(0x40 | 58))  // incremental indexing, static name 58
        #expect(encoder.encode([field]) == [0xBE])
        #expect(try decoder.decode(first) == [field])
        #expect(try decoder.decode([0xBE]) == [field])
    }

    @Test func fieldLargerThanTableIsNotIndexed() throws {
        var encoder = HPACKEncoder(maxTableSize: 64)
        var decoder = HPACKDecoder(maxTableSize: 64)
        _ = try decoder.decode(encoder.encode([header("a", "b")]))
        let big = header("x-big", String(repeating: "z", count: 100))
        let block = encoder.encode([big])
        #expect(block.first == 0x00)
        #expect(encoder.dynamicTableEntries == [header("a", "b")])
        let decoded = try decoder.decode(block)
        #expect(decoded == [HPACKHeader(name: big.name, value: big.value, indexing: .nonIndexed)])
        #expect(decoder.dynamicTableEntries == [header("a", "b")])
    }

    @Test func invalidUTF8IsReplacedButSizedInOctets() throws {
        var decoder = HPACKDecoder()
        let headers = try decoder.decode([0x40, 0x01, 0x61, 0x02, 0xFF, 0xFE])
        #expect(headers.count == 1)
        #expect(headers[0].value.unicodeScalars.allSatisfy { $0 == "\u{FFFD}" })
        #expect(decoder.dynamicTableSize == 1 + 2 + 32)
    }

    @Test func bigTablesGrowAndStayConsistent() throws {
        var encoder = HPACKEncoder(maxTableSize: 65536, useHuffman: true)
        var decoder = HPACKDecoder(maxTableSize: 65536)
        for round in 0..<3 {
            for number in 0..<1500 {
                let field = header("x-\(number % 97)", "value-\(number)-\(round)")
                #expect(try decoder.decode(encoder.encode([field])) == [field])
            }
            #expect(decoder.dynamicTableEntries == encoder.dynamicTableEntries)
            #expect(decoder.dynamicTableSize <= 65536)
        }
    }
}
