/// Why a message could not be decoded, as the status a server answers with.
///
/// Every malformed or over-limit input ends in one of these, never in a trap: a server turns it
/// straight into a response (`status`, with `reason` as a diagnostic body) and closes the
/// connection, because after a framing error it can no longer tell where the next message starts.
public struct HTTP1Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status to answer with: 400, 413, 414, 431, 501 or 505.
    public var status: Int
    /// Human text naming what was wrong.
    public var reason: String

    /// An error to answer with `status`, explained by `reason`.
    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    public var description: String { "HTTP1Error(\(status): \(reason))" }

    /// 400: the bytes are not HTTP/1.1 as RFC 9112 writes it.
    static func badRequest(_ reason: String) -> HTTP1Error { HTTP1Error(status: 400, reason: reason) }
    /// 413: the body is over `HTTP1Limits.maxBodyBytes`.
    static func bodyTooLarge(_ reason: String) -> HTTP1Error { HTTP1Error(status: 413, reason: reason) }
    /// 414: the request line is over `HTTP1Limits.maxRequestLineBytes`.
    static func requestLineTooLong(_ reason: String) -> HTTP1Error { HTTP1Error(status: 414, reason: reason) }
    /// 431: the header (or trailer) section is over its byte or field-count limit.
    static func headersTooLarge(_ reason: String) -> HTTP1Error { HTTP1Error(status: 431, reason: reason) }
    /// 501: well-formed, but asks for something this implementation does not do.
    static func notImplemented(_ reason: String) -> HTTP1Error { HTTP1Error(status: 501, reason: reason) }
    /// 505: a major version other than 1.
    static func versionNotSupported(_ reason: String) -> HTTP1Error { HTTP1Error(status: 505, reason: reason) }
}
