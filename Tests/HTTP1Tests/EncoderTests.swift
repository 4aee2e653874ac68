import HTTP1
import Testing

@Suite struct EncoderTests {
    func text(_ output: [UInt8]) -> String { String(decoding: output, as: UTF8.self) }

    @Test func responseAddsContentLength() {
        let head = HTTPResponseHead(status: 200, headers: ["Content-Type": "application/json"])
        #expect(text(HTTP1Encoder.response(head, body: bytes("{}"))) ==
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
        #expect(text(HTTP1Encoder.response(HTTPResponseHead(status: 404), body: [])) ==
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func responseKeepsAGivenContentLength() {
        let head = HTTPResponseHead(status: 200, headers: ["content-length": "2"])
        #expect(text(HTTP1Encoder.response(head, body: bytes("ok"))) == "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
    }

    @Test func headResponseKeepsContentLengthOmitsBody() {
        let head = HTTPResponseHead(status: 200)
        #expect(text(HTTP1Encoder.response(head, body: bytes("hello"), headRequest: true)) ==
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    }

    @Test func noBodyNoLengthFor1xx204And304() {
        #expect(text(HTTP1Encoder.response(HTTPResponseHead(status: 204), body: bytes("x"))) == "HTTP/1.1 204 No Content\r\n\r\n")
        #expect(text(HTTP1Encoder.response(HTTPResponseHead(status: 304, headers: ["ETag": "\"a\""]), body: bytes("x"))) ==
            "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n")
        #expect(HTTP1Encoder.response(HTTPResponseHead(status: 100), body: []) == HTTP1Encoder.continueResponse)
    }

    @Test func chunkedResponse() {
        let head = HTTPResponseHead(status: 200, headers: ["Transfer-Encoding": "chunked"])
        var output = HTTP1Encoder.response(head, body: bytes("hello"))
        output += HTTP1Encoder.chunk(Array(repeating: 0x61, count: 26))
        output += HTTP1Encoder.chunk([])
        output += HTTP1Encoder.lastChunk(trailers: ["grpc-status": "0"])
        #expect(text(output) ==
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1a\r\n" + String(repeating: "a", count: 26)
            + "\r\n0\r\ngrpc-status: 0\r\n\r\n")
        #expect(text(HTTP1Encoder.response(head, body: [])) == "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    }

    @Test func chunkFraming() {
        #expect(HTTP1Encoder.chunk([]) == [])
        #expect(text(HTTP1Encoder.chunk(bytes("x"))) == "1\r\nx\r\n")
        #expect(text(Array(HTTP1Encoder.chunk(Array(repeating: 0, count: 4096)).prefix(5))) == "1000\r")
        #expect(text(HTTP1Encoder.lastChunk()) == "0\r\n\r\n")
        #expect(text(HTTP1Encoder.continueResponse) == "HTTP/1.1 100 Continue\r\n\r\n")
    }

