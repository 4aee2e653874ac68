import HTTP1
import Testing

@Suite struct RequestLimitsTests {
    @Test func defaults() {
        let limits = HTTP1Limits.defaults
        #expect(limits.maxRequestLineBytes == 8192)
        #expect(limits.maxHeaderBytes == 16384)
        #expect(limits.maxHeaderCount == 100)
        #expect(limits.maxBodyBytes == 16 * 1024 * 1024)
        #expect(limits.maxChunkLineBytes == 1024)
    }

    @Test func requestLineAtTheLimitPassesOneOverIs414() throws {
        let limits = HTTP1Limits(maxRequestLineBytes: 40)
        let line = "GET /" + String(repeating: "a", count: 40 - 14) + " HTTP/1.1"  // exactly 40 bytes
        #expect(line.utf8.count == 40)
        _ = try decodeRequest(line + "\r\nHost: a\r\n\r\n", limits: limits)
        expectRequestRefused("GET /a" + String(repeating: "a", count: 40 - 14) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, limits: limits)
    }

    @Test func longRequestLineIsRefusedBeforeItsEnd() throws {
        // No line ending ever arrives: the decoder must not wait for one.
        var decoder = HTTP1RequestDecoder(limits: HTTP1Limits(maxRequestLineBytes: 100))
        var pending: [UInt8] = bytes("GET /")
        var sent = pending.count
        var thrown: HTTP1Error?
        while thrown == nil && sent < 1000 {
            do {
                let (_, consumed) = try decoder.decode(pending)
                pending.removeFirst(consumed)
                pending.append(0x61)
                sent += 1
            } catch {
                thrown = error
            }
        }
        #expect(thrown?.status == 414)
        #expect(sent == 101)
    }

    @Test func headerBytesAtTheLimitPassOneOverIs431() throws {
        // Field lines counted with their CRLF: "Host: a\r\n" (9) + "X: <v>\r\n".
        let limits = HTTP1Limits(maxHeaderBytes: 30)
        let value = String(repeating: "v", count: 30 - 9 - 5)
        _ = try decodeRequest("GET / HTTP/1.1\r\nHost: a\r\nX: \(value)\r\n\r\n", limits: limits)
        expectRequestRefused("GET / HTTP/1.1\r\nHost: a\r\nX: \(value)v\r\n\r\n", 431, limits: limits)
    }

    @Test func endlessHeaderLineIsRefusedBeforeItsEnd() {
        let limits = HTTP1Limits(maxHeaderBytes: 64)
        let input = bytes("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 100))
        #expect(requestErrorStatus(input, limits: limits) == 431)
        #expect(requestErrorStatusByteByByte(input, limits: limits) == 431)
    }

    @Test func headerCountAtTheLimitPassesOneOverIs431() throws {
        let limits = HTTP1Limits(maxHeaderCount: 5)
        let fields = (1...4).map { "X-\($0): v\r\n" }.joined()
        _ = try decodeRequest("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n", limits: limits)
        expectRequestRefused("GET / HTTP/1.1\r\nHost: a\r\n\(fields)X-5: v\r\n\r\n", 431, limits: limits)
    }

    @Test func contentLengthOverTheLimitIs413OnTheHeader() throws {
        let limits = HTTP1Limits(maxBodyBytes: 10)
        _ = try decodeRequest("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits)
        // Refused as soon as the head ends: no body byte has been sent.
        expectRequestRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", 413, limits: limits)
        expectRequestRefused("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999\r\n\r\n", 413)
    }

    @Test func chunkedTotalOverTheLimitIs413OnTheSizeLine() throws {
        let limits = HTTP1Limits(maxBodyBytes: 10)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        _ = try decodeRequest(head + "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n", limits: limits)
        // The second size line takes the total to 11: refused before its data arrives.
        expectRequestRefused(head + "5\r\n01234\r\n6\r\n", 413, limits: limits)
        expectRequestRefused(head + "b;ext", 413, limits: limits)
        expectRequestRefused(head + "B\r\n", 413, limits: limits)
        expectRequestRefused(head + "FFFFFFFF\r\n", 413)
    }

    @Test func chunkSizeLineOverTheLimitIs400() throws {
        let limits = HTTP1Limits(maxChunkLineBytes: 16)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        _ = try decodeRequest(head + "1;abcdefghijklmn\r\nx\r\n0\r\n\r\n", limits: limits)  // 16 bytes
        expectRequestRefused(head + "1;abcdefghijklmno\r\nx\r\n0\r\n\r\n", 400, limits: limits)
        expectRequestRefused(head + "1;" + String(repeating: "e", count: 5000), 400)
    }

    @Test func trailerSectionIsLimitedLikeHeaders() {
        let limits = HTTP1Limits(maxHeaderCount: 3)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        expectRequestRefused(head + "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", 431, limits: limits)
    }

    @Test func aggregatorRefusesBodiesOverTheLimit() {
        var aggregator = HTTP1RequestAggregator(limits: HTTP1Limits(maxBodyBytes: 4))
        #expect(throws: HTTP1Error(status: 413, reason: "body over 4 bytes")) {
            _ = try aggregator.push(.head(HTTPRequestHead(method: "POST", target: "/", headers: ["Host": "a"])))
            _ = try aggregator.push(.body(bytes("abc")))
            _ = try aggregator.push(.body(bytes("de")))
        }
    }
}
