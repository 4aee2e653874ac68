import HTTP1
import Testing

@Suite struct ResponseDecoderTests {
    /// Decodes `input` whole, then byte by byte, then at every split point, expecting the same events.
    func decodeEverySplit(
        _ input: String, methods: [String], close: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> [HTTP1ResponseDecoder.Event] {
        let data = bytes(input)
        let (whole, leftover) = try feedResponse(data, methods: methods, step: data.count, close: close)
        #expect(leftover.isEmpty, sourceLocation: sourceLocation)
        let (single, _) = try feedResponse(data, methods: methods, step: 1, close: close)
        #expect(coalesced(single) == coalesced(whole), "byte by byte", sourceLocation: sourceLocation)
        for split in 1..<data.count {
            var decoder = HTTP1ResponseDecoder()
            for method in methods { decoder.expectResponse(toMethod: method) }
            var pending = Array(data[..<split])
            var (events, consumed) = try decoder.decode(pending)
            pending.removeFirst(consumed)
            pending += data[split...]
            let (more, consumed2) = try decoder.decode(pending)
            events += more
            pending.removeFirst(consumed2)
            if close { events += try decoder.endOfInput() }
            #expect(coalesced(events) == coalesced(whole), "split at \(split)", sourceLocation: sourceLocation)
        }
        return coalesced(whole)
    }

    @Test func contentLengthResponse() throws {
        let events = try decodeEverySplit("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello", methods: ["GET"])
        #expect(events == [
            .head(HTTPResponseHead(status: 200, reason: "OK", headers: ["Content-Length": "5", "Content-Type": "text/plain"])),
            .body(bytes("hello")),
            .end(trailers: [:]),
        ])
    }

    @Test func chunkedResponseWithTrailers() throws {
        let events = try decodeEverySplit(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\ngrpc-status: 0\r\n\r\n", methods: ["POST"])
        #expect(events.count == 3)
        #expect(events[1] == .body(bytes("abc")))
        #expect(events[2] == .end(trailers: ["grpc-status": "0"]))
    }

    @Test func headResponseHasNoBodyDespiteContentLength() throws {
        let events = try decodeEverySplit(
            "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", methods: ["HEAD", "DELETE"])
        #expect(events.count == 4)
        #expect(events[0].head?.status == 200)
        #expect(events[1] == .end(trailers: [:]))
        #expect(events[2].head?.status == 204)
        #expect(events[3] == .end(trailers: [:]))
    }

    @Test func noBodyFor204And304() throws {
        let events = try decodeEverySplit(
            "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            methods: ["GET", "GET", "GET"])
        #expect(events.compactMap(\.head).map(\.status) == [204, 304, 200])
        #expect(events.filter { $0 == .end(trailers: [:]) }.count == 3)
        #expect(events.contains(.body(bytes("ok"))))
    }

    @Test func interimResponsesPrecedeTheFinalOne() throws {
        var decoder = HTTP1ResponseDecoder()
        decoder.expectResponse(toMethod: "POST")
        let input = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
        let (events, consumed) = try decoder.decode(input)
        #expect(consumed == input.count)
        #expect(events.compactMap(\.head).map(\.status) == [100, 103, 200])
        #expect(events.count == 7)
        #expect(decoder.outstandingResponses == 0)
    }

    @Test func closeDelimitedBodyEndsAtEndOfInput() throws {
        let events = try decodeEverySplit("HTTP/1.0 200 OK\r\nServer: old\r\n\r\nuntil the end", methods: ["GET"], close: true)
        #expect(events == [
            .head(HTTPResponseHead(version: .http1_0, status: 200, reason: "OK", headers: ["Server": "old"])),
            .body(bytes("until the end")),
            .end(trailers: [:]),
        ])
        #expect(events[0].head?.keepAlive == false)
    }

    @Test func closeDelimitedBodyIsLimited() {
        var decoder = HTTP1ResponseDecoder(limits: HTTP1Limits(maxBodyBytes: 4))
        decoder.expectResponse(toMethod: "GET")
        #expect(throws: HTTP1Error.self) { try decoder.decode(bytes("HTTP/1.1 200 OK\r\n\r\n12345")) }
    }

    @Test func endOfInputMidMessageThrows() throws {
        for partial in ["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel", "HTTP/1.1 200 OK\r\nContent-", "HTTP/1.1 2",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"] {
            var decoder = HTTP1ResponseDecoder()
            decoder.expectResponse(toMethod: "GET")
            _ = try decoder.decode(bytes(partial))
            #expect(throws: HTTP1Error.self, "\(partial)") { try decoder.endOfInput() }
        }
    }

    @Test func endOfInputBetweenMessagesIsClean() throws {
        var decoder = HTTP1ResponseDecoder()
        #expect(try decoder.endOfInput() == [])
        decoder.expectResponse(toMethod: "GET")
        let (events, _) = try decoder.decode(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"))
        #expect(events.count == 2)
        #expect(try decoder.endOfInput() == [])
    }

    @Test func unsolicitedResponseIsAnError() {
        var decoder = HTTP1ResponseDecoder()
        #expect(throws: HTTP1Error.self) { try decoder.decode(bytes("HTTP/1.1 200 OK\r\n\r\n")) }
    }

    @Test func switchingProtocolsStopsDecoding() throws {
        var decoder = HTTP1ResponseDecoder()
        decoder.expectResponse(toMethod: "GET")
        let input = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n\u{0}\u{0}\u{12}")
        let (events, consumed) = try decoder.decode(input)
        #expect(events.count == 2)
        #expect(consumed == input.count - 3)
        #expect(decoder.isUpgraded)
        #expect(try decoder.decode(Array(input[consumed...])).consumed == 0)
    }

    @Test func statusLineVariants() throws {
        let events = try decodeEverySplit(
            "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\nHTTP/1.1 404 \r\nContent-Length: 0\r\n\r\nHTTP/1.1 599 Odd Status\r\n\r\n",
            methods: ["GET", "GET", "GET"], close: true)
        let heads = events.compactMap(\.head)
        #expect(heads.map(\.status) == [200, 404, 599])
        #expect(heads.map(\.reason) == ["", "", "Odd Status"])
    }

    @Test func malformedResponsesAreRefused() {
        let cases: [(String, Int)] = [
            ("HTTP/1.1 20 OK\r\n\r\n", 400),
            ("HTTP/1.1 2000 OK\r\n\r\n", 400),
            ("HTTP/1.1 099 Low\r\n\r\n", 400),
            ("HTTP/1.1  200 OK\r\n\r\n", 400),
            ("HTTP/2.0 200 OK\r\n\r\n", 505),
            ("ICY 200 OK\r\n\r\n", 400),
            ("HTTP/1.1 200 O\u{01}K\r\n\r\n", 400),
            ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", 400),
            ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("HTTP/1.1 200 OK\r\nX : y\r\n\r\n", 400),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n", 400),
            ("HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n", 400),
        ]
        for (input, status) in cases {
            for step in [input.utf8.count, 1] {
                do {
                    _ = try feedResponse(bytes(input), methods: ["GET"], step: step)
                    Issue.record("decoded \(input.debugDescription)")
                } catch {
                    #expect(error.status == status, "\(input.debugDescription) step \(step)")
                }
            }
        }
    }

    @Test func longStatusLineIsRefused() {
        var decoder = HTTP1ResponseDecoder(limits: HTTP1Limits(maxRequestLineBytes: 20))
        decoder.expectResponse(toMethod: "GET")
        #expect(throws: HTTP1Error.self) { try decoder.decode(bytes("HTTP/1.1 200 " + String(repeating: "x", count: 20))) }
    }

    @Test func methodQueueSurvivesManyResponses() throws {
        // Methods pushed and answered one at a time, as a keep-alive client does.
        var decoder = HTTP1ResponseDecoder()
        var bodies = 0
        for index in 0..<200 {
            let isHead = index % 3 == 0
            decoder.expectResponse(toMethod: isHead ? "HEAD" : "GET")
            let (events, consumed) = try decoder.decode(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + (isHead ? "" : "x")))
            #expect(consumed == (isHead ? 38 : 39))
            bodies += events.filter { $0 == .body(bytes("x")) }.count
            #expect(decoder.outstandingResponses == 0)
        }
        #expect(bodies == 133)
    }
}
