/// Emits a service as a `ProtoService` descriptor: a caseless enum with the service's full
/// name and one `ProtoMethod` enum per rpc (request and response types, `:path`, streaming kind).
/// Calling and serving are built on these by the gRPC layer; nothing here does I/O.
struct SwiftServiceEmitter {
    let context: SwiftEmitterContext

    func emit(_ service: ProtoServiceDecl, package: String, into out: inout SwiftCodeWriter) {
        let access = context.access
        let fullName = ProtoSymbolTable.qualify(package, service.name)
        let name = SwiftNaming.typePrefix(package: package).isEmpty
            ? SwiftNaming.typeName(service.name, isEnum: true)
            : SwiftNaming.typePrefix(package: package) + service.name
        let methodNames = service.methods.map(Self.methodTypeName)
        out.doc(service.comment.isEmpty ? ["The `\(fullName)` service."] : service.comment)
        out.block("\(access)enum \(name): ProtoService") { out in
            out.line("\(access)static let serviceName = \(SwiftStringLiteral.quoted(fullName))")
            out.line("\(access)static let methods: [any ProtoMethod.Type] = [\(methodNames.map { $0 + ".self" }.joined(separator: ", "))]")
            for (method, methodName) in zip(service.methods, methodNames) {
                out.line()
                emit(method, swiftName: methodName, service: fullName, into: &out)
            }
        }
    }

    private func emit(_ method: ProtoMethodDecl, swiftName: String, service: String, into out: inout SwiftCodeWriter) {
        let access = context.access
        out.doc(method.comment.isEmpty ? ["`rpc \(method.name)`."] : method.comment)
        out.block("\(access)enum \(swiftName): ProtoMethod") { out in
            out.line("\(access)typealias Request = \(typeName(method.inputType))")
            out.line("\(access)typealias Response = \(typeName(method.outputType))")
            out.line("\(access)static let name = \(SwiftStringLiteral.quoted(method.name))")
            out.line("\(access)static let path = \(SwiftStringLiteral.quoted("/\(service)/\(method.name)"))")
            out.line("\(access)static let kind: ProtoMethodKind = .\(kind(method))")
        }
    }

    /// An rpc's enum name: its own, unless that would clash with the service's members or a
    /// Swift type name (then `Method` is appended).
    static func methodTypeName(_ method: ProtoMethodDecl) -> String {
        let reserved: Set<String> = ["serviceName", "methods"]
        if reserved.contains(method.name) || SwiftNaming.reservedTypes.contains(method.name) || SwiftNaming.keywords.contains(method.name) {
            return method.name + "Method"
        }
        return method.name
    }

    private func typeName(_ type: ProtoTypeReference) -> String {
        switch type {
        case .message(let fullName), .enumeration(let fullName), .named(let fullName):
            return context.swiftTypeName(fullName)
        case .scalar(let scalar):
            return scalar.rawValue
        }
    }

    private func kind(_ method: ProtoMethodDecl) -> String {
        switch (method.clientStreaming, method.serverStreaming) {
        case (false, false): return "unary"
        case (false, true): return "serverStreaming"
        case (true, false): return "clientStreaming"
        case (true, true): return "bidiStreaming"
        }
    }
}
