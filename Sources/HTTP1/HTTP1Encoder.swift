/// Writes HTTP/1.1 messages as bytes.
///
/// It writes what it is given and adds only the framing a body needs (Content-Length), so the
/// caller stays in charge of every other header. Strings are written as their UTF-8 bytes;
/// CR, LF and other control characters in names, values and the reason become spaces (and
/// spaces and controls in a request target are percent-encoded) so no caller-supplied text can
/// end a line early and inject a header or a second message.
///
/// The `append…` forms write into an existing buffer, for servers that batch a connection's output.
public enum HTTP1Encoder {
    /// `HTTP/1.1 100 Continue` and an empty line: the interim answer to `Expect: 100-continue`.
    public static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Status line, headers, empty line, body.
    ///
    /// Adds `Content-Length: <body.count>` unless the head has a Content-Length or says
    /// `Transfer-Encoding: chunked`. With chunked, a non-empty `body` is written as one chunk and
    /// the caller ends the body with `lastChunk(trailers:)`. No body and no Content-Length for
    /// 1xx, 204 and 304 (RFC 9110 8.6); for a HEAD request (`headRequest`) the Content-Length of
    /// `body` is written but not the body. An empty `reason` is written as the standard phrase.
    public static func response(_ head: HTTPResponseHead, body: [UInt8], headRequest: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 + head.headers.count * 40 + body.count)
        appendResponse(head, body: body, headRequest: headRequest, to: &output)
        return output
    }

    /// `response(_:body:headRequest:)`, appended to `output`.
    public static func appendResponse(_ head: HTTPResponseHead, body: [UInt8], headRequest: Bool = false, to output: inout [UInt8]) {
        appendVersion(head.version, to: &output)
        output.append(ASCII.space)
        appendDecimal(head.status, to: &output)
        output.append(ASCII.space)
        appendText(head.reason.isEmpty ? reasonPhrase(head.status) : head.reason, to: &output)
        output.append(ASCII.cr)
        output.append(ASCII.lf)

        let bodyAllowed = !(head.status >= 100 && head.status < 200) && head.status != 204 && head.status != 304
        let chunked = appendFields(head.headers, to: &output)
        if bodyAllowed && !chunked.isChunked && !chunked.hasContentLength {
            appendContentLength(body.count, to: &output)
        }
        output.append(ASCII.cr)
        output.append(ASCII.lf)
        guard bodyAllowed && !headRequest else { return }
        appendBody(body, chunked: chunked.isChunked, to: &output)
    }

    /// Request line, headers, empty line, body.
    ///
    /// Adds `Content-Length` unless the head has one or says `Transfer-Encoding: chunked`, and
    /// only when there is a body or the method defines one (POST, PUT, PATCH send
    /// `Content-Length: 0`). With chunked, a non-empty `body` is written as one chunk and the
    /// caller ends the body with `lastChunk(trailers:)`. `Host` is the caller's to set.
    public static func request(_ head: HTTPRequestHead, body: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64 + head.target.utf8.count + head.headers.count * 40 + body.count)
        appendRequest(head, body: body, to: &output)
        return output
    }

    /// `request(_:body:)`, appended to `output`.
    public static func appendRequest(_ head: HTTPRequestHead, body: [UInt8], to output: inout [UInt8]) {
        appendToken(head.method, to: &output)
        output.append(ASCII.space)
        appendTarget(head.target, to: &output)
        output.append(ASCII.space)
        appendVersion(head.version, to: &output)
        output.append(ASCII.cr)
        output.append(ASCII.lf)

        let framing = appendFields(head.headers, to: &output)
        let methodHasBody = head.method == "POST" || head.method == "PUT" || head.method == "PATCH"
        if !framing.isChunked && !framing.hasContentLength && (!body.isEmpty || methodHasBody) {
            appendContentLength(body.count, to: &output)
        }
        output.append(ASCII.cr)
        output.append(ASCII.lf)
        appendBody(body, chunked: framing.isChunked, to: &output)
    }

    /// `<hex size>\r\n<bytes>\r\n`. Empty `bytes` give an empty array, never the `0` chunk
    /// that would end the body: ending it is `lastChunk(trailers:)`'s job.
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 20)
        appendChunk(bytes, to: &output)
        return output
    }

    /// `chunk(_:)`, appended to `output`.
    public static func appendChunk(_ bytes: [UInt8], to output: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        appendHex(bytes.count, to: &output)
        output.append(ASCII.cr)
        output.append(ASCII.lf)
        output.append(contentsOf: bytes)
        output.append(ASCII.cr)
        output.append(ASCII.lf)
    }

    /// `0\r\n`, the trailer fields, `\r\n`: the end of a chunked body.
    public static func lastChunk(trailers: HTTPHeaders = [:]) -> [UInt8] {
        var output: [UInt8] = []
        appendLastChunk(trailers: trailers, to: &output)
        return output
    }

    /// `lastChunk(trailers:)`, appended to `output`.
    public static func appendLastChunk(trailers: HTTPHeaders = [:], to output: inout [UInt8]) {
        output.append(0x30)
        output.append(ASCII.cr)
        output.append(ASCII.lf)
        _ = appendFields(trailers, to: &output)
        output.append(ASCII.cr)
        output.append(ASCII.lf)
    }

    // MARK: - Pieces

    private static func appendBody(_ body: [UInt8], chunked: Bool, to output: inout [UInt8]) {
        if chunked {
            appendChunk(body, to: &output)
        } else {
            output.append(contentsOf: body)
        }
    }

    /// Writes `name: value\r\n` lines; reports the framing headers seen on the way.
    private static func appendFields(_ headers: HTTPHeaders, to output: inout [UInt8]) -> (isChunked: Bool, hasContentLength: Bool) {
        var isChunked = false
        var hasContentLength = false
        for field in headers {
            let nameLength = field.name.utf8.count
            if nameLength == 14 && ASCII.equalsIgnoringCase(field.name, "content-length") {
                hasContentLength = true
            } else if nameLength == 17 && ASCII.equalsIgnoringCase(field.name, "transfer-encoding") {
                isChunked = isChunked || ASCII.list(field.value, contains: "chunked")
            }
            appendToken(field.name, to: &output)
            output.append(ASCII.colon)
            output.append(ASCII.space)
            appendText(field.value, to: &output)
            output.append(ASCII.cr)
            output.append(ASCII.lf)
        }
        return (isChunked, hasContentLength)
    }

    private static func appendContentLength(_ length: Int, to output: inout [UInt8]) {
        appendStatic("Content-Length: ", to: &output)
        appendDecimal(length, to: &output)
        output.append(ASCII.cr)
        output.append(ASCII.lf)
    }

    private static func appendVersion(_ version: HTTPVersion, to output: inout [UInt8]) {
        if version == .http1_1 {
            appendStatic("HTTP/1.1", to: &output)
            return
        }
        appendStatic("HTTP/", to: &output)
        appendDecimal(version.major, to: &output)
        output.append(0x2E)
        appendDecimal(version.minor, to: &output)
    }

    @inline(__always)
    private static func appendStatic(_ text: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Field values and reason phrases: controls other than HTAB become spaces.
    private static func appendText(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            if isClean(utf8, ASCII.isFieldValueByte) {
                output.append(contentsOf: utf8)
            } else {
                for byte in utf8 { output.append(ASCII.isFieldValueByte(byte) ? byte : ASCII.space) }
            }
        }
    }

    /// Methods and field names: anything but a token byte would break the line's structure, so
    /// it is replaced (with `_`) rather than written.
    private static func appendToken(_ token: String, to output: inout [UInt8]) {
        var token = token
        token.withUTF8 { utf8 in
            if isClean(utf8, ASCII.isTokenByte) {
                output.append(contentsOf: utf8)
            } else {
                for byte in utf8 { output.append(ASCII.isTokenByte(byte) ? byte : 0x5F) }
            }
        }
    }

    @inline(__always)
    private static func isClean(_ utf8: UnsafeBufferPointer<UInt8>, _ allowed: (UInt8) -> Bool) -> Bool {
        for byte in utf8 where !allowed(byte) { return false }
        return true
    }

    /// Request targets: spaces, controls and non-ASCII bytes are percent-encoded.
    private static func appendTarget(_ target: String, to output: inout [UInt8]) {
        var target = target
        target.withUTF8 { utf8 in
            if isClean(utf8, ASCII.isTargetByte) {
                output.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                if ASCII.isTargetByte(byte) {
                    output.append(byte)
                } else {
                    output.append(ASCII.percent)
                    output.append(hexDigit(byte >> 4, uppercase: true))
                    output.append(hexDigit(byte & 0x0F, uppercase: true))
                }
            }
        }
    }

    /// Decimal digits of `value`, written through a small stack buffer.
    private static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = 0x30 + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { output.append(0x2D) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    private static func appendHex(_ value: Int, to output: inout [UInt8]) {
        var shift = (Int.bitWidth - value.leadingZeroBitCount + 3) / 4 * 4
        if shift == 0 { shift = 4 }
        repeat {
            shift -= 4
            output.append(hexDigit(UInt8(truncatingIfNeeded: (value >> shift) & 0x0F), uppercase: false))
        } while shift > 0
    }

    private static func hexDigit(_ nibble: UInt8, uppercase: Bool) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : (uppercase ? 0x41 : 0x61) + nibble - 10
    }
}