    @Test func reasonPhrases() {
        #expect(HTTP1Encoder.reasonPhrase(200) == "OK")
        #expect(HTTP1Encoder.reasonPhrase(413) == "Content Too Large")
        #expect(HTTP1Encoder.reasonPhrase(431) == "Request Header Fields Too Large")
        #expect(HTTP1Encoder.reasonPhrase(505) == "HTTP Version Not Supported")
        #expect(HTTP1Encoder.reasonPhrase(299) == "")
        var head = HTTPResponseHead(status: 503)
        head.reason = ""
        #expect(text(HTTP1Encoder.response(head, body: [])).hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(text(HTTP1Encoder.response(HTTPResponseHead(version: .http1_0, status: 202, reason: "Queued"), body: []))
            .hasPrefix("HTTP/1.0 202 Queued\r\n"))
    }

    @Test func requestEncoding() {
        let get = HTTPRequestHead(method: "GET", target: "/healthz", headers: ["Host": "a:1"])
        #expect(text(HTTP1Encoder.request(get, body: [])) == "GET /healthz HTTP/1.1\r\nHost: a:1\r\n\r\n")
        let post = HTTPRequestHead(method: "POST", target: "/validate", headers: ["Host": "a"])
        #expect(text(HTTP1Encoder.request(post, body: [])) == "POST /validate HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
        #expect(text(HTTP1Encoder.request(post, body: bytes("{}"))) == "POST /validate HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}")
        let chunked = HTTPRequestHead(method: "POST", target: "/", headers: ["Host": "a", "Transfer-Encoding": "chunked"])
        #expect(text(HTTP1Encoder.request(chunked, body: bytes("ab")) + HTTP1Encoder.lastChunk()) ==
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n0\r\n\r\n")
    }

    @Test func injectedLineBreaksAreNeutralised() {
        let head = HTTPResponseHead(status: 200, reason: "OK\r\nX-Evil: 1", headers: ["Location": "/a\r\nSet-Cookie: x=1", "Bad\r\nName": "v"])
        let output = text(HTTP1Encoder.response(head, body: []))
        #expect(output == "HTTP/1.1 200 OK  X-Evil: 1\r\nLocation: /a  Set-Cookie: x=1\r\nBad__Name: v\r\nContent-Length: 0\r\n\r\n")
        let request = HTTPRequestHead(method: "GET", target: "/a b\r\nc", headers: ["Host": "h"])
        #expect(text(HTTP1Encoder.request(request, body: [])).hasPrefix("GET /a%20b%0D%0Ac HTTP/1.1\r\n"))
    }

    @Test func appendFormsAppend() {
        var output = bytes("prefix")
        HTTP1Encoder.appendResponse(HTTPResponseHead(status: 200), body: bytes("x"), to: &output)
        HTTP1Encoder.appendChunk(bytes("y"), to: &output)
        HTTP1Encoder.appendLastChunk(to: &output)
        HTTP1Encoder.appendRequest(HTTPRequestHead(method: "GET", target: "/", headers: ["Host": "h"]), body: [], to: &output)
        #expect(text(output) == "prefixHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx1\r\ny\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
    }

    @Test func encodedRequestsDecodeBack() throws {
        let heads = [
            HTTPRequestHead(method: "POST", target: "/validate?x=1", headers: ["Host": "a", "Content-Type": "application/json"]),
            HTTPRequestHead(method: "GET", target: "/requests/abc", version: .http1_0, headers: ["Connection": "keep-alive"]),
            HTTPRequestHead(method: "PUT", target: "/u", headers: ["Host": "a", "Transfer-Encoding": "chunked"]),
        ]
        var wire: [UInt8] = []
        wire += HTTP1Encoder.request(heads[0], body: bytes("{\"a\":1}"))
        wire += HTTP1Encoder.request(heads[1], body: [])
        wire += HTTP1Encoder.request(heads[2], body: bytes("part1")) + HTTP1Encoder.chunk(bytes("part2"))
            + HTTP1Encoder.lastChunk(trailers: ["T": "v"])
        let (events, leftover) = try feedRequest(wire, step: 1)
        #expect(leftover.isEmpty)
        var first = heads[0]
        first.headers.add("Content-Length", "7")
        #expect(coalesced(events) == [
            .head(first), .body(bytes("{\"a\":1}")), .end(trailers: [:]),
            .head(heads[1]), .end(trailers: [:]),
            .head(heads[2]), .body(bytes("part1part2")), .end(trailers: ["T": "v"]),
        ])
    }

    @Test func encodedResponsesDecodeBack() throws {
        var wire: [UInt8] = []
        wire += HTTP1Encoder.response(HTTPResponseHead(status: 200), body: bytes("body"), headRequest: true)
        wire += HTTP1Encoder.continueResponse
        wire += HTTP1Encoder.response(HTTPResponseHead(status: 201, headers: ["Location": "/r/1"]), body: bytes("created"))
        wire += HTTP1Encoder.response(HTTPResponseHead(status: 200, headers: ["Transfer-Encoding": "chunked"]), body: bytes("a"))
            + HTTP1Encoder.lastChunk()
        let (events, leftover) = try feedResponse(wire, methods: ["HEAD", "POST", "GET"], step: 3)
        #expect(leftover.isEmpty)
        let merged = coalesced(events)
        #expect(merged.compactMap(\.head).map(\.status) == [200, 100, 201, 200])
        #expect(merged.compactMap(\.head)[0].headers["content-length"] == "4")
        #expect(merged.contains(.body(bytes("created"))))
        #expect(merged.contains(.body(bytes("a"))))
        #expect(merged.count == 10)
    }
}
