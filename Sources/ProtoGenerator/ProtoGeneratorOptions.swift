/// Choices about the generated Swift that do not come from the .proto.
public struct ProtoGeneratorOptions: Sendable, Hashable {
    /// The access level of every generated declaration.
    public enum Visibility: String, Sendable, Hashable {
        /// `public`: for a library whose users use the messages (the checked-in grpc.testing types).
        case `public`
        /// `package`: visible to the other modules of the same Swift package only.
        case package
        /// No modifier: visible inside the module the file is compiled into.
        case `internal`

        /// The modifier with a trailing space ("" for internal, Swift's default).
        var modifier: String {
            switch self {
            case .public: return "public "
            case .package: return "package "
            case .internal: return ""
            }
        }
    }

    /// The access level of the generated declarations (default `public`).
    public var visibility: Visibility
    /// Modules the generated file imports: the runtime (`Protobuf`) and `BridgeCore` for
    /// `JSONValue`. Drop `Protobuf` when the output is compiled inside the Protobuf target.
    public var imports: [String]

    /// Options with every value defaulted: public declarations importing `BridgeCore` and `Protobuf`.
    public init(visibility: Visibility = .public, imports: [String] = ["BridgeCore", "Protobuf"]) {
        self.visibility = visibility
        self.imports = imports
    }
}
