/// Emits a message's proto3 JSON form as an extension conforming to `ProtoJSONMessage`:
/// `init(json:)` looks each field up under its JSON and .proto names and reads it with the
/// runtime's `ProtoJSONObjectReader`; `json(options:)` writes the fields that are not at their
/// defaults through `ProtoJSONObjectWriter`.
struct SwiftJSONEmitter {
    let context: SwiftEmitterContext

    func emit(_ decl: ProtoMessageDecl, fullName: String, into out: inout SwiftCodeWriter) {
        let model = SwiftMessageModel(decl, fullName: fullName, context: context)
        let access = context.access
        out.block("extension \(model.qualifiedName): ProtoJSONMessage") { out in
            out.block("\(access)init(json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError)") { out in
                out.line("self.init()")
                let reader = "ProtoJSONObjectReader(json, message: \"\(fullName)\", options: options)"
                out.line(model.hasFields ? "var object = try \(reader)" : "let object = try \(reader)")
                for field in model.fieldsByNumber { emitRead(field, model: model, into: &out) }
                out.line("try object.finish()")
            }
            out.line()
            out.block("\(access)func json(options: ProtoJSONWriteOptions) -> JSONValue") { out in
                guard model.hasFields else {
                    out.line("ProtoJSONObjectWriter(options: options).json")
                    return
                }
                out.line("var object = ProtoJSONObjectWriter(options: options)")
                for field in model.plainFields.sorted(by: { $0.number < $1.number }) { emitWrite(field, into: &out) }
                for oneof in model.oneofs {
                    out.switchBlock("\(oneof.access)") { out in
                        out.line("case nil: break")
                        for member in oneof.members {
                            out.line("case .\(oneof.caseName(member))(let value)?: "
                                     + "object.set(\(member.codec).jsonValue(value, options: options), \(names(member)))")
                        }
                    }
                }
                out.line("return object.json")
            }
        }
    }

    /// `"proto_name", "jsonName"`, as the reader and writer take them.
    private func names(_ field: SwiftFieldModel) -> String {
        "\"\(field.decl.name)\", \(SwiftStringLiteral.quoted(field.decl.jsonName))"
    }

    private func emitRead(_ field: SwiftFieldModel, model: SwiftMessageModel, into out: inout SwiftCodeWriter) {
        let protoName = "\"\(field.decl.name)\""
        let found = "if let value = try object.value(\(names(field)))"
        switch field.shape {
        case .singular:
            out.line("\(found) { \(field.access) = try object.singular(\(field.codec).self, value, field: \(protoName)) }")
        case .optional, .message:
            out.line("\(found) { \(field.access) = try object.optional(\(field.codec).self, value, field: \(protoName)) }")
        case .repeated:
            out.line("\(found) { \(field.access) = try object.repeated(\(field.codec).self, value, field: \(protoName)) }")
        case .map(let keyCodec, _):
            out.line("\(found) { \(field.access) = try object.map(\(keyCodec).self, \(field.codec).self, value, field: \(protoName)) }")
        case .oneofMember(let index):
            let oneof = model.oneofs[index]
            out.block("\(found), let member = try object.optional(\(field.codec).self, value, field: \(protoName))") { out in
                out.line("try object.checkOneof(\(oneof.access) != nil, oneof: \"\(oneof.decl.name)\", field: \(protoName))")
                out.line("\(oneof.access) = .\(oneof.caseName(field))(member)")
            }
        }
    }

    private func emitWrite(_ field: SwiftFieldModel, into out: inout SwiftCodeWriter) {
        switch field.shape {
        case .singular:
            out.line("object.singular(\(field.codec).self, \(field.access), \(names(field)))")
        case .optional, .message:
            out.line("object.optional(\(field.codec).self, \(field.access), \(names(field)))")
        case .repeated:
            out.line("object.repeated(\(field.codec).self, \(field.access), \(names(field)))")
        case .map(let keyCodec, _):
            out.line("object.map(\(keyCodec).self, \(field.codec).self, \(field.access), \(names(field)))")
        case .oneofMember:
            // Oneof members are written by the oneof's switch.
            break
        }
    }
}
