/// How proto names become Swift names, following swift-protobuf's conventions so the types
/// read the same as the rest of the Swift protobuf world:
///
/// - types: the package's components upper-camel-cased and joined with `_`, then the message
///   name (`grpc.testing` + `SimpleRequest` -> `Grpc_Testing_SimpleRequest`); nested types
///   nest (`Grpc_Testing_ClientConfigureRequest.RpcType`);
/// - fields: lowerCamelCase, with `id`, `url`, `http` and `https` upper-cased after the first
///   word (`fill_oauth_scope` -> `fillOauthScope`, `message_id` -> `messageID`);
/// - enum cases: lowerCamelCase without the enum's own name as a prefix
///   (`GrpclbRouteType.GRPCLB_ROUTE_TYPE_BACKEND` -> `.backend`).
///
/// Swift keywords are escaped with backticks; names that would clash with what the generated
/// code itself declares (`unknownFields`, `serializedSize`, `json`, ...) get a `_p` suffix,
/// and type names that would shadow a type the generated code uses get a `Message` / `Enum`
/// suffix.
enum SwiftNaming {
    /// Words upper-cased as a whole when not first (Swift API naming: `messageID`, not `messageId`).
    static let abbreviations: Set<String> = ["id", "url", "http", "https"]

    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else",
        "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as",
        "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "_", "package", "consume",
        "borrowing", "consuming", "some", "any",
    ]

    /// Member names the generated code declares or relies on, and names backticks cannot save.
    static let reservedMembers: Set<String> = [
        "unknownFields", "serializedSize", "serializedBytes", "decode", "encode", "merge", "json", "jsonString",
        "jsonNullIsValue", "hashValue", "hash", "description", "debugDescription", "self", "Self", "init", "Type",
        "Protocol", "rawValue", "protoName", "jsonIsNull", "unrecognized", "allCases",
    ]

    /// Type names the generated code uses unqualified: a proto type of one of these names
    /// (nested, or top-level without a package) would shadow it.
    static let reservedTypes: Set<String> = [
        "Bool", "Int", "Int32", "Int64", "UInt32", "UInt64", "UInt8", "Float", "Double", "String", "Array", "Dictionary",
        "Optional", "Error", "Sendable", "Hashable", "Equatable", "Never", "Type", "Protocol", "Self", "Any", "AnyObject",
        "JSONValue", "UnknownFields", "ProtobufReader", "ProtobufWriter", "ProtobufError", "ProtobufSize", "ProtoMessage",
        "ProtoEnum", "ProtoJSONMessage", "ProtoJSONEnum", "ProtoJSONError", "ProtoJSONOptions", "ProtoJSONObjectReader",
        "ProtoJSONObjectWriter", "ProtoMethod", "ProtoMethodKind", "ProtoService", "FieldKey",
    ]

    // MARK: types

    /// `grpc.testing` -> `Grpc_Testing_`; "" -> "".
    static func typePrefix(package: String) -> String {
        if package.isEmpty { return "" }
        return package.split(separator: ".").map { upperCamel(String($0)) }.joined(separator: "_") + "_"
    }

    /// The Swift name of one declared type name (one level of nesting).
    static func typeName(_ name: String, isEnum: Bool) -> String {
        reservedTypes.contains(name) || keywords.contains(name) ? name + (isEnum ? "Enum" : "Message") : name
    }

    /// `foo_bar` -> `FooBar`: each `_`-separated part with its first letter upper-cased.
    static func upperCamel(_ name: String) -> String {
        name.split(separator: "_").map { part in part.prefix(1).uppercased() + part.dropFirst() }.joined()
    }

    // MARK: members

    /// A field's or oneof's property name, escaped as needed.
    static func propertyName(_ protoName: String) -> String {
        escapedMember(lowerCamel(protoName))
    }

    /// `snake_case` or `UPPER_CASE` -> `lowerCamelCase`.
    static func lowerCamel(_ name: String) -> String {
        let words = name.split(separator: "_").map(String.init)
        var result = ""
        for (index, rawWord) in words.enumerated() {
            let isAllCaps = rawWord.allSatisfy { !$0.isLowercase }
            let word = isAllCaps ? rawWord.lowercased() : rawWord
            if index == 0 {
                result += lowercasingLeadingCapitals(word)
            } else if abbreviations.contains(word.lowercased()) {
                result += word.uppercased()
            } else {
                result += word.prefix(1).uppercased() + word.dropFirst()
            }
        }
        if result.isEmpty { return "_" }
        if let first = result.first, first.isNumber { return "_" + result }
        return result
    }

    /// `HTTPServer` -> `httpServer`, `Foo` -> `foo`.
    private static func lowercasingLeadingCapitals(_ word: String) -> String {
        let characters = Array(word)
        var capitals = 0
        while capitals < characters.count, characters[capitals].isUppercase { capitals += 1 }
        if capitals > 1, capitals < characters.count, characters[capitals].isLowercase { capitals -= 1 }
        return String(characters[..<capitals]).lowercased() + String(characters[capitals...])
    }

    /// Escapes a member name: reserved ones get `_p`, keywords backticks.
    static func escapedMember(_ name: String) -> String {
        if reservedMembers.contains(name) { return name + "_p" }
        if keywords.contains(name) { return "`\(name)`" }
        return name
    }

    /// The member name without backticks (for labels in text, never for code).
    static func unescaped(_ name: String) -> String {
        name.filter { $0 != "`" }
    }

    // MARK: enum cases

    /// The case names of an enum's values, in order: prefixes stripped when that leaves every
    /// name distinct and valid, kept otherwise.
    static func caseNames(for decl: ProtoEnumDecl) -> [String] {
        let stripped = decl.values.map { escapedMember(lowerCamel(strip(prefix: decl.name, from: $0.name))) }
        if Set(stripped).count == stripped.count { return stripped }
        return decl.values.map { escapedMember(lowerCamel($0.name)) }
    }

    /// `GRPCLB_ROUTE_TYPE_BACKEND` without `GrpclbRouteType`'s letters, when the value starts with
    /// them (compared without case and underscores) followed by `_` and a letter.
    static func strip(prefix enumName: String, from valueName: String) -> String {
        let prefix = Array(enumName.lowercased().filter { $0 != "_" })
        let characters = Array(valueName)
        var index = 0
        var matched = 0
        while matched < prefix.count {
            guard index < characters.count else { return valueName }
            if characters[index] == "_" {
                index += 1
                continue
            }
            guard Character(characters[index].lowercased()) == prefix[matched] else { return valueName }
            matched += 1
            index += 1
        }
        guard index < characters.count, characters[index] == "_" else { return valueName }
        while index < characters.count, characters[index] == "_" { index += 1 }
        guard index < characters.count, characters[index].isLetter else { return valueName }
        return String(characters[index...])
    }
}
