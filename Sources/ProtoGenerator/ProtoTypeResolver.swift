/// Resolves type names the way protoc does: a relative name is looked up from the innermost
/// scope outward (`a.b.Msg.X`, `a.b.X`, `a.X`, `X`), and the first scope in which its first
/// component exists decides; a leading dot makes it absolute. The type must also be visible:
/// declared in the same file, in a file it imports, or in a file re-exported by `import public`.
struct ProtoTypeResolver {
    let symbols: ProtoSymbolTable
    /// The files whose declarations the file being resolved can see.
    let visibleFiles: Set<String>
    let file: String

    /// The symbol `name` refers to from inside `scope` (a package or a message's full name).
    func resolve(_ name: String, in scope: String, at location: ProtoSourceLocation) throws(ProtoGeneratorError) -> ProtoTypeSymbol {
        let symbol = try lookUp(name, in: scope, at: location)
        guard visibleFiles.contains(symbol.file) else {
            throw ProtoGeneratorError("'\(name)' is declared in \"\(symbol.file)\", which is not imported by \"\(file)\"", at: location)
        }
        return symbol
    }

    private func lookUp(_ name: String, in scope: String, at location: ProtoSourceLocation) throws(ProtoGeneratorError) -> ProtoTypeSymbol {
        if name.hasPrefix(".") {
            guard let symbol = symbols.types[String(name.dropFirst())] else {
                throw ProtoGeneratorError("unknown type '\(name)'", at: location)
            }
            return symbol
        }
        let first = String(name.prefix { $0 != "." })
        var scopeParts = scope.split(separator: ".").map(String.init)
        while true {
            let prefix = scopeParts.joined(separator: ".")
            if symbols.isScopeOrType(ProtoSymbolTable.qualify(prefix, first)) {
                let candidate = ProtoSymbolTable.qualify(prefix, name)
                if let symbol = symbols.types[candidate] { return symbol }
                throw ProtoGeneratorError("'\(name)' resolves to '\(candidate)', which is not defined (the innermost scope "
                                          + "is searched first; use a leading '.' for an absolute name)", at: location)
            }
            if scopeParts.isEmpty { break }
            scopeParts.removeLast()
        }
        throw ProtoGeneratorError("unknown type '\(name)'", at: location)
    }

    /// A field's type, resolved: scalars stay, names become `.message` or `.enumeration`.
    func resolveFieldType(_ type: ProtoTypeReference, in scope: String,
                          at location: ProtoSourceLocation) throws(ProtoGeneratorError) -> ProtoTypeReference {
        switch type {
        case .scalar, .message, .enumeration:
            return type
        case .named(let name):
            let symbol = try resolve(name, in: scope, at: location)
            switch symbol.kind {
            case .message: return .message(symbol.fullName)
            case .enumeration: return .enumeration(symbol.fullName)
            }
        }
    }

    /// Resolves every field of `message` (and of its nested messages).
    func resolveMessage(_ message: ProtoMessageDecl, in scope: String) throws(ProtoGeneratorError) -> ProtoMessageDecl {
        var message = message
        let fullName = ProtoSymbolTable.qualify(scope, message.name)
        for index in message.fields.indices {
            let field = message.fields[index]
            message.fields[index].type = try resolveFieldType(field.type, in: fullName, at: field.typeLocation)
        }
        for index in message.messages.indices {
            message.messages[index] = try resolveMessage(message.messages[index], in: fullName)
        }
        return message
    }

    /// Resolves a method's request or response type, which must be a message.
    func resolveMethodType(_ type: ProtoTypeReference, in scope: String,
                           at location: ProtoSourceLocation) throws(ProtoGeneratorError) -> ProtoTypeReference {
        let resolved = try resolveFieldType(type, in: scope, at: location)
        switch resolved {
        case .message: return resolved
        case .scalar, .named, .enumeration:
            throw ProtoGeneratorError("an rpc's request and response must be message types", at: location)
        }
    }
}
