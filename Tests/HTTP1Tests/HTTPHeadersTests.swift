import HTTP1
import Testing

@Suite struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        let headers: HTTPHeaders = ["Host": "a", "set-cookie": "x=1", "Set-Cookie": "y=2"]
        #expect(headers["HOST"] == "a")
        #expect(headers["set-COOKIE"] == "x=1")
        #expect(headers.values("Set-Cookie") == ["x=1", "y=2"])
        #expect(headers.values("missing") == [])
        #expect(headers["missing"] == nil)
        #expect(headers.count == 3)
        #expect(headers.contains("host"))
        #expect(headers.map(\.name) == ["Host", "set-cookie", "Set-Cookie"])
    }

    @Test func addReplaceRemove() {
        var headers = HTTPHeaders()
        #expect(headers.isEmpty)
        headers.add("A", "1")
        headers.add("B", "2")
        headers.add("a", "3")
        headers.replaceOrAdd("A", "9")
        #expect(headers.map(\.value) == ["9", "2"])
        #expect(headers.map(\.name) == ["A", "B"])
        headers.replaceOrAdd("C", "4")
        #expect(headers.map(\.name) == ["A", "B", "C"])
        headers.add("b", "5")
        headers.remove("B")
        #expect(headers.map(\.name) == ["A", "C"])
        #expect(headers.count == 2)
    }

    @Test func equalityIgnoresNameCaseNotValueCaseOrOrder() {
        let upper: HTTPHeaders = ["A": "x"], lower: HTTPHeaders = ["a": "x"], otherValue: HTTPHeaders = ["A": "X"]
        #expect(upper == lower)
        #expect(upper != otherValue)
        let ab: HTTPHeaders = ["A": "1", "B": "2"], ba: HTTPHeaders = ["B": "2", "A": "1"]
        #expect(ab != ba)
        let once: HTTPHeaders = ["A": "1"], twice: HTTPHeaders = ["A": "1", "A": "1"]
        #expect(once != twice)
        #expect(HTTPHeaders([("A", "1"), ("B", "2")]) == ["A": "1", "B": "2"])
    }
}
