import HTTP1
import Testing

/// The head scanners skip eight bytes at a time; these put the interesting byte at every
/// position of long lines so each lane of the word and the byte-wise tail is exercised.
@Suite struct ByteScanningTests {
    static let value = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"  // 46 bytes

    @Test func controlByteAtEveryPositionOfAValueIsRefused() {
        for control: UInt8 in [0x00, 0x01, 0x0B, 0x1F, 0x7F] {
            for position in 0..<Self.value.utf8.count {
                var valueBytes = bytes(Self.value)
                valueBytes[position] = control
                let input = bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ") + valueBytes + bytes("\r\n\r\n")
                #expect(requestErrorStatus(input) == 400, "control \(control) at \(position)")
            }
        }
    }

    @Test func bareCRAtEveryPositionIsRefused() {
        for position in 0..<Self.value.utf8.count {
            var valueBytes = bytes(Self.value)
            valueBytes[position] = 0x0D
            let input = bytes("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ") + valueBytes + bytes("\r\n\r\n")
            #expect(requestErrorStatus(input) == 400, "CR at \(position)")
            #expect(requestErrorStatusByteByByte(input) == 400, "CR at \(position)")
        }
    }

    @Test func tabsAndObsTextAtEveryPositionAreKept() throws {
        for insert in ["\t", "é", "\u{FF}"] {
            for position in 1..<Self.value.count - 1 {
                var value = Self.value
                value.insert(contentsOf: insert, at: value.index(value.startIndex, offsetBy: position))
                let events = try decodeRequest("GET / HTTP/1.1\r\nHost: a\r\nX-Long: \(value)\r\n\r\n")
                #expect(events.first?.head?.headers["x-long"] == value)
            }
        }
    }

    @Test func lineEndingsAtEveryAlignment() throws {
        // Field lines of every length from 1 to 40 bytes, with LF and CRLF endings.
        for ending in ["\r\n", "\n"] {
            var input = "GET / HTTP/1.1" + ending + "Host: a" + ending
            var expected: HTTPHeaders = ["Host": "a"]
            for length in 1...40 {
                let value = String(repeating: "v", count: length)
                input += "X\(length): \(value)" + ending
                expected.add("X\(length)", value)
            }
            input += ending
            let events = try decodeRequest(input)
            #expect(events.first?.head?.headers == expected)
            let (drip, leftover) = try feedRequest(bytes(input), step: 1)
            #expect(leftover.isEmpty)
            #expect(coalesced(drip) == events)
        }
    }

    @Test func requestsKeepDecodingAfterConnectionClose() throws {
        // Whether to stop is the server's call; the decoder reports it on each head.
        let events = try decodeRequest("GET /1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(events.compactMap(\.head).map(\.keepAlive) == [false, true])
    }

    @Test func versionIsCheckedBeforeHeaders() {
        // The request line alone decides a 505, before a missing Host could make it a 400.
        expectRequestRefused("GET / HTTP/2.0\r\n\r\n", 505)
        expectRequestRefused("GET / HTTP/2.0\r\nHost a\r\n", 505)
    }
}
