/// Every name the loaded files declare, by full name: messages and enums (which fields can
/// refer to), and the names that only have to be unique (enum values, which C++ scoping puts
/// beside their enum, not inside it; services; packages).
struct ProtoSymbolTable {
    private(set) var types: [String: ProtoTypeSymbol] = [:]
    /// Enum values and services: full name and where it is declared.
    private var otherNames: [String: ProtoSourceLocation] = [:]
    /// Every package and each of its prefixes (`grpc`, `grpc.testing`).
    private(set) var packages: Set<String> = []

    /// Adds a file's declarations; a name declared twice (here or in another file) is an error.
    mutating func add(_ file: ProtoFile, isRuntimeProvided: Bool) throws(ProtoGeneratorError) {
        var prefix = ""
        for part in file.package.split(separator: ".") {
            prefix = prefix.isEmpty ? String(part) : prefix + "." + part
            packages.insert(prefix)
        }
        let context = Context(file: file.path, package: file.package, isRuntimeProvided: isRuntimeProvided)
        for message in file.messages { try addMessage(message, scope: file.package, path: [], context) }
        for decl in file.enums { try addEnum(decl, scope: file.package, path: [], context) }
        for service in file.services {
            try claim(Self.qualify(file.package, service.name), at: service.location)
        }
    }

    /// True when `fullName` names a type or a package (the things a dotted name can start with).
    func isScopeOrType(_ fullName: String) -> Bool {
        types[fullName] != nil || packages.contains(fullName)
    }

    static func qualify(_ scope: String, _ name: String) -> String {
        scope.isEmpty ? name : scope + "." + name
    }

    private struct Context {
        var file: String
        var package: String
        var isRuntimeProvided: Bool
    }

    private mutating func addMessage(_ message: ProtoMessageDecl, scope: String, path: [String],
                                     _ context: Context) throws(ProtoGeneratorError) {
        let fullName = Self.qualify(scope, message.name)
        let messagePath = path + [message.name]
        try addType(ProtoTypeSymbol(kind: .message, fullName: fullName, package: context.package, path: messagePath,
                                    file: context.file, location: message.location,
                                    isRuntimeProvided: context.isRuntimeProvided))
        for nested in message.messages { try addMessage(nested, scope: fullName, path: messagePath, context) }
        for decl in message.enums { try addEnum(decl, scope: fullName, path: messagePath, context) }
    }

    private mutating func addEnum(_ decl: ProtoEnumDecl, scope: String, path: [String],
                                  _ context: Context) throws(ProtoGeneratorError) {
        try addType(ProtoTypeSymbol(kind: .enumeration, fullName: Self.qualify(scope, decl.name), package: context.package,
                                    path: path + [decl.name], file: context.file, location: decl.location,
                                    isRuntimeProvided: context.isRuntimeProvided))
        // Enum values are siblings of their enum: two enums in one scope cannot share a value name.
        for value in decl.values {
            let valueName = Self.qualify(scope, value.name)
            if let earlier = otherNames[valueName] {
                throw ProtoGeneratorError("enum value '\(value.name)' is already defined in this scope at \(earlier) "
                                          + "(enum values are scoped like C++: beside their enum, not inside it)",
                                          at: value.location)
            }
            if types[valueName] != nil {
                throw ProtoGeneratorError("enum value '\(value.name)' has the name of a type in the same scope", at: value.location)
            }
            otherNames[valueName] = value.location
        }
    }

    private mutating func addType(_ symbol: ProtoTypeSymbol) throws(ProtoGeneratorError) {
        if let earlier = types[symbol.fullName] {
            throw ProtoGeneratorError("'\(symbol.fullName)' is already defined at \(earlier.location)", at: symbol.location)
        }
        if let earlier = otherNames[symbol.fullName] {
            throw ProtoGeneratorError("'\(symbol.fullName)' is already defined at \(earlier)", at: symbol.location)
        }
        types[symbol.fullName] = symbol
    }

    private mutating func claim(_ fullName: String, at location: ProtoSourceLocation) throws(ProtoGeneratorError) {
        if let earlier = types[fullName]?.location ?? otherNames[fullName] {
            throw ProtoGeneratorError("'\(fullName)' is already defined at \(earlier)", at: location)
        }
        otherNames[fullName] = location
    }
}
