/// How a message's body is delimited, decided from its head (RFC 9112 6.3).
///
/// This is where request smuggling is stopped: every header combination two implementations
/// could read differently (Content-Length with Transfer-Encoding, conflicting lengths, codings
/// we cannot undo) is refused rather than guessed at.
enum MessageFraming: Sendable, Equatable {
    /// No body: the message ends with its head.
    case none
    /// Exactly this many bytes (Content-Length), more than zero.
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
    /// Everything until the peer closes (a response with neither length nor chunking).
    case untilClose
    /// The connection stops speaking HTTP/1.1 after this head (101, or 2xx to CONNECT).
    case upgrade

    /// A request: chunked, Content-Length, or no body (RFC 9112 6.3 items 4-6).
    ///
    /// Transfer-Encoding other than exactly `chunked` is 501, even a list ending in `chunked`:
    /// this server undoes no content coding, and answering "not implemented" is safer than
    /// de-chunking and handing the application bytes it would misread as plain.
    static func request(_ head: HTTPRequestHead, fields: FramingFieldCounts, limits: HTTP1Limits) throws(HTTP1Error) -> MessageFraming {
        if fields.host > 1 { throw .badRequest("more than one Host field") }
        if fields.host == 0 && head.version.isAtLeast1_1 { throw .badRequest("HTTP/1.1 request without Host") }

        switch try lengthFields(head.headers, fields: fields, limits: limits) {
        case .chunked:
            // RFC 9112 6.1: Transfer-Encoding in an HTTP/1.0 message means the framing is faulty.
            guard head.version.isAtLeast1_1 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            return .chunked
        case .length(let length):
            return length == 0 ? .none : .length(length)
        case .none:
            return .none
        }
    }

    /// A response, given the method of the request it answers (RFC 9112 6.3 items 1-7).
    static func response(
        _ head: HTTPResponseHead, fields: FramingFieldCounts, requestMethod: String, limits: HTTP1Limits
    ) throws(HTTP1Error) -> MessageFraming {
        if head.status == 101 { return .upgrade }
        if requestMethod == "CONNECT" && head.status >= 200 && head.status < 300 { return .upgrade }
        if requestMethod == "HEAD" || head.isInformational || head.status == 204 || head.status == 304 { return .none }
        switch try lengthFields(head.headers, fields: fields, limits: limits) {
        case .chunked: return .chunked
        case .length(let length): return length == 0 ? .none : .length(length)
        case .none: return .untilClose
        }
    }

    private enum LengthFields {
        case chunked, length(Int), none
    }

    /// Reads Transfer-Encoding and Content-Length together, refusing any mix of the two.
    private static func lengthFields(
        _ headers: HTTPHeaders, fields: FramingFieldCounts, limits: HTTP1Limits
    ) throws(HTTP1Error) -> LengthFields {
        if fields.contentLength == 0 && fields.transferEncoding == 0 { return .none }
        var transferEncoding: String?
        var transferEncodingLines = 0
        var contentLength: Int?
        for field in headers {
            let name = field.name.utf8
            if name.count == 17 && ASCII.equalsIgnoringCase(field.name, "transfer-encoding") {
                transferEncodingLines += 1
                transferEncoding = field.value
            } else if name.count == 14 && ASCII.equalsIgnoringCase(field.name, "content-length") {
                let length = try parseContentLength(field.value)
                if let previous = contentLength, previous != length {
                    throw .badRequest("conflicting Content-Length values")
                }
                contentLength = length
            }
        }
        if let transferEncoding {
            if contentLength != nil { throw .badRequest("both Content-Length and Transfer-Encoding") }
            guard transferEncodingLines == 1, ASCII.list(transferEncoding, isExactly: "chunked") else {
                throw .notImplemented("Transfer-Encoding other than chunked: \(transferEncoding)")
            }
            return .chunked
        }
        if let contentLength {
            guard contentLength <= limits.maxBodyBytes else {
                throw .bodyTooLarge("Content-Length \(contentLength) over \(limits.maxBodyBytes) bytes")
            }
            return .length(contentLength)
        }
        return .none
    }

    /// `Content-Length = 1*DIGIT`, also as a list of identical values (`5, 5`) which RFC 9112 6.3
    /// lets a recipient accept. Signs, inner spaces, other characters and overflow are 400.
    static func parseContentLength(_ value: String) throws(HTTP1Error) -> Int {
        var result: Int?
        var invalid = false
        var elements = 0
        ASCII.forEachListElement(value) { element in
            elements += 1
            var length = 0
            for byte in element {
                guard ASCII.isDigit(byte) else { invalid = true; return false }
                let (times10, overflow1) = length.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(byte &- 0x30))
                guard !overflow1 && !overflow2 else { invalid = true; return false }
                length = sum
            }
            if let result, result != length { invalid = true; return false }
            result = length
            return true
        }
        // forEachListElement skips empty elements: "5," or ",5" or "" must still be refused.
        guard !invalid, let result, elements == commaCount(value) + 1 else {
            throw .badRequest("invalid Content-Length: \(value)")
        }
        return result
    }

    private static func commaCount(_ value: String) -> Int {
        var count = 0
        for byte in value.utf8 where byte == ASCII.comma { count += 1 }
        return count
    }
}

/// How many Host, Content-Length and Transfer-Encoding lines a section has, counted from the
/// raw name bytes as the section is parsed, so framing needs no second pass over the names and
/// most requests (neither length field) skip the length checks entirely.
struct FramingFieldCounts: Sendable, Equatable {
    var host = 0
    var contentLength = 0
    var transferEncoding = 0

    /// Counts the field whose name is `bytes[name]`.
    @inline(__always)
    mutating func note(_ bytes: UnsafeRawBufferPointer, name: Range<Int>) {
        let nameBytes = UnsafeRawBufferPointer(rebasing: bytes[name])
        switch name.count {
        case 4 where ASCII.element(nameBytes, equalsLowercase: "host"): host += 1
        case 14 where ASCII.element(nameBytes, equalsLowercase: "content-length"): contentLength += 1
        case 17 where ASCII.element(nameBytes, equalsLowercase: "transfer-encoding"): transferEncoding += 1
        default: break
        }
    }
}
