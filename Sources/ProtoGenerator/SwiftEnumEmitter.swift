/// Emits a proto3 enum as an open Swift enum: one case per number, an `unrecognized(Int32)`
/// case for numbers the schema does not name (kept and written back unchanged), the
/// `ProtoEnum` raw value mapping, and the `ProtoJSONEnum` name mapping (aliases from
/// `allow_alias` become static properties and are accepted as JSON names).
struct SwiftEnumEmitter {
    let context: SwiftEmitterContext

    func emit(_ decl: ProtoEnumDecl, fullName: String, into out: inout SwiftCodeWriter) {
        let access = context.access
        let name = context.declaredName(fullName)
        let caseNames = SwiftNaming.caseNames(for: decl)
        // The first value with a number is its case; later ones with the same number are aliases.
        var primaries: [(value: ProtoEnumValueDecl, caseName: String)] = []
        var aliases: [(value: ProtoEnumValueDecl, caseName: String, primary: String)] = []
        var caseForNumber: [Int32: String] = [:]
        for (value, caseName) in zip(decl.values, caseNames) {
            if let primary = caseForNumber[value.number] {
                aliases.append((value, caseName, primary))
            } else {
                caseForNumber[value.number] = caseName
                primaries.append((value, caseName))
            }
        }
        out.doc(decl.comment.isEmpty ? ["`\(fullName)`."] : decl.comment)
        out.block("\(access)enum \(name): ProtoEnum, ProtoJSONEnum") { out in
            for (value, caseName) in primaries {
                out.doc(value.comment.isEmpty ? ["The .proto value `\(value.name)` (\(value.number))."] : value.comment)
                out.line("case \(caseName)  // \(value.number)")
            }
            out.doc(["A number this version of the schema does not name."])
            out.line("case unrecognized(Int32)")
            for (value, caseName, primary) in aliases {
                out.line()
                out.doc(value.comment.isEmpty ? ["`\(value.name)`, an alias of `.\(SwiftNaming.unescaped(primary))`."] : value.comment)
                out.line("\(access)static var \(caseName): Self { .\(primary) }")
            }
            out.line()
            out.block("\(access)init(rawValue: Int32)") { out in
                out.switchBlock("rawValue") { out in
                    for (value, caseName) in primaries { out.line("case \(value.number): self = .\(caseName)") }
                    out.line("default: self = .unrecognized(rawValue)")
                }
            }
            out.line()
            out.block("\(access)var rawValue: Int32") { out in
                out.switchBlock("self") { out in
                    for (value, caseName) in primaries { out.line("case .\(caseName): return \(value.number)") }
                    out.line("case .unrecognized(let value): return value")
                }
            }
            out.line()
            out.block("\(access)init?(protoName: String)") { out in
                out.switchBlock("protoName") { out in
                    for (value, caseName) in primaries { out.line("case \"\(value.name)\": self = .\(caseName)") }
                    for (value, _, primary) in aliases { out.line("case \"\(value.name)\": self = .\(primary)") }
                    out.line("default: return nil")
                }
            }
            out.line()
            out.block("\(access)var protoName: String?") { out in
                out.switchBlock("self") { out in
                    for (value, caseName) in primaries { out.line("case .\(caseName): return \"\(value.name)\"") }
                    out.line("case .unrecognized: return nil")
                }
            }
        }
    }
}
