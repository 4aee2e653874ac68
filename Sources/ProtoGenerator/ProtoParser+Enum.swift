/// Enums: `enum Name { option ...; NAME = number [options]; reserved ...; }`.
extension ProtoParser {
    mutating func parseEnum() throws(ProtoGeneratorError) -> ProtoEnumDecl {
        let start = next()
        let name = try expectIdentifier("an enum name")
        let open = try expect("{")
        var decl = ProtoEnumDecl(name: name, comment: comment(from: start, to: open), location: start.location)
        while !accept("}") {
            let token = current
            switch token.kind {
            case .symbol(";"):
                next()
            case .identifier("option") where peek(1).identifier != nil || peek(1).isSymbol("("):
                decl.options.append(try parseOptionStatement())
            case .identifier("reserved") where !peek(1).isSymbol("="):
                next()
                try parseReserved(fieldRange: Int64(Int32.min)...Int64(Int32.max), ranges: &decl.reservedRanges,
                                  names: &decl.reservedNames)
            case .identifier(let valueName):
                next()
                try expect("=")
                let number = try expectInteger("enum value", in: Int64(Int32.min)...Int64(Int32.max))
                let options = try parseOptionList()
                let end = try expect(";")
                decl.values.append(ProtoEnumValueDecl(name: valueName, number: Int32(number), options: options,
                                                      comment: comment(from: token, to: end), location: token.location))
            case .endOfFile, .integer, .float, .string, .symbol:
                throw unexpected("an enum value or '}'")
            }
        }
        return decl
    }
}
