/// Parsers for the first line of a message: the request line and the status line (RFC 9112 3, 4).
///
/// Both are strict about structure (single spaces, `HTTP/d.d` in capitals) because lenient
/// start-line parsing is where peers start to disagree about where a message is.
enum StartLine {
    /// `method SP request-target SP HTTP-version`.
    static func parseRequestLine(_ bytes: UnsafeRawBufferPointer, _ content: Range<Int>) throws(HTTP1Error)
        -> (method: String, target: String, version: HTTPVersion) {
        let end = content.upperBound
        var index = content.lowerBound
        while index < end && ASCII.isTokenByte(bytes[index]) { index &+= 1 }
        guard index < end, bytes[index] == ASCII.space else {
            throw .badRequest(index < end ? "invalid character in method" : "request line without a target")
        }
        guard index > content.lowerBound else { throw .badRequest("empty method") }
        let methodRange = content.lowerBound..<index

        let targetStart = index + 1
        index = targetStart
        while index < end && ASCII.isTargetByte(bytes[index]) { index &+= 1 }
        guard index < end, bytes[index] == ASCII.space else {
            throw .badRequest(index < end ? "invalid character in request target" : "request line without a version")
        }
        guard index > targetStart else { throw .badRequest("empty request target") }
        let targetRange = targetStart..<index

        let version = try parseVersion(bytes, index + 1..<end)
        let method = ASCII.string(bytes, methodRange)
        try checkTargetForm(bytes, targetRange, method: method)
        return (method, ASCII.string(bytes, targetRange), version)
    }

    /// `HTTP-version SP status-code [SP reason-phrase]`. The space and reason may be missing
    /// (some servers send `HTTP/1.1 200`); clients ignore the reason anyway.
    static func parseStatusLine(_ bytes: UnsafeRawBufferPointer, _ content: Range<Int>) throws(HTTP1Error)
        -> (version: HTTPVersion, status: Int, reason: String) {
        let start = content.lowerBound, end = content.upperBound
        guard end - start >= 12, bytes[start + 8] == ASCII.space else { throw .badRequest("malformed status line") }
        let version = try parseVersion(bytes, start..<start + 8)
        var status = 0
        for index in start + 9..<start + 12 {
            guard ASCII.isDigit(bytes[index]) else { throw .badRequest("malformed status code") }
            status = status * 10 + Int(bytes[index] &- 0x30)
        }
        guard status >= 100 else { throw .badRequest("status code below 100") }
        var reasonStart = start + 12
        if reasonStart < end {
            guard bytes[reasonStart] == ASCII.space else { throw .badRequest("malformed status line") }
            reasonStart += 1
        }
        for index in reasonStart..<end where !ASCII.isFieldValueByte(bytes[index]) {
            throw .badRequest("control character in reason phrase")
        }
        return (version, status, ASCII.string(bytes, reasonStart..<end))
    }

    /// `HTTP/DIGIT.DIGIT`, case-sensitive. A major version other than 1 is a 505: the syntax is
    /// fine, the version is not one this decoder speaks.
    static func parseVersion(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(HTTP1Error) -> HTTPVersion {
        let start = range.lowerBound
        guard range.count == 8,
              bytes[start] == 0x48, bytes[start + 1] == 0x54, bytes[start + 2] == 0x54, bytes[start + 3] == 0x50,
              bytes[start + 4] == ASCII.slash, ASCII.isDigit(bytes[start + 5]),
              bytes[start + 6] == 0x2E, ASCII.isDigit(bytes[start + 7])
        else { throw .badRequest("malformed HTTP version") }
        let major = Int(bytes[start + 5] &- 0x30), minor = Int(bytes[start + 7] &- 0x30)
        guard major == 1 else { throw .versionNotSupported("HTTP/\(major).\(minor) is not supported") }
        return HTTPVersion(major: major, minor: minor)
    }

    /// The four target forms of RFC 9112 3.2: origin-form (`/...`) for any method, asterisk-form
    /// only for OPTIONS, authority-form only for CONNECT, absolute-form (`scheme://...`) otherwise.
    static func checkTargetForm(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, method: String) throws(HTTP1Error) {
        let first = bytes[range.lowerBound]
        if first == ASCII.slash { return }
        if method == "CONNECT" { return }
        if first == ASCII.asterisk {
            guard range.count == 1, method == "OPTIONS" else { throw .badRequest("asterisk-form target is only for OPTIONS") }
            return
        }
        // absolute-form: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then "://"
        guard ASCII.lowercased(first) &- 0x61 < 26 else { throw .badRequest("invalid request target") }
        var index = range.lowerBound + 1
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == ASCII.colon { break }
            let isSchemeByte = ASCII.lowercased(byte) &- 0x61 < 26 || ASCII.isDigit(byte)
                || byte == ASCII.plus || byte == 0x2D || byte == 0x2E
            guard isSchemeByte else { throw .badRequest("invalid request target") }
            index += 1
        }
        guard index + 2 < range.upperBound, bytes[index + 1] == ASCII.slash, bytes[index + 2] == ASCII.slash else {
            throw .badRequest("invalid request target")
        }
    }
}
