/// A status code from the gRPC set, the lingua franca of every transport:
/// HTTP statuses and TCP `ERROR` frames map onto it (CONTRACT.md section 1, "Errors").
///
/// An open struct rather than an enum so that a code a newer peer sends (an integer we do
/// not know yet) survives a round trip instead of failing to decode.
public struct StatusCode: Hashable, Sendable, CustomStringConvertible {
    /// The numeric gRPC code (0...16 for the codes gRPC defines).
    public let rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let ok = StatusCode(rawValue: 0)
    public static let cancelled = StatusCode(rawValue: 1)
    public static let unknown = StatusCode(rawValue: 2)
    public static let invalidArgument = StatusCode(rawValue: 3)
    public static let deadlineExceeded = StatusCode(rawValue: 4)
    public static let notFound = StatusCode(rawValue: 5)
    public static let alreadyExists = StatusCode(rawValue: 6)
    public static let permissionDenied = StatusCode(rawValue: 7)
    public static let resourceExhausted = StatusCode(rawValue: 8)
    public static let failedPrecondition = StatusCode(rawValue: 9)
    public static let aborted = StatusCode(rawValue: 10)
    public static let outOfRange = StatusCode(rawValue: 11)
    public static let unimplemented = StatusCode(rawValue: 12)
    public static let `internal` = StatusCode(rawValue: 13)
    public static let unavailable = StatusCode(rawValue: 14)
    public static let dataLoss = StatusCode(rawValue: 15)
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
