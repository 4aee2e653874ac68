/// What ``ProtoSemantics`` produces: the loaded files with every type reference resolved to a
/// full name (``ProtoTypeReference/message(_:)`` / ``ProtoTypeReference/enumeration(_:)``),
/// and the table of every message and enum they declare.
public struct ProtoSchema: Sendable {
    /// Every file loaded (the one asked for and all it imports), by path.
    public var files: [String: ProtoFile]
    /// Every message and enum, by full name (`grpc.testing.Payload`, no leading dot).
    public var types: [String: ProtoTypeSymbol]

    /// A schema of `files` and their `types`.
    public init(files: [String: ProtoFile], types: [String: ProtoTypeSymbol]) {
        self.files = files
        self.types = types
    }

    /// The resolved message declaration for a full name.
    public func message(_ fullName: String) -> ProtoMessageDecl? {
        guard let symbol = types[fullName], symbol.kind == .message else { return nil }
        return enclosingMessages(of: symbol)?.messages.first { $0.name == symbol.path.last }
    }

    /// The enum declaration for a full name.
    public func enumeration(_ fullName: String) -> ProtoEnumDecl? {
        guard let symbol = types[fullName], symbol.kind == .enumeration else { return nil }
        return enclosingMessages(of: symbol)?.enums.first { $0.name == symbol.path.last }
    }

    /// The messages and enums declared beside `symbol` (in its file or its parent message).
    private func enclosingMessages(of symbol: ProtoTypeSymbol) -> (messages: [ProtoMessageDecl], enums: [ProtoEnumDecl])? {
        guard let file = files[symbol.file] else { return nil }
        var scope = (messages: file.messages, enums: file.enums)
        for name in symbol.path.dropLast() {
            guard let parent = scope.messages.first(where: { $0.name == name }) else { return nil }
            scope = (parent.messages, parent.enums)
        }
        return scope
    }
}

/// A message or enum: where it is declared and under which names.
public struct ProtoTypeSymbol: Sendable, Hashable {
    /// Whether the symbol is a message or an enum.
    public enum Kind: Sendable, Hashable {
        /// A `message`.
        case message
        /// An `enum`.
        case enumeration
    }

    /// Message or enum.
    public var kind: Kind
    /// `grpc.testing.LoadBalancerStatsResponse.RpcsByPeer`.
    public var fullName: String
    /// The package of the file that declares it ("" for none).
    public var package: String
    /// The names from the outermost message down: `["LoadBalancerStatsResponse", "RpcsByPeer"]`.
    public var path: [String]
    /// The path of the file that declares it.
    public var file: String
    /// Where its declaration starts, for errors.
    public var location: ProtoSourceLocation
    /// True for the built-in well-known types (Struct, Value, ...) the runtime provides.
    public var isRuntimeProvided: Bool

    /// A symbol with every part given.
    public init(kind: Kind, fullName: String, package: String, path: [String], file: String,
                location: ProtoSourceLocation, isRuntimeProvided: Bool) {
        self.kind = kind
        self.fullName = fullName
        self.package = package
        self.path = path
        self.file = file
        self.location = location
        self.isRuntimeProvided = isRuntimeProvided
    }
}
