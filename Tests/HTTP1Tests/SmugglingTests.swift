import HTTP1
import Testing

/// Each shape peers could frame differently is refused, fed whole and byte by byte.
@Suite struct SmugglingTests {
    static let host = "POST / HTTP/1.1\r\nHost: a\r\n"

    @Test func contentLengthWithTransferEncoding() {
        expectRequestRefused(Self.host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
        expectRequestRefused(Self.host + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400)
    }

    @Test func differentContentLengths() {
        expectRequestRefused(Self.host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400)
        expectRequestRefused(Self.host + "Content-Length: 3, 4\r\n\r\nabcd", 400)
        expectRequestRefused(Self.host + "Content-Length: 3\r\ncontent-length: 3, 03, 4\r\n\r\nabcd", 400)
    }

    @Test func identicalContentLengthsAreAllowed() throws {
        for fields in ["Content-Length: 3\r\nContent-Length: 3\r\n", "Content-Length: 3, 3\r\n", "Content-Length: 3,3 , 3\r\n"] {
            let events = try decodeRequest(Self.host + fields + "\r\nabc")
            #expect(events.count == 3)
            #expect(events[1] == .body(bytes("abc")))
        }
    }

    @Test func invalidContentLengths() {
        for value in ["+3", "-3", "3 3", "3a", "0x3", "", " ", "3,", ",3", "3,,3", "3.0", "99999999999999999999", "١"] {
            expectRequestRefused(Self.host + "Content-Length: \(value)\r\n\r\nabc", 400)
        }
    }

    @Test func obsoleteLineFolding() {
        expectRequestRefused(Self.host + "X-A: one\r\n two\r\n\r\n", 400)
        expectRequestRefused(Self.host + "X-A: one\r\n\ttwo\r\n\r\n", 400)
        // Whitespace between the request line and the first field.
        expectRequestRefused("GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400)
    }

    @Test func badChunkSizes() {
        let chunked = Self.host + "Transfer-Encoding: chunked\r\n\r\n"
        for line in ["g\r\n", "\r\n", ";ext\r\n", "-1\r\n", "+1\r\n", "0x1\r\n", "1 \r\n", " 1\r\n",
                     "10000000000000000\r\n", "FFFFFFFFFFFFFFFFFFFF\r\n", "1\r\r\n", "1;a\u{01}\r\n"] {
            expectRequestRefused(chunked + line + "x\r\n0\r\n\r\n", 400)
        }
    }

    @Test func missingCRLFAfterChunkData() {
        let chunked = Self.host + "Transfer-Encoding: chunked\r\n\r\n"
        expectRequestRefused(chunked + "3\r\nabcX\r\n0\r\n\r\n", 400)
        expectRequestRefused(chunked + "3\r\nabc\rX0\r\n\r\n", 400)
        expectRequestRefused(chunked + "3\r\nabcd\r\n0\r\n\r\n", 400)
    }

    @Test func whitespaceBeforeColon() {
        expectRequestRefused("GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400)
        expectRequestRefused(Self.host + "Content-Length\t: 3\r\n\r\nabc", 400)
    }

    @Test func invalidFieldNames() {
        for name in ["X\u{00}A", "X\u{01}A", "X\u{7F}", "X(A)", "X/A", "X\"A", "Caf\u{E9}", "", "X A"] {
            expectRequestRefused(Self.host + "\(name): v\r\n\r\n", 400)
        }
        expectRequestRefused(Self.host + "NoColonHere\r\n\r\n", 400)
    }

    @Test func controlCharactersInFieldValues() {
        for value in ["a\u{00}b", "a\u{01}b", "a\u{7F}b", "a\u{1B}b"] {
            expectRequestRefused(Self.host + "X: \(value)\r\n\r\n", 400)
        }
    }

    @Test func bareCRIsRefused() {
        expectRequestRefused("GET / HTTP/1.1\rHost: a\r\n\r\n", 400)
        expectRequestRefused("GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400)
        expectRequestRefused("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n", 400)
        expectRequestRefused("\rGET / HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused(Self.host + "Transfer-Encoding: chunked\r\n\r\n0\r\nT: 1\rU: 2\r\n\r\n", 400)
        // Refused as soon as the byte after the CR is seen, without waiting for a line end.
        expectRequestRefused("GET / HTTP/1.1\rX", 400)
        expectRequestRefused("GET / HTTP/1.1\r\nHost: a\rX", 400)
    }

    @Test func transferCodingsOtherThanChunkedAre501() {
        for value in ["gzip, chunked", "chunked, gzip", "identity", "gzip", "chunked, chunked", "chunkedx", "x-chunked"] {
            expectRequestRefused(Self.host + "Transfer-Encoding: \(value)\r\n\r\n0\r\n\r\n", 501)
        }
        // Split over two lines it is the same list.
        expectRequestRefused(Self.host + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501)
        expectRequestRefused(Self.host + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501)
    }

    @Test func transferEncodingInHTTP10Is400() {
        expectRequestRefused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)
    }

    @Test func hostRules() throws {
        expectRequestRefused("GET / HTTP/1.1\r\n\r\n", 400)
        expectRequestRefused("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400)
        expectRequestRefused("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400)
        _ = try decodeRequest("GET / HTTP/1.1\r\nHOST: a\r\n\r\n")
        _ = try decodeRequest("GET / HTTP/1.0\r\n\r\n")
    }

    @Test func chunkedThenSmuggledRequestIsOnlyReadAsTheNextRequest() throws {
        // What a CL-reading peer would see as body is, to us, a second request: both must agree
        // with the chunked framing, so the bytes after "0\r\n\r\n" start a new request.
        let input = Self.host + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\nHost: a\r\n\r\n"
        let events = try decodeRequest(input)
        #expect(events.compactMap(\.head).map(\.target) == ["/", "/admin"])
    }
}
