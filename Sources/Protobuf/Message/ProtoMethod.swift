// gRPC method descriptors, as the ProtoGenerator target emits them for each `service`: enough
// for a server to register a handler by path and for a client to call one, with the message
// types checked by the compiler. The calling and registration layers build on these.
//
// A generated service is a caseless enum conforming to ``ProtoService``, with one caseless
// enum per rpc conforming to ``ProtoMethod``:
//
//     public enum Ipcbridge_V1_Validation: ProtoService {
//         public static let serviceName = "ipcbridge.v1.Validation"
//         public static let methods: [any ProtoMethod.Type] = [Validate.self, Echo.self, ...]
//         public enum Validate: ProtoMethod {
//             public typealias Request = Ipcbridge_V1_BridgeMessage
//             public typealias Response = Ipcbridge_V1_BridgeMessage
//             public static let name = "Validate"
//             public static let path = "/ipcbridge.v1.Validation/Validate"
//             public static let kind: ProtoMethodKind = .unary
//         }
//     }

/// Which side of a call streams: a `stream` keyword before the request, the response, both or neither.
public enum ProtoMethodKind: Sendable, Hashable, CaseIterable {
    /// One request, one response.
    case unary
    /// One request, a stream of responses (`returns (stream Response)`).
    case serverStreaming
    /// A stream of requests, one response (`(stream Request)`).
    case clientStreaming
    /// Both streams, independent of each other.
    case bidiStreaming

    /// True when the client may send more than one message.
    public var clientStreams: Bool {
        switch self {
        case .unary, .serverStreaming: return false
        case .clientStreaming, .bidiStreaming: return true
        }
    }

    /// True when the server may send more than one message.
    public var serverStreams: Bool {
        switch self {
        case .unary, .clientStreaming: return false
        case .serverStreaming, .bidiStreaming: return true
        }
    }
}

/// One rpc of a service: its message types, its name and its HTTP/2 `:path`.
public protocol ProtoMethod: Sendable {
    /// The message type the client sends.
    associatedtype Request: ProtoMessage
    /// The message type the server answers with.
    associatedtype Response: ProtoMessage
    /// The rpc's name as declared (`Validate`).
    static var name: String { get }
    /// `/package.Service/Method`, the `:path` a gRPC call to it carries.
    static var path: String { get }
    /// Which side streams, from the `stream` keywords of the rpc.
    static var kind: ProtoMethodKind { get }
}

/// A service: its full name and its rpcs, in declaration order.
public protocol ProtoService: Sendable {
    /// `package.Service` (`ipcbridge.v1.Validation`).
    static var serviceName: String { get }
    /// The service's rpcs as ``ProtoMethod`` types, in declaration order: what a server registers
    /// and a client looks paths up in.
    static var methods: [any ProtoMethod.Type] { get }
}
