import BridgeIO

/// What a method handler knows about the call it answers, whatever the transport.
///
/// Deliberately small: the same handler serves gRPC, HTTP and framed TCP, so only what all
/// three can say is here, with the gaps stated per field.
public struct ServiceContext: Sendable {
    /// `tcp`, `http` or `grpc`.
    public let transport: String
    /// `/package.Service/Method`.
    public let method: String
    /// gRPC metadata (text values; binary `-bin` values base64) or HTTP headers, names in lower
    /// case; empty over framed TCP, which has no headers.
    public let metadata: [String: String]
    /// When the caller stops waiting: from gRPC's `grpc-timeout`; nil over HTTP and framed TCP,
    /// whose requests carry no deadline.
    public let deadline: ContinuousClock.Instant?
    /// The event loop of the connection the request came in on, for timers; the handler's task
    /// runs on it, so never block it.
    public let loop: EventLoop

    /// A context; transports make these, tests may too.
    public init(transport: String, method: String, metadata: [String: String] = [:],
                deadline: ContinuousClock.Instant? = nil, loop: EventLoop) {
        self.transport = transport
        self.method = method
        self.metadata = metadata
        self.deadline = deadline
        self.loop = loop
    }
}
