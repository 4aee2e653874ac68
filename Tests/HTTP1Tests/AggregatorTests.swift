import HTTP1
import Testing

@Suite struct AggregatorTests {
    @Test func wholeRequestsFromADrip() throws {
        var aggregator = HTTP1RequestAggregator()
        var pending: [UInt8] = []
        var requests: [HTTP1Request] = []
        for byte in RequestDecoderTests.pipelined {
            pending.append(byte)
            let (more, consumed) = try aggregator.decode(pending)
            requests += more
            pending.removeFirst(consumed)
        }
        #expect(pending.isEmpty)
        #expect(requests.map(\.head.method) == ["GET", "POST", "PUT"])
        #expect(requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "hello world", "hello world"])
        #expect(requests[2].trailers == ["X-Checksum": "abc", "X-More": "1"])
        #expect(aggregator.pendingHead == nil)
    }

    @Test func pendingHeadShowsExpectContinueBeforeTheBody() throws {
        var aggregator = HTTP1RequestAggregator()
        let (none, _) = try aggregator.decode(bytes("POST /v HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"))
        #expect(none.isEmpty)
        #expect(aggregator.pendingHead?.expectsContinue == true)
        let (done, consumed) = try aggregator.decode(bytes("ok"))
        #expect(consumed == 2)
        #expect(done.map(\.body) == [bytes("ok")])
        #expect(aggregator.pendingHead == nil)
    }

    @Test func pushBuildsRequestsFromEvents() throws {
        var aggregator = HTTP1RequestAggregator()
        let head = HTTPRequestHead(method: "POST", target: "/", headers: ["Host": "a"])
        #expect(try aggregator.push(.head(head)) == nil)
        #expect(try aggregator.push(.body(bytes("ab"))) == nil)
        #expect(try aggregator.push(.body(bytes("c"))) == nil)
        #expect(try aggregator.push(.end(trailers: ["T": "1"])) == HTTP1Request(head: head, body: bytes("abc"), trailers: ["T": "1"]))
        #expect(throws: HTTP1Error.self) { try aggregator.push(.body(bytes("x"))) }
    }

    @Test func pushRefusesEventsOutOfOrder() throws {
        var aggregator = HTTP1RequestAggregator()
        #expect(throws: HTTP1Error.self) { try aggregator.push(.end(trailers: [:])) }
        let head = HTTPRequestHead(method: "GET", target: "/")
        _ = try aggregator.push(.head(head))
        #expect(throws: HTTP1Error.self) { try aggregator.push(.head(head)) }
    }

    @Test func decoderErrorsPassThrough() {
        var aggregator = HTTP1RequestAggregator(limits: HTTP1Limits(maxBodyBytes: 3))
        #expect(throws: HTTP1Error(status: 413, reason: "Content-Length 4 over 3 bytes")) {
            try aggregator.decode(bytes("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n"))
        }
    }

    @Test func wholeResponses() throws {
        var aggregator = HTTP1ResponseAggregator()
        aggregator.expectResponse(toMethod: "POST")
        aggregator.expectResponse(toMethod: "GET")
        #expect(aggregator.outstandingResponses == 2)
        let wire = bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.0 200 OK\r\n\r\nrest")
        var responses: [HTTP1Response] = []
        var pending: [UInt8] = []
        for byte in wire {
            pending.append(byte)
            let (more, consumed) = try aggregator.decode(pending)
            responses += more
            pending.removeFirst(consumed)
        }
        responses += try aggregator.endOfInput()
        #expect(responses.map(\.head.status) == [100, 200, 200])
        #expect(responses.map(\.body) == [[], bytes("abc"), bytes("rest")])
        #expect(aggregator.outstandingResponses == 0)
        #expect(!aggregator.isUpgraded)
    }
}
