// Every example of RFC 7541 Appendix C, byte-exact both ways, with table contents.

import HPACK
import Testing

/// One header block of an Appendix C example and the dynamic table after it.
struct RFCExampleStep: Sendable {
    var headers: [HPACKHeader]
    var wire: String
    /// The dynamic table after the block, newest (index 62) first.
    var table: [HPACKHeader]
    var tableSize: Int
}

/// An Appendix C example: a sequence of blocks sharing one compression context.
struct RFCExample: Sendable, CustomTestStringConvertible {
    var section: String
    var tableSize: Int
    var huffman: Bool
    var steps: [RFCExampleStep]

    var testDescription: String { section }
}

enum RFCExamples {
    static let request1 = [header(":method", "GET"), header(":scheme", "http"), header(":path", "/"), header(":authority", "www.example.com")]
    static let request2 = request1 + [header("cache-control", "no-cache")]
    static let request3 = [header(":method", "GET"), header(":scheme", "https"), header(":path", "/index.html"),
                           header(":authority", "www.example.com"), header("custom-key", "custom-value")]
    static let date21 = "Mon, 21 Oct 2013 20:13:21 GMT"
    static let date22 = "Mon, 21 Oct 2013 20:13:22 GMT"
    static let cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"
    static let response1 = [header(":status", "302"), header("cache-control", "private"), header("date", date21),
                            header("location", "https://www.example.com")]
    static let response2 = [header(":status", "307"), header("cache-control", "private"), header("date", date21),
                            header("location", "https://www.example.com")]
    static let response3 = [header(":status", "200"), header("cache-control", "private"), header("date", date22),
                            header("location", "https://www.example.com"), header("content-encoding", "gzip"),
                            header("set-cookie", cookie)]

    static let requestTables: [[HPACKHeader]] = [
        [header(":authority", "www.example.com")],
        [header("cache-control", "no-cache"), header(":authority", "www.example.com")],
        [header("custom-key", "custom-value"), header("cache-control", "no-cache"), header(":authority", "www.example.com")],
    ]
    static let responseTables: [[HPACKHeader]] = [
        [header("location", "https://www.example.com"), header("date", date21), header("cache-control", "private"), header(":status", "302")],
        [header(":status", "307"), header("location", "https://www.example.com"), header("date", date21), header("cache-control", "private")],
        [header("set-cookie", cookie), header("content-encoding", "gzip"), header("date", date22)],
    ]

    static let all: [RFCExample] = [
        RFCExample(section: "C.2.1", tableSize: 4096, huffman: false, steps: [
            RFCExampleStep(headers: [header("custom-key", "custom-header")],
                           wire: "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
                           table: [header("custom-key", "custom-header")], tableSize: 55),
        ]),
        RFCExample(section: "C.2.2", tableSize: 4096, huffman: false, steps: [
            RFCExampleStep(headers: [HPACKHeader(name: ":path", value: "/sample/path", indexing: .nonIndexed)],
                           wire: "040c 2f73 616d 706c 652f 7061 7468", table: [], tableSize: 0),
        ]),
        RFCExample(section: "C.2.3", tableSize: 4096, huffman: false, steps: [
            RFCExampleStep(headers: [HPACKHeader(name: "password", value: "secret", indexing: .neverIndexed)],
                           wire: "1008 7061 7373 776f 7264 0673 6563 7265 74", table: [], tableSize: 0),
        ]),
        RFCExample(section: "C.2.4", tableSize: 4096, huffman: false, steps: [
            RFCExampleStep(headers: [header(":method", "GET")], wire: "82", table: [], tableSize: 0),
        ]),
        RFCExample(section: "C.3", tableSize: 4096, huffman: false, steps: [
            RFCExampleStep(headers: request1, wire: "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                           table: requestTables[0], tableSize: 57),
            RFCExampleStep(headers: request2, wire: "8286 84be 5808 6e6f 2d63 6163 6865",
                           table: requestTables[1], tableSize: 110),
            RFCExampleStep(headers: request3,
                           wire: "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
                           table: requestTables[2], tableSize: 164),
        ]),
        RFCExample(section: "C.4", tableSize: 4096, huffman: true, steps: [
            RFCExampleStep(headers: request1, wire: "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                           table: requestTables[0], tableSize: 57),
            RFCExampleStep(headers: request2, wire: "8286 84be 5886 a8eb 1064 9cbf",
                           table: requestTables[1], tableSize: 110),
            RFCExampleStep(headers: request3, wire: "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
                           table: requestTables[2], tableSize: 164),
        ]),
        RFCExample(section: "C.5", tableSize: 256, huffman: false, steps: [
            RFCExampleStep(headers: response1, wire: """
                4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32
                3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d
                """, table: responseTables[0], tableSize: 222),
            RFCExampleStep(headers: response2, wire: "4803 3330 37c1 c0bf", table: responseTables[1], tableSize: 222),
            RFCExampleStep(headers: response3, wire: """
                88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970
                7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61
                6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31
                """, table: responseTables[2], tableSize: 215),
        ]),
        RFCExample(section: "C.6", tableSize: 256, huffman: true, steps: [
            RFCExampleStep(headers: response1, wire: """
                4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad
                1718 63c7 8f0b 97c8 e9ae 82ae 43d3
                """, table: responseTables[0], tableSize: 222),
            RFCExampleStep(headers: response2, wire: "4883 640e ffc1 c0bf", table: responseTables[1], tableSize: 222),
            RFCExampleStep(headers: response3, wire: """
                88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2
                e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07
                """, table: responseTables[2], tableSize: 215),
        ]),
    ]
}

@Suite struct RFCExampleTests {
    @Test(arguments: RFCExamples.all)
    func decodesByteExact(example: RFCExample) throws {
        var decoder = HPACKDecoder(maxTableSize: example.tableSize)
        for (number, step) in example.steps.enumerated() {
            let wire = hexBytes(step.wire)
            #expect(!wire.isEmpty)
            let headers = try decoder.decode(wire)
            #expect(headers == step.headers, "\(example.section) block \(number + 1)")
            #expect(decoder.dynamicTableEntries == step.table, "\(example.section) block \(number + 1)")
            #expect(decoder.dynamicTableSize == step.tableSize, "\(example.section) block \(number + 1)")
        }
    }

    @Test(arguments: RFCExamples.all)
    func encodesByteExact(example: RFCExample) {
        var encoder = HPACKEncoder(maxTableSize: example.tableSize, useHuffman: example.huffman)
        for (number, step) in example.steps.enumerated() {
            var output: [UInt8] = []
            encoder.encode(step.headers, into: &output)
            #expect(hexString(output) == hexString(hexBytes(step.wire)), "\(example.section) block \(number + 1)")
            #expect(encoder.dynamicTableEntries == step.table, "\(example.section) block \(number + 1)")
            #expect(encoder.dynamicTableSize == step.tableSize, "\(example.section) block \(number + 1)")
        }
    }

    @Test func decodingAcceptsUnsafeRawBufferPointers() throws {
        var decoder = HPACKDecoder()
        let wire = hexBytes("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")
        let headers = try wire.withUnsafeBytes { raw in try decoder.decode(raw) }
        #expect(headers == RFCExamples.request1)
    }
}
