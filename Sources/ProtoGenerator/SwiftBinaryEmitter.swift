/// Emits a message's wire-format code, the way the hand-written messages are written:
/// `decode(from:)` (merging, unknown fields kept), `encode(to:)` (field-number order, proto3
/// defaults left out, unknown fields last) and `serializedSize` (exactly what `encode` writes).
struct SwiftBinaryEmitter {
    let access: String

    func emit(_ model: SwiftMessageModel, into out: inout SwiftCodeWriter) {
        emitDecode(model, into: &out)
        out.line()
        emitEncode(model, into: &out)
        out.line()
        emitSize(model, into: &out)
    }

    // MARK: decode

    private func emitDecode(_ model: SwiftMessageModel, into out: inout SwiftCodeWriter) {
        out.block("\(access)mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError)") { out in
            out.block("while let key = try reader.nextField()") { out in
                guard model.hasFields else {
                    out.line("try reader.skipValue(of: key, keepingIn: &self.unknownFields)")
                    return
                }
                out.switchBlock("key.number") { out in
                    for field in model.fieldsByNumber { emitDecodeCase(field, model: model, into: &out) }
                    out.line("default: try reader.skipValue(of: key, keepingIn: &self.unknownFields)")
                }
            }
        }
    }

    private func emitDecodeCase(_ field: SwiftFieldModel, model: SwiftMessageModel, into out: inout SwiftCodeWriter) {
        let number = field.number
        switch field.shape {
        case .singular, .optional:
            out.line("case \(number): \(field.access) = try reader.read(\(field.codec).self, key)")
        case .message:
            out.line("case \(number): try reader.readMessage(key, into: &\(field.access))")
        case .repeated:
            out.line("case \(number): try reader.readRepeated(\(field.codec).self, key, into: &\(field.access))")
        case .map(let keyCodec, _):
            out.line("case \(number): try reader.readMapEntry(\(keyCodec).self, \(field.codec).self, key, into: &\(field.access))")
        case .oneofMember(let index):
            let oneof = model.oneofs[index]
            let caseName = oneof.caseName(field)
            guard field.isMessage else {
                out.line("case \(number): \(oneof.access) = .\(caseName)(try reader.read(\(field.codec).self, key))")
                return
            }
            // A message member seen again is merged into the one already there; the oneof is
            // cleared first so the merge does not copy the member's storage.
            out.line("case \(number):")
            out.line("    var value = \(field.valueType)()")
            out.line("    if case .\(caseName)(let existing) = \(oneof.access) { value = existing }")
            out.line("    \(oneof.access) = nil")
            out.line("    try reader.readMessage(key, into: &value)")
            out.line("    \(oneof.access) = .\(caseName)(value)")
        }
    }

    // MARK: encode

    private func emitEncode(_ model: SwiftMessageModel, into out: inout SwiftCodeWriter) {
        out.block("\(access)func encode(to writer: inout ProtobufWriter)") { out in
            var index = 0
            let fields = model.fieldsByNumber
            while index < fields.count {
                let field = fields[index]
                guard case .oneofMember(let oneofIndex) = field.shape else {
                    emitEncodeField(field, into: &out)
                    index += 1
                    continue
                }
                // A run of members of one oneof in number order: one switch when the run holds
                // them all, else one `if case` each (so the wire order stays by number).
                let oneof = model.oneofs[oneofIndex]
                var run: [SwiftFieldModel] = []
                while index < fields.count, case .oneofMember(let next) = fields[index].shape, next == oneofIndex {
                    run.append(fields[index])
                    index += 1
                }
                if run.count == oneof.members.count {
                    out.switchBlock("\(oneof.access)") { out in
                        out.line("case nil: break")
                        for member in run {
                            out.line("case .\(oneof.caseName(member))(let value)?: \(encodeStatement(member, value: "value"))")
                        }
                    }
                } else {
                    for member in run {
                        out.line("if case .\(oneof.caseName(member))(let value)? = \(oneof.access) { \(encodeStatement(member, value: "value")) }")
                    }
                }
            }
            out.line("writer.writeUnknownFields(self.unknownFields)")
        }
    }

    private func emitEncodeField(_ field: SwiftFieldModel, into out: inout SwiftCodeWriter) {
        let number = field.number
        switch field.shape {
        case .singular:
            out.line("writer.writeIfNotDefault(\(field.codec).self, field: \(number), \(field.access))")
        case .optional, .message:
            out.line("if let value = \(field.access) { \(encodeStatement(field, value: "value")) }")
        case .repeated(let packed):
            let method = packed ? "writePacked" : "writeRepeated"
            out.line("writer.\(method)(\(field.codec).self, field: \(number), \(field.access))")
        case .map(let keyCodec, _):
            out.line("writer.writeMap(\(keyCodec).self, \(field.codec).self, field: \(number), \(field.access))")
        case .oneofMember:
            out.line(encodeStatement(field, value: field.access))
        }
    }

    /// Writes one present value unconditionally (a set optional, message or oneof member).
    private func encodeStatement(_ field: SwiftFieldModel, value: String) -> String {
        field.isMessage ? "writer.writeMessage(field: \(field.number), \(value))"
                        : "writer.write(\(field.codec).self, field: \(field.number), \(value))"
    }

    // MARK: size

    private func emitSize(_ model: SwiftMessageModel, into out: inout SwiftCodeWriter) {
        guard model.hasFields else {
            out.line("\(access)var serializedSize: Int { self.unknownFields.bytes.count }")
            return
        }
        out.block("\(access)var serializedSize: Int") { out in
            out.line("var total = self.unknownFields.bytes.count")
            for field in model.plainFields.sorted(by: { $0.number < $1.number }) {
                emitSizeField(field, into: &out)
            }
            for oneof in model.oneofs {
                out.switchBlock("\(oneof.access)") { out in
                    out.line("case nil: break")
                    for member in oneof.members {
                        out.line("case .\(oneof.caseName(member))(let value)?: total += \(sizeExpression(member, value: "value"))")
                    }
                }
            }
            out.line("return total")
        }
    }

    private func emitSizeField(_ field: SwiftFieldModel, into out: inout SwiftCodeWriter) {
        let number = field.number
        switch field.shape {
        case .singular:
            out.line("if \(field.nonDefaultCondition) { total += \(sizeExpression(field, value: field.access)) }")
        case .optional, .message:
            out.line("if let value = \(field.access) { total += \(sizeExpression(field, value: "value")) }")
        case .repeated(let packed):
            let method = packed ? "packed" : "repeated"
            out.line("total += ProtobufSize.\(method)(\(field.codec).self, field: \(number), \(field.access))")
        case .map(let keyCodec, _):
            out.line("total += ProtobufSize.map(\(keyCodec).self, \(field.codec).self, field: \(number), \(field.access))")
        case .oneofMember:
            out.line("total += \(sizeExpression(field, value: field.access))")
        }
    }

    private func sizeExpression(_ field: SwiftFieldModel, value: String) -> String {
        field.isMessage ? "ProtobufSize.message(field: \(field.number), \(value))"
                        : "ProtobufSize.field(\(field.codec).self, field: \(field.number), \(value))"
    }
}
