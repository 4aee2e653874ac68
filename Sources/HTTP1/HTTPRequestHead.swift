/// The request line and header section of a request.
///
/// Fields hold exactly what was on the wire (the target is not normalised or decoded); the
/// computed properties answer the questions a server asks of every request without each caller
/// re-parsing headers.
public struct HTTPRequestHead: Sendable, Equatable {
    /// The method token, case-sensitive (`GET`, `POST`, ...).
    public var method: String
    /// The request target as sent: origin-form (`/a/b?x=1`), `*`, absolute-form or authority-form.
    public var target: String
    /// The protocol version from the request line; it sets the persistence default.
    public var version: HTTPVersion
    /// The header fields in the order received, names as sent.
    public var headers: HTTPHeaders

    /// A request head; `target` is sent as given (origin-form: `/validate?x=1`).
    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:]) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
    }

    /// The target before `?` (and before any `#`), still percent-encoded, so a path segment
    /// containing `%2F` stays distinguishable from a `/`. For an absolute-form target
    /// (`http://host/p?q`) it is the path part (`/p`, or `/` when empty).
    public var path: String {
        var target = self.target
        return target.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            let start = QueryString.pathStart(bytes)
            var end = start
            while end < bytes.count && bytes[end] != ASCII.question && bytes[end] != ASCII.hash { end += 1 }
            if start == end && start > 0 { return "/" }
            return ASCII.string(bytes, start..<end)
        }
    }

    /// The query's `name=value` pairs in order, percent-decoded with `+` as space
    /// (`application/x-www-form-urlencoded`); a pair without `=` has an empty value.
    public var query: [(name: String, value: String)] {
        var target = self.target
        return target.withUTF8 { QueryString.parse(UnsafeRawBufferPointer($0)) }
    }

    /// The decoded value of the first query parameter named `name` (exact match), or nil.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Whether the connection stays open after this request: on HTTP/1.1 unless `Connection: close`,
    /// on HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 9.3).
    public var keepAlive: Bool { persistsConnection(version: version, headers: headers) }

    /// Whether the client waits for `100 Continue` before sending the body (`Expect: 100-continue`).
    /// Always false on HTTP/1.0, whose servers must ignore the expectation (RFC 9110 10.1.1).
    public var expectsContinue: Bool {
        version.isAtLeast1_1 && headers.listContains("expect", token: "100-continue")
    }
}
