/// Refuses input whose Swift names would collide even though the proto names differ
/// (`foo_id` and `fooID` both become `fooID`; `A__B` and `A_B` both become `aB`), so the
/// generator reports it at the field instead of emitting code that does not compile.
struct SwiftNameCheck {
    let context: SwiftEmitterContext

    func check(_ file: ProtoFile) throws(ProtoGeneratorError) {
        for message in file.messages {
            try check(message, fullName: ProtoSymbolTable.qualify(file.package, message.name))
        }
        for decl in file.enums { try check(decl) }
    }

    private func check(_ message: ProtoMessageDecl, fullName: String) throws(ProtoGeneratorError) {
        let model = SwiftMessageModel(message, fullName: fullName, context: context)
        var seen: [String: String] = [:]
        let members = model.plainFields.map { ($0.property, $0.decl.name, $0.decl.location) }
            + model.oneofs.flatMap { oneof in oneof.members.map { ($0.property, $0.decl.name, $0.decl.location) } }
            + model.oneofs.map { ($0.property, $0.decl.name, $0.decl.location) }
        for (swiftName, protoName, location) in members {
            if let earlier = seen[swiftName] {
                throw ProtoGeneratorError("'\(protoName)' and '\(earlier)' would both be called '\(SwiftNaming.unescaped(swiftName))' in Swift",
                                          at: location)
            }
            seen[swiftName] = protoName
        }
        for nested in message.messages { try check(nested, fullName: fullName + "." + nested.name) }
        for decl in message.enums { try check(decl) }
    }

    private func check(_ decl: ProtoEnumDecl) throws(ProtoGeneratorError) {
        var seen: [String: String] = [:]
        for (value, caseName) in zip(decl.values, SwiftNaming.caseNames(for: decl)) {
            if let earlier = seen[caseName] {
                throw ProtoGeneratorError("'\(value.name)' and '\(earlier)' would both be case '\(SwiftNaming.unescaped(caseName))' in Swift",
                                          at: value.location)
            }
            seen[caseName] = value.name
        }
    }
}
