import HTTP1
import Testing

@Suite struct RequestDecoderTests {
    static let pipelined = bytes(
        "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
        + "POST /validate HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nContent-Type: application/json\r\n\r\nhello world"
        + "PUT /up?x=1 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\nX-More: 1\r\n\r\n"
    )

    static let pipelinedEvents: [HTTP1RequestDecoder.Event] = [
        .head(HTTPRequestHead(method: "GET", target: "/healthz", headers: ["Host": "a"])),
        .end(trailers: [:]),
        .head(HTTPRequestHead(method: "POST", target: "/validate",
                              headers: ["Host": "a", "Content-Length": "11", "Content-Type": "application/json"])),
        .body(bytes("hello world")),
        .end(trailers: [:]),
        .head(HTTPRequestHead(method: "PUT", target: "/up?x=1", headers: ["Host": "a", "Transfer-Encoding": "chunked"])),
        .body(bytes("hello world")),
        .end(trailers: ["X-Checksum": "abc", "X-More": "1"]),
    ]

    @Test func requestWithoutLengthHasNoBody() throws {
        var decoder = HTTP1RequestDecoder()
        let input = bytes("GET /healthz HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\n\r\n")
        let (events, consumed) = try decoder.decode(input)
        #expect(consumed == input.count)
        #expect(events == [
            .head(HTTPRequestHead(method: "GET", target: "/healthz", version: .http1_1,
                                  headers: ["Host": "localhost:8080", "Accept": "*/*"])),
            .end(trailers: [:]),
        ])
        #expect(!decoder.isMidMessage)
    }

    @Test func contentLengthBody() throws {
        let events = try decodeRequest("POST /validate HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        #expect(events.count == 3)
        #expect(events[1] == .body(bytes("hello")))
        #expect(events[2] == .end(trailers: [:]))
    }

    @Test func contentLengthZeroHasNoBodyEvent() throws {
        let events = try decodeRequest("POST /v HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        #expect(events.count == 2)
        #expect(events.last == .end(trailers: [:]))
    }

    @Test func bodyBytesBeyondContentLengthAreTheNextRequest() throws {
        var decoder = HTTP1RequestDecoder()
        let input = bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET")
        let (events, consumed) = try decoder.decode(input)
        #expect(events.count == 3)
        #expect(consumed == input.count - 3)  // "GET" starts the next request line: kept by the caller
    }

    @Test func chunkedWithExtensionsAndTrailers() throws {
        let events = try decodeRequest(
            "POST /v HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1;other=\"q v\"\r\nWiki\r\n5 ;x\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n"
                + "0;last\r\nExpires: never\r\n\r\n")
        #expect(events == [
            .head(HTTPRequestHead(method: "POST", target: "/v", headers: ["Host": "a", "Transfer-Encoding": "chunked"])),
            .body(bytes("Wikipedia in\r\n\r\nchunks.")),
            .end(trailers: ["Expires": "never"]),
        ])
    }

    @Test func chunkedUppercaseHexAndLeadingZeros() throws {
        let events = try decodeRequest(
            "POST /v HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n00A\r\n0123456789\r\n000\r\n\r\n")
        #expect(events[1] == .body(bytes("0123456789")))
        #expect(events[2] == .end(trailers: [:]))
    }

    @Test func pipelinedRequestsInOneBuffer() throws {
        var decoder = HTTP1RequestDecoder()
        let (events, consumed) = try decoder.decode(Self.pipelined)
        #expect(consumed == Self.pipelined.count)
        #expect(coalesced(events) == Self.pipelinedEvents)
    }

    @Test func oneByteAtATimeGivesTheSameEvents() throws {
        let (events, leftover) = try feedRequest(Self.pipelined, step: 1)
        #expect(leftover.isEmpty)
        #expect(coalesced(events) == Self.pipelinedEvents)
        // Body bytes are delivered as they arrive, never held back.
        let bodyPieces = events.filter { if case .body = $0 { return true } else { return false } }
        #expect(bodyPieces.count == 22)
    }

    @Test func everySplitPointGivesTheSameEvents() throws {
        for split in 0...Self.pipelined.count {
            let (events, leftover) = try feedRequest(Self.pipelined, splitAt: split)
            #expect(leftover.isEmpty, "split at \(split)")
            #expect(coalesced(events) == Self.pipelinedEvents, "split at \(split)")
        }
    }

    @Test func variousStepSizesGiveTheSameEvents() throws {
        for step in [2, 3, 5, 7, 13, 64] {
            let (events, leftover) = try feedRequest(Self.pipelined, step: step)
            #expect(leftover.isEmpty)
            #expect(coalesced(events) == Self.pipelinedEvents, "step \(step)")
        }
    }

    @Test func unfinishedLineIsLeftToTheCaller() throws {
        var decoder = HTTP1RequestDecoder()
        let (events, consumed) = try decoder.decode(bytes("GET / HTTP/1.1\r\nHost: a\r\nAcce"))
        #expect(events.isEmpty)
        #expect(consumed == 25)  // request line and Host line consumed, "Acce" kept
        #expect(decoder.isMidMessage)
        let (more, consumed2) = try decoder.decode(bytes("Accept: x\r\n\r\n"))
        #expect(consumed2 == 13)
        #expect(more.first?.head?.headers["accept"] == "x")
    }

    @Test func emptyLinesBeforeARequestAreIgnored() throws {
        let events = try decodeRequest("\r\n\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(events.count == 2)
        #expect(events[0].head?.target == "/")
    }

    @Test func bareLFLineEndingsAreAccepted() throws {
        let events = try decodeRequest(
            "POST /v HTTP/1.1\nHost: a\nTransfer-Encoding: chunked\n\n3\nabc\n0\nT: 1\n\n")
        #expect(events == [
            .head(HTTPRequestHead(method: "POST", target: "/v", headers: ["Host": "a", "Transfer-Encoding": "chunked"])),
            .body(bytes("abc")),
            .end(trailers: ["T": "1"]),
        ])
    }

    @Test func fieldValuesAreTrimmedAndKeepInnerSpacesAndObsText() throws {
        let events = try decodeRequest("GET / HTTP/1.1\r\nHost:a\r\nX-A: \t one  two \t\r\nX-Empty:\r\nX-Utf8: caf\u{E9}\r\n\r\n")
        let headers = try #require(events.first?.head).headers
        #expect(headers["x-a"] == "one  two")
        #expect(headers["x-empty"] == "")
        #expect(headers["host"] == "a")
        #expect(headers["x-utf8"] == "café")
    }

    @Test func expectContinueSurfacesOnTheHead() throws {
        var decoder = HTTP1RequestDecoder()
        let (events, _) = try decoder.decode(bytes("POST /v HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"))
        #expect(events.count == 1)  // the head, before any body: the server may now send 100 Continue
        #expect(events[0].head?.expectsContinue == true)
        #expect(decoder.isMidMessage)
        let (rest, _) = try decoder.decode(bytes("abc"))
        #expect(rest == [.body(bytes("abc")), .end(trailers: [:])])
    }

    @Test func http10KeepAliveSemantics() throws {
        let plain = try decodeRequest("GET / HTTP/1.0\r\n\r\n")
        #expect(plain[0].head?.version == .http1_0)
        #expect(plain[0].head?.keepAlive == false)
        let keep = try decodeRequest("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(keep[0].head?.keepAlive == true)
        let close = try decodeRequest("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(close[0].head?.keepAlive == false)
        // HTTP/1.0 needs no Host; a higher 1.x minor is read with 1.1 rules.
        let later = try decodeRequest("GET / HTTP/1.9\r\nHost: a\r\n\r\n")
        #expect(later[0].head?.version == HTTPVersion(major: 1, minor: 9))
        #expect(later[0].head?.keepAlive == true)
    }

    @Test func unsupportedMajorVersionsAre505() {
        expectRequestRefused("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)
        expectRequestRefused("GET / HTTP/0.9\r\n\r\n", 505)
        expectRequestRefused("GET / HTTP/3.0\r\n\r\n", 505)
    }

    @Test func malformedVersionsAre400() {
        for version in ["http/1.1", "HTTP/1.10", "HTTP/11", "HTTP/1.x", "HTTP/1.1 ", "HTTP1.1", "", "HTTPS/1.1"] {
            expectRequestRefused("GET / \(version)\r\nHost: a\r\n\r\n", 400)
        }
    }

    @Test func requestTargetForms() throws {
        #expect(try decodeRequest("GET /path?x=1 HTTP/1.1\r\nHost: a\r\n\r\n")[0].head?.target == "/path?x=1")
        #expect(try decodeRequest("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")[0].head?.target == "*")
        #expect(try decodeRequest("GET http://a/b?c HTTP/1.1\r\nHost: a\r\n\r\n")[0].head?.path == "/b")
        #expect(try decodeRequest("CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n")[0].head?.target == "a:443")
        expectRequestRefused("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET  HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET / x HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET /a\u{01}b HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET /caf\u{E9} HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET 1http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET /\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GET\r\n\r\n", 400)
    }

    @Test func methodsAreTokens() throws {
        #expect(try decodeRequest("M-SEARCH / HTTP/1.1\r\nHost: a\r\n\r\n")[0].head?.method == "M-SEARCH")
        expectRequestRefused("G(ET / HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused(" GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400)
        expectRequestRefused("GÉT / HTTP/1.1\r\nHost: a\r\n\r\n", 400)
    }

    @Test func errorsAreSticky() {
        var decoder = HTTP1RequestDecoder()
        #expect(throws: HTTP1Error.self) { try decoder.decode(bytes("BAD\r\n")) }
        #expect(throws: HTTP1Error(status: 400, reason: "request line without a target")) {
            try decoder.decode(bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        }
    }

    @Test func unsafeBufferEntryPointMatchesArrayEntryPoint() throws {
        var decoder = HTTP1RequestDecoder()
        let result = try Self.pipelined.withUnsafeBytes { try decoder.decode($0) }
        #expect(result.consumed == Self.pipelined.count)
        #expect(coalesced(result.events) == Self.pipelinedEvents)
    }
}
