/// `service Name { rpc ... }`.
public struct ProtoServiceDecl: Sendable, Hashable {
    /// The service's own name (`TestService`).
    public var name: String
    /// Its rpcs, in declaration order.
    public var methods: [ProtoMethodDecl]
    /// The service's options.
    public var options: [ProtoOption]
    /// The comment documenting it in the .proto, one entry per line, markers removed.
    public var comment: [String]
    /// Where the `service` keyword is, for errors.
    public var location: ProtoSourceLocation

    /// A service with every part given or left empty.
    public init(name: String, methods: [ProtoMethodDecl] = [], options: [ProtoOption] = [], comment: [String] = [],
                location: ProtoSourceLocation) {
        self.name = name
        self.methods = methods
        self.options = options
        self.comment = comment
        self.location = location
    }
}

/// `rpc Name ([stream] Request) returns ([stream] Response);`.
public struct ProtoMethodDecl: Sendable, Hashable {
    /// The rpc's name (`UnaryCall`).
    public var name: String
    /// The request message type.
    public var inputType: ProtoTypeReference
    /// The response message type.
    public var outputType: ProtoTypeReference
    /// True for `(stream Request)`: the client sends any number of messages.
    public var clientStreaming: Bool
    /// True for `returns (stream Response)`: the server answers with any number.
    public var serverStreaming: Bool
    /// The rpc's options.
    public var options: [ProtoOption]
    /// The comment documenting it in the .proto, one entry per line, markers removed.
    public var comment: [String]
    /// Where the `rpc` keyword is, for errors.
    public var location: ProtoSourceLocation
    /// Where the request type is written, for resolution errors.
    public var inputLocation: ProtoSourceLocation
    /// Where the response type is written, for resolution errors.
    public var outputLocation: ProtoSourceLocation

    /// An rpc with every part given or defaulted; the type locations default to `location`.
    public init(name: String, inputType: ProtoTypeReference, outputType: ProtoTypeReference, clientStreaming: Bool = false,
                serverStreaming: Bool = false, options: [ProtoOption] = [], comment: [String] = [],
                location: ProtoSourceLocation, inputLocation: ProtoSourceLocation? = nil,
                outputLocation: ProtoSourceLocation? = nil) {
        self.name = name
        self.inputType = inputType
        self.outputType = outputType
        self.clientStreaming = clientStreaming
        self.serverStreaming = serverStreaming
        self.options = options
        self.comment = comment
        self.location = location
        self.inputLocation = inputLocation ?? location
        self.outputLocation = outputLocation ?? location
    }
}
