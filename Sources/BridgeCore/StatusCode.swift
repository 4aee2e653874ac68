/// A status code from the gRPC set, the lingua franca of every transport:
/// HTTP statuses and TCP `ERROR` frames map onto it (CONTRACT.md section 1, "Errors").
///
/// An open struct rather than an enum so that a code a newer peer sends (an integer we do
/// not know yet) survives a round trip instead of failing to decode.
public struct StatusCode: Hashable, Sendable, CustomStringConvertible {
    /// The numeric gRPC code (0...16 for the codes gRPC defines).
    public let rawValue: Int

    /// Any numeric code, including ones gRPC does not define (kept, named `CODE_<n>`).
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Not an error.
    public static let ok = StatusCode(rawValue: 0)
    /// The caller cancelled the call.
    public static let cancelled = StatusCode(rawValue: 1)
    /// An error with no better code (a thrown error that was not a ``BridgeError``).
    public static let unknown = StatusCode(rawValue: 2)
    /// The request is malformed or fails validation of its form; retrying will not help.
    public static let invalidArgument = StatusCode(rawValue: 3)
    /// The deadline passed before an answer arrived.
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    /// The route, method or request id does not exist.
    public static let notFound = StatusCode(rawValue: 5)
    /// The thing being created exists already (a request id used twice).
    public static let alreadyExists = StatusCode(rawValue: 6)
    /// The caller is known but not allowed (a peer uid not on the allow-list).
    public static let permissionDenied = StatusCode(rawValue: 7)
    /// A limit was hit: rate limit, message or frame size, queue.
    public static let resourceExhausted = StatusCode(rawValue: 8)
    /// The call cannot run in the current state (a blocking wait on an event-loop thread).
    public static let failedPrecondition = StatusCode(rawValue: 9)
    /// The operation was aborted, for example by a concurrency conflict.
    public static let aborted = StatusCode(rawValue: 10)
    /// A value is outside the range the operation accepts.
    public static let outOfRange = StatusCode(rawValue: 11)
    /// The server or transport does not offer this (an unknown message type or method).
    public static let unimplemented = StatusCode(rawValue: 12)
    /// A broken invariant on the server or client; a bug.
    public static let `internal` = StatusCode(rawValue: 13)
    /// The peer cannot be reached or is shutting down; retry with backoff.
    public static let unavailable = StatusCode(rawValue: 14)
    /// Data was lost or corrupted.
    public static let dataLoss = StatusCode(rawValue: 15)
    /// No valid credentials: a missing or wrong token.
    public static let unauthenticated = StatusCode(rawValue: 16)

    private static let names: [String] = [
        "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
        "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
        "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS",
        "UNAUTHENTICATED",
    ]

    /// The gRPC status name, e.g. `INVALID_ARGUMENT`; `CODE_<n>` for a code gRPC does not define.
    public var name: String {
        Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "CODE_\(rawValue)"
    }

    /// Looks a code up by its gRPC status name (`UNAVAILABLE`); nil for an unknown name.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.rawValue = index
    }

    /// The HTTP status the contract maps this code to (CONTRACT.md section 1).
    public var httpStatus: Int {
        switch self {
        case .ok: return 200
        case .invalidArgument, .failedPrecondition, .outOfRange: return 400
        case .unauthenticated: return 401
        case .permissionDenied: return 403
        case .notFound, .unimplemented: return 404
        case .alreadyExists, .aborted: return 409
        case .resourceExhausted: return 429
        case .cancelled: return 499
        case .unavailable: return 503
        case .deadlineExceeded: return 504
        default: return 500
        }
    }

    /// The code an HTTP status stands for when a response carries no ERROR body to say better
    /// (gRPC's HTTP-to-status mapping, extended with the contract's table).
    public init(httpStatus: Int) {
        switch httpStatus {
        case 200..<300: self = .ok
        case 400, 413, 431: self = httpStatus == 400 ? .invalidArgument : .resourceExhausted
        case 401: self = .unauthenticated
        case 403: self = .permissionDenied
        case 404, 405: self = .unimplemented
        case 408, 504: self = .deadlineExceeded
        case 409: self = .aborted
        case 429: self = .resourceExhausted
        case 499: self = .cancelled
        case 502, 503: self = .unavailable
        default: self = .unknown
        }
    }

    public var description: String { name }
}
