/// The one error type every bridge and server reports.
///
/// It carries a gRPC ``StatusCode`` (what went wrong, in terms every transport shares),
/// a message for people, and where it happened: the transport and target, so that
/// "connection refused" says *which* server was refused.
public struct BridgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a gRPC status code.
    public var code: StatusCode
    /// A human-readable explanation.
    public var message: String
    /// The transport the error happened on (`tcp`, `http`, `grpc`), when known.
    public var transport: String?
    /// The address the call was aimed at, when known.
    public var target: String?
    /// A short description of the underlying cause (an errno text, a parse error), when any.
    public var cause: String?

    public init(_ code: StatusCode, _ message: String, transport: String? = nil,
                target: String? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.transport = transport
        self.target = target
        self.cause = cause
    }

    /// The same error with the transport and target filled in where they were missing.
    public func at(transport: String, target: String) -> BridgeError {
        var copy = self
        if copy.transport == nil { copy.transport = transport }
        if copy.target == nil { copy.target = target }
        return copy
    }

    public var description: String {
        var text = "\(code.name): \(message)"
        if let transport, let target { text += " [\(transport) \(target)]" }
        else if let transport { text += " [\(transport)]" }
        if let cause { text += " (\(cause))" }
        return text
    }

    // Shorthands for the codes the bridges raise most.
    public static func unavailable(_ message: String, cause: String? = nil) -> BridgeError {
        BridgeError(.unavailable, message, cause: cause)
    }
    public static func deadlineExceeded(_ message: String = "deadline exceeded") -> BridgeError {
        BridgeError(.deadlineExceeded, message)
    }
    public static func cancelled(_ message: String = "call cancelled") -> BridgeError {
        BridgeError(.cancelled, message)
    }
    public static func invalidArgument(_ message: String) -> BridgeError {
        BridgeError(.invalidArgument, message)
    }
    public static func `internal`(_ message: String) -> BridgeError {
        BridgeError(.internal, message)
    }
}

extension BridgeError {
    /// Turns any error into a ``BridgeError``: a BridgeError passes through, a
    /// `CancellationError` becomes `CANCELLED`, anything else `UNKNOWN` with its description.
    public init(wrapping error: any Error) {
        if let bridgeError = error as? BridgeError {
            self = bridgeError
        } else if error is CancellationError {
            self = .cancelled()
        } else {
            self = BridgeError(.unknown, String(describing: error))
        }
    }
}
