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

    /// An error with `code` and `message`; `transport`, `target` and `cause` say where and why
    /// when the raiser knows (``at(transport:target:)`` fills the first two in later).
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

    /// One line: status, message, where, cause, and what to do about it, e.g.
    /// `UNAVAILABLE: cannot connect [tcp 127.0.0.1:9001] (connect: Connection refused) — is
    /// bridge-server running with --tcp 127.0.0.1:9001?`
    public var description: String {
        var text = "\(code.name): \(message)"
        if let transport, let target { text += " [\(transport) \(target)]" }
        else if let transport { text += " [\(transport)]" }
        if let cause { text += " (\(cause))" }
        if let hint { text += " — \(hint)" }
        return text
    }

    /// What a person can do about this error, when there is something useful to say.
    public var hint: String? {
        let detail = message + " " + (cause ?? "")
        switch code {
        case .unavailable:
            if detail.contains("refused") || detail.contains("No such file") {
                return "is bridge-server running with --\(transport ?? "tcp") \(target ?? "ADDR")?"
            }
            return "the connection failed or the server is shutting down; retry with backoff (Callbacks.retry)"
        case .deadlineExceeded:
            return "no answer in time; raise the timeout (CallOptions.timeout) or check how busy the server is"
        case .unauthenticated:
            return "the server wants a token: pass the one it was started with (--token)"
        case .permissionDenied:
            return "the server refused this caller; check --allowed-uid and the token"
        case .resourceExhausted:
            return "a limit was hit (rate limit, frame, body or message size, queue); slow down or raise the server's limit"
        case .unimplemented:
            return "this server or transport does not offer that; see CONTRACT.md for what each transport carries"
        case .invalidArgument:
            return "the request was refused as given; the message says which field"
        case .failedPrecondition:
            return "the call cannot run in this state (a blocking call on an event-loop thread?); see the message"
        case .notFound:
            return "check the path, method name or request id"
        default:
            return nil  // OK, CANCELLED (the caller's own doing) and the rest: the message says it all
        }
    }

    // Shorthands for the codes the bridges raise most.
    /// `UNAVAILABLE`: the peer could not be reached or the connection dropped; worth retrying.
    public static func unavailable(_ message: String, cause: String? = nil) -> BridgeError {
        BridgeError(.unavailable, message, cause: cause)
    }
    /// `DEADLINE_EXCEEDED`: no answer before the call's deadline.
    public static func deadlineExceeded(_ message: String = "deadline exceeded") -> BridgeError {
        BridgeError(.deadlineExceeded, message)
    }
    /// `CANCELLED`: the caller gave up (cancelled the handle, the task or the stream).
    public static func cancelled(_ message: String = "call cancelled") -> BridgeError {
        BridgeError(.cancelled, message)
    }
    /// `INVALID_ARGUMENT`: the request was refused as given; `message` names what is wrong.
    public static func invalidArgument(_ message: String) -> BridgeError {
        BridgeError(.invalidArgument, message)
    }
    /// `INTERNAL`: something that should not happen did (an answer that does not decode, a broken invariant).
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
