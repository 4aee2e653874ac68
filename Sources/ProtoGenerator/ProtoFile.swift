/// A parsed .proto file: the syntax tree the parser builds and ``ProtoSemantics`` checks.
///
/// All of the tree is value types, so a checked copy (type names resolved to full names) can
/// be made without touching the parsed one.
public struct ProtoFile: Sendable, Hashable {
    /// The path the file was loaded under (the one imports name it by).
    public var path: String
    /// The dotted package, "" when the file has none.
    public var package: String
    /// The `import` statements, in order.
    public var imports: [ProtoImport]
    /// File-level options (`java_package`...): kept, mostly without effect.
    public var options: [ProtoOption]
    /// The top-level messages, in order (nested ones live inside their parents).
    public var messages: [ProtoMessageDecl]
    /// The top-level enums, in order.
    public var enums: [ProtoEnumDecl]
    /// The services, in order.
    public var services: [ProtoServiceDecl]

    /// A file with every part given or left empty.
    public init(path: String, package: String = "", imports: [ProtoImport] = [], options: [ProtoOption] = [],
                messages: [ProtoMessageDecl] = [], enums: [ProtoEnumDecl] = [], services: [ProtoServiceDecl] = []) {
        self.path = path
        self.package = package
        self.imports = imports
        self.options = options
        self.messages = messages
        self.enums = enums
        self.services = services
    }
}

/// `import "path";`, `import public "path";` or `import weak "path";`.
public struct ProtoImport: Sendable, Hashable {
    /// Which kind of import.
    public enum Modifier: Sendable, Hashable {
        /// A plain `import`: the imported names are visible in this file only.
        case none
        /// Re-exports the imported file's names to whoever imports this one.
        case `public`
        /// proto2's optional import; treated as a plain import.
        case weak
    }

    /// The imported file's path as written, relative to an import root.
    public var path: String
    /// Plain, `public` or `weak`.
    public var modifier: Modifier
    /// Where the `import` keyword is, for errors.
    public var location: ProtoSourceLocation

    /// An import of `path`.
    public init(path: String, modifier: Modifier = .none, location: ProtoSourceLocation) {
        self.path = path
        self.modifier = modifier
        self.location = location
    }
}

/// An option (`option java_package = "x";`, `[packed = false]`): its name as written
/// (`java_package`, `(my.ext).field`) and its value. Options are kept but, apart from the
/// few the generator understands (`packed`, `json_name`, `allow_alias`, `deprecated`), have
/// no effect on the generated code.
public struct ProtoOption: Sendable, Hashable {
    /// The option's name as written (`java_package`, `(my.ext).field`).
    public var name: String
    /// The option's value.
    public var value: ProtoConstant
    /// Where the option is, for errors.
    public var location: ProtoSourceLocation

    /// An option `name` set to `value`.
    public init(name: String, value: ProtoConstant, location: ProtoSourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// An option's value.
public enum ProtoConstant: Sendable, Hashable {
    /// A name: `true`, `false`, an enum value, `inf`, ...
    case identifier(String)
    /// A signed integer.
    case integer(Int64)
    /// An unsigned value above `Int64.max`.
    case unsignedInteger(UInt64)
    /// A floating-point literal.
    case float(Double)
    /// A string literal, escapes resolved.
    case string(String)
    /// A text-format message literal (`{ a: 1 }`), kept unparsed: the generator has no use for it.
    case aggregate

    /// The value as a Bool when it is `true` or `false`.
    public var boolValue: Bool? {
        switch self {
        case .identifier("true"): return true
        case .identifier("false"): return false
        case .identifier, .integer, .unsignedInteger, .float, .string, .aggregate: return nil
        }
    }
}

extension Array where Element == ProtoOption {
    /// The last option named `name` (later options override earlier ones, as protoc reads them).
    func option(_ name: String) -> ProtoOption? {
        last { $0.name == name }
    }
}
