/// Choices about the generated Swift that do not come from the .proto.
public struct ProtoGeneratorOptions: Sendable, Hashable {
    /// The access level of every generated declaration.
    public enum Visibility: String, Sendable, Hashable {
        case `public`, package, `internal`

        /// The modifier with a trailing space ("" for internal, Swift's default).
        var modifier: String {
            switch self {
            case .public: return "public "
            case .package: return "package "
            case .internal: return ""
            }
        }
    }

    public var visibility: Visibility
    /// Modules the generated file imports: the runtime (`Protobuf`) and `BridgeCore` for
    /// `JSONValue`. Drop `Protobuf` when the output is compiled inside the Protobuf target.
    public var imports: [String]

    public init(visibility: Visibility = .public, imports: [String] = ["BridgeCore", "Protobuf"]) {
        self.visibility = visibility
        self.imports = imports
    }
}
