// Randomized robustness: mutated blocks never crash, random lists round-trip.

import HPACK
import Testing

@Suite struct FuzzTests {
    /// Block sequences to mutate: the RFC examples.
    static let corpus: [(tableSize: Int, blocks: [[UInt8]])] = RFCExamples.all.map { example in
        (example.tableSize, example.steps.map { hexBytes($0.wire) })
    }

    private func mutate(_ block: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var block = block
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = block.isEmpty ? 0 : Int.random(in: 0..<block.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0 where !block.isEmpty:
                block[position] ^= 1 << UInt8.random(in: 0...7, using: &random)
            case 1 where !block.isEmpty:
                block[position] = UInt8.random(in: 0...255, using: &random)
            case 2:
                block.removeLast(Int.random(in: 0...block.count, using: &random))
            case 3:
                block.insert(UInt8.random(in: 0...255, using: &random), at: position)
            case 4 where !block.isEmpty:
                block.remove(at: position)
            case 5:
                let interesting: [UInt8] = [0x00, 0x20, 0x3F, 0x40, 0x7F, 0x80, 0xBE, 0xFF]
                block.insert(interesting[Int.random(in: 0..<interesting.count, using: &random)], at: position)
            default:
                if !block.isEmpty {
                    let end = min(block.count, position + Int.random(in: 1...8, using: &random))
                    block.insert(contentsOf: block[position..<end], at: position)
                }
            }
        }
        return block
    }

    /// Checks the decoder's table invariants.
    private func checkTable(_ decoder: HPACKDecoder) {
        let entries = decoder.dynamicTableEntries
        let sum = entries.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 }
        #expect(decoder.dynamicTableSize <= decoder.dynamicTableMaxSize)
        #expect(decoder.dynamicTableMaxSize <= decoder.maxTableSize)
        // Replacement characters can make a String longer than its octets; never shorter.
        #expect(sum >= decoder.dynamicTableSize)
    }

    @Test func mutatedBlocksNeverCrash() {
        var random = SplitMix64(seed: 0x4850_4143_4B21)
        var failures = 0
        var successes = 0
        for _ in 0..<6000 {
            let (tableSize, blocks) = Self.corpus[Int.random(in: 0..<Self.corpus.count, using: &random)]
            let target = Int.random(in: 0..<blocks.count, using: &random)
            var decoder = HPACKDecoder(maxTableSize: tableSize, maxHeaderListSize: 4096)
            for (index, original) in blocks.enumerated() {
                let block = index == target ? mutate(original, using: &random) : original
                do {
                    _ = try decoder.decode(block)
                    successes += 1
                    checkTable(decoder)
                } catch {
                    failures += 1
                    break
                }
            }
        }
        #expect(failures > 0 && successes > 0)
    }

    @Test func randomBytesNeverCrash() {
        var random = SplitMix64(seed: 99)
        for _ in 0..<6000 {
            let length = Int.random(in: 0...48, using: &random)
            let block = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            var decoder = HPACKDecoder(maxTableSize: 256, maxHeaderListSize: 2048)
            if (try? decoder.decode(block)) != nil { checkTable(decoder) }
        }
    }

    /// Random header lists, indexing modes, table sizes and Huffman settings
    /// survive encoding and decoding exactly, with both tables in step.
    @Test func randomListsRoundTrip() throws {
        var random = SplitMix64(seed: 2024)
        let names = [":method", ":path", "content-type", "cookie", "x-a", "x-b", "authorization", "X-Mixed", "é-name"]
        let values = ["", "GET", "/", "text/plain", "a", "bb", "ünïcødé ✓", String(repeating: "v", count: 300)]
        for trial in 0..<60 {
            var encoder = HPACKEncoder(maxTableSize: 4096, useHuffman: trial % 2 == 0)
            var decoder = HPACKDecoder(maxTableSize: 4096, maxHeaderListSize: 1 << 20)
            for _ in 0..<40 {
                if Int.random(in: 0..<8, using: &random) == 0 {
                    encoder.setMaxTableSize([0, 64, 256, 1000, 4096][Int.random(in: 0..<5, using: &random)])
                }
                var list: [HPACKHeader] = []
                for _ in 0..<Int.random(in: 0...12, using: &random) {
                    var name = names[Int.random(in: 0..<names.count, using: &random)]
                    if Int.random(in: 0..<4, using: &random) == 0 { name += "-\(Int.random(in: 0..<50, using: &random))" }
                    var value = values[Int.random(in: 0..<values.count, using: &random)]
                    if Int.random(in: 0..<3, using: &random) == 0 { value += "\(Int.random(in: 0..<1000, using: &random))" }
                    let indexing: HPACKHeader.Indexing = [.indexable, .indexable, .indexable, .nonIndexed, .neverIndexed][Int.random(in: 0..<5, using: &random)]
                    list.append(HPACKHeader(name: name, value: value, indexing: indexing))
                }
                let decoded = try decoder.decode(encoder.encode(list))
                #expect(decoded.map { HPACKHeader(name: $0.name, value: $0.value) } == list.map { HPACKHeader(name: $0.name, value: $0.value) })
                for (sent, received) in zip(list, decoded) where sent.indexing != .indexable {
                    #expect(received.indexing == sent.indexing)
                }
                #expect(decoder.dynamicTableEntries == encoder.dynamicTableEntries)
                #expect(decoder.dynamicTableMaxSize == encoder.maxTableSize)
            }
        }
    }
}
