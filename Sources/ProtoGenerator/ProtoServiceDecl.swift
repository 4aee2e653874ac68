/// `service Name { rpc ... }`.
public struct ProtoServiceDecl: Sendable, Hashable {
    public var name: String
    public var methods: [ProtoMethodDecl]
    public var options: [ProtoOption]
    public var comment: [String]
    public var location: ProtoSourceLocation

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
    public var name: String
    public var inputType: ProtoTypeReference
    public var outputType: ProtoTypeReference
    public var clientStreaming: Bool
    public var serverStreaming: Bool
    public var options: [ProtoOption]
    public var comment: [String]
    public var location: ProtoSourceLocation
    public var inputLocation: ProtoSourceLocation
    public var outputLocation: ProtoSourceLocation

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
