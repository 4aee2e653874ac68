import HTTP1
import Testing

@Suite struct HTTPRequestHeadTests {
    @Test func pathIsTargetBeforeQueryStillEncoded() {
        #expect(HTTPRequestHead(method: "GET", target: "/a%2Fb/c?x=1").path == "/a%2Fb/c")
        #expect(HTTPRequestHead(method: "GET", target: "/requests").path == "/requests")
        #expect(HTTPRequestHead(method: "GET", target: "/?").path == "/")
        #expect(HTTPRequestHead(method: "OPTIONS", target: "*").path == "*")
        #expect(HTTPRequestHead(method: "GET", target: "http://example.com/p/q?x").path == "/p/q")
        #expect(HTTPRequestHead(method: "GET", target: "http://example.com").path == "/")
        #expect(HTTPRequestHead(method: "GET", target: "http://example.com?x=1").path == "/")
    }

    @Test func queryIsDecodedInOrder() {
        let head = HTTPRequestHead(method: "GET", target: "/requests?status=queued&limit=10&q=a+b%20c%2B&flag&&e=&%E2%82%AC=%zz#frag")
        let pairs = head.query.map { "\($0.name)=\($0.value)" }
        #expect(pairs == ["status=queued", "limit=10", "q=a b c+", "flag=", "e=", "€=%zz"])
        #expect(head.queryValue("limit") == "10")
        #expect(head.queryValue("q") == "a b c+")
        #expect(head.queryValue("flag") == "")
        #expect(head.queryValue("Limit") == nil)
        #expect(HTTPRequestHead(method: "GET", target: "/").query.isEmpty)
        #expect(HTTPRequestHead(method: "GET", target: "/?a=1&a=2").queryValue("a") == "1")
        #expect(HTTPRequestHead(method: "GET", target: "/?a=%4").queryValue("a") == "%4")
    }

    @Test func keepAliveFollowsVersionAndConnection() {
        func head(_ version: HTTPVersion, _ connection: String?) -> HTTPRequestHead {
            var headers: HTTPHeaders = ["Host": "h"]
            if let connection { headers.add("Connection", connection) }
            return HTTPRequestHead(method: "GET", target: "/", version: version, headers: headers)
        }
        #expect(head(.http1_1, nil).keepAlive)
        #expect(!head(.http1_1, "close").keepAlive)
        #expect(!head(.http1_1, "Upgrade, CLOSE").keepAlive)
        #expect(head(.http1_1, "keep-alive").keepAlive)
        #expect(!head(.http1_0, nil).keepAlive)
        #expect(head(.http1_0, "Keep-Alive").keepAlive)
        #expect(head(.http1_0, "foo, keep-alive").keepAlive)
        #expect(!head(.http1_0, "keep-alive, close").keepAlive)
        #expect(head(.http1_1, "closed").keepAlive)  // "closed" is not "close"
    }

    @Test func expectsContinueOnlyOnHTTP11() {
        #expect(HTTPRequestHead(method: "POST", target: "/", headers: ["Expect": "100-Continue"]).expectsContinue)
        #expect(!HTTPRequestHead(method: "POST", target: "/", headers: ["Expect": "foo"]).expectsContinue)
        #expect(!HTTPRequestHead(method: "POST", target: "/").expectsContinue)
        #expect(!HTTPRequestHead(method: "POST", target: "/", version: .http1_0, headers: ["Expect": "100-continue"]).expectsContinue)
    }

    @Test func responseHeadDefaultsAndKeepAlive() {
        let ok = HTTPResponseHead(status: 200)
        #expect(ok.reason == "OK")
        #expect(ok.version == .http1_1)
        #expect(ok.keepAlive)
        #expect(!HTTPResponseHead(status: 200, headers: ["Connection": "close"]).keepAlive)
        #expect(!HTTPResponseHead(version: .http1_0, status: 200).keepAlive)
        #expect(HTTPResponseHead(version: .http1_0, status: 200, headers: ["connection": "keep-alive"]).keepAlive)
        #expect(HTTPResponseHead(status: 599).reason == "")
        #expect(HTTPVersion.http1_1.description == "HTTP/1.1")
    }
}
