/// Emits a message's struct: its properties (plain fields, oneof enums and their properties,
/// `unknownFields`), its nested enums and messages, its initializers, and (through
/// ``SwiftBinaryEmitter``) the wire-format code. The JSON form is a separate extension
/// (``SwiftJSONEmitter``).
struct SwiftMessageEmitter {
    let context: SwiftEmitterContext

    func emit(_ decl: ProtoMessageDecl, fullName: String, into out: inout SwiftCodeWriter) {
        let model = SwiftMessageModel(decl, fullName: fullName, context: context)
        let access = context.access
        out.doc(decl.comment.isEmpty ? ["`\(fullName)`."] : decl.comment)
        out.block("\(access)struct \(model.name): ProtoMessage, Hashable") { out in
            for field in model.plainFields { emitProperty(field, into: &out) }
            for oneof in model.oneofs { emitOneof(oneof, into: &out) }
            out.line("\(access)var unknownFields = UnknownFields()")
            for nested in decl.enums {
                out.line()
                SwiftEnumEmitter(context: context).emit(nested, fullName: fullName + "." + nested.name, into: &out)
            }
            for nested in decl.messages {
                out.line()
                emit(nested, fullName: fullName + "." + nested.name, into: &out)
            }
            out.line()
            emitInitializers(model, into: &out)
            out.line()
            SwiftBinaryEmitter(access: access).emit(model, into: &out)
        }
    }

    private func emitProperty(_ field: SwiftFieldModel, into out: inout SwiftCodeWriter) {
        let access = context.access
        out.doc(Self.documentation(of: field.decl))
        guard field.isIndirect else {
            // Optionals start as nil without saying so, as hand-written Swift does.
            let initial = field.initialValue == "nil" ? "" : " = \(field.initialValue)"
            out.line("\(access)var \(field.property): \(field.propertyType)\(initial)  // \(field.number)")
            return
        }
        // A message that (through other singular fields) contains itself cannot be stored
        // inline; an array of at most one element gives the indirection a struct needs.
        out.line("\(access)var \(field.property): \(field.propertyType) {  // \(field.number)")
        out.line("    get { \(field.storage).first }")
        out.line("    set { \(field.storage) = newValue.map { [$0] } ?? [] }")
        out.line("}")
        out.line("private var \(field.storage): [\(field.valueType)] = []")
    }

    private func emitOneof(_ oneof: SwiftOneofModel, into out: inout SwiftCodeWriter) {
        let access = context.access
        out.doc(oneof.decl.comment.isEmpty ? ["The `\(oneof.decl.name)` oneof: at most one member is set; the last one read wins."]
                                            : oneof.decl.comment)
        out.block("\(access)enum \(oneof.enumName): Sendable, Hashable") { out in
            for member in oneof.members {
                out.doc(Self.documentation(of: member.decl))
                let indirect = member.isIndirect ? "indirect " : ""
                out.line("\(indirect)case \(oneof.caseName(member))(\(member.valueType))  // \(member.number)")
            }
        }
        out.doc(["The member of `\(oneof.decl.name)` that is set; nil when none is."])
        out.line("\(access)var \(oneof.property): \(oneof.enumName)?")
    }

    /// A field's doc comment: its .proto comment, or else its .proto name and number (what the
    /// Swift name was derived from, and what the wire and JSON forms use).
    static func documentation(of field: ProtoFieldDecl) -> [String] {
        field.comment.isEmpty ? ["The .proto field `\(field.name)` (number \(field.number))."] : field.comment
    }

    /// `init()` and, when there are fields, a memberwise initializer with every parameter
    /// defaulted (so callers name only what they set).
    private func emitInitializers(_ model: SwiftMessageModel, into out: inout SwiftCodeWriter) {
        let access = context.access
        out.line("\(access)init() {}")
        guard model.hasFields else { return }
        var parameters: [(name: String, declaration: String)] = model.plainFields.map { field in
            (field.property, "\(field.property): \(field.propertyType) = \(field.initialValue)")
        }
        parameters += model.oneofs.map { oneof in
            (oneof.property, "\(oneof.property): \(oneof.enumName)? = nil")
        }
        out.line()
        out.doc(["A message with the fields named here set; the others keep their proto3 defaults."])
        out.block("\(access)init(\(parameters.map(\.declaration).joined(separator: ", ")))") { out in
            for parameter in parameters {
                out.line("self.\(parameter.name) = \(parameter.name)")
            }
        }
    }
}
