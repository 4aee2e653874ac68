/// What every emitter needs besides the declaration at hand: the checked schema (to name
/// types declared anywhere), the options, and which message references form a cycle.
struct SwiftEmitterContext {
    let schema: ProtoSchema
    let options: ProtoGeneratorOptions

    /// `public ` / `package ` / "".
    var access: String { options.visibility.modifier }

    /// The Swift type of a message or enum, fully qualified (`Grpc_Testing_LoadBalancerStatsResponse.RpcsByPeer`).
    func swiftTypeName(_ fullName: String) -> String {
        guard let symbol = schema.types[fullName] else { return fullName }
        let prefix = SwiftNaming.typePrefix(package: symbol.package)
        var parts: [String] = []
        for (index, name) in symbol.path.enumerated() {
            let isLast = index == symbol.path.count - 1
            let isEnum = isLast && symbol.kind == .enumeration
            if index == 0, !prefix.isEmpty {
                parts.append(prefix + name)
            } else {
                parts.append(SwiftNaming.typeName(name, isEnum: isEnum))
            }
        }
        return parts.joined(separator: ".")
    }

    /// The last component of ``swiftTypeName(_:)``: the name a type is declared under.
    func declaredName(_ fullName: String) -> String {
        let qualified = swiftTypeName(fullName)
        return qualified.split(separator: ".").last.map(String.init) ?? qualified
    }

    /// True when a value of message `from` can contain a message `to` through singular message
    /// fields and oneof members (not repeated fields or maps, which are already indirect): a
    /// field of type `from` inside `to` then needs indirection, or the Swift struct would
    /// contain itself.
    func reaches(from start: String, to target: String) -> Bool {
        var visited: Set<String> = []
        var pending = [start]
        while let name = pending.popLast() {
            if name == target { return true }
            guard visited.insert(name).inserted, let message = schema.message(name) else { continue }
            for field in message.fields {
                guard case .message(let next) = field.type else { continue }
                switch field.label {
                case .singular, .optional: pending.append(next)
                case .repeated, .map: break
                }
            }
        }
        return false
    }
}
