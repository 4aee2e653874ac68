/// Messages: fields (singular, `optional`, `repeated`, `map<,>`), oneofs, nested messages and
/// enums, `reserved`.
extension ProtoParser {
    /// The largest field number (2^29 - 1).
    static let maximumFieldNumber: Int64 = 536_870_911

    mutating func parseMessage() throws(ProtoGeneratorError) -> ProtoMessageDecl {
        let start = next()
        let name = try expectIdentifier("a message name")
        let open = try expect("{")
        guard nesting < Self.maximumNesting else { throw error("messages nested more than \(Self.maximumNesting) deep", at: start) }
        nesting += 1
        defer { nesting -= 1 }
        var message = ProtoMessageDecl(name: name, comment: comment(from: start, to: open), location: start.location)
        while !accept("}") {
            try parseMessageElement(into: &message)
        }
        return message
    }

    private mutating func parseMessageElement(into message: inout ProtoMessageDecl) throws(ProtoGeneratorError) {
        let token = current
        let nextToken = peek(1)
        let startsBlock = nextToken.identifier != nil && peek(2).isSymbol("{")
        switch token.kind {
        case .endOfFile:
            throw unexpected("'}' to close message '\(message.name)'")
        case .symbol(";"):
            next()
        case .identifier("message") where startsBlock:
            message.messages.append(try parseMessage())
        case .identifier("enum") where startsBlock:
            message.enums.append(try parseEnum())
        case .identifier("oneof") where startsBlock:
            try parseOneof(into: &message)
        case .identifier("option") where nextToken.identifier != nil || nextToken.isSymbol("("):
            message.options.append(try parseOptionStatement())
        case .identifier("reserved"):
            next()
            try parseReserved(fieldRange: 1...Self.maximumFieldNumber, ranges: &message.reservedRanges,
                              names: &message.reservedNames)
        case .identifier("extensions"):
            throw error("extension ranges ('extensions') are not supported")
        case .identifier("extend") where nextToken.identifier != nil:
            throw error("extensions ('extend') are not supported")
        case .identifier, .symbol("."):
            message.fields.append(try parseField(oneofIndex: nil))
        case .integer, .float, .string, .symbol:
            throw unexpected("a field, message, enum, oneof, option or reserved declaration")
        }
    }

    /// One field; `oneofIndex` is set for oneof members, which take no label and no map.
    mutating func parseField(oneofIndex: Int?) throws(ProtoGeneratorError) -> ProtoFieldDecl {
        let start = current
        var label = ProtoFieldDecl.Label.singular
        // A label is a keyword only when a type follows it (`optional = 1` is a field called optional).
        if let word = current.identifier, !peek(1).isSymbol("=") {
            switch word {
            case "required":
                throw error("'required' is proto2 and not supported")
            case "repeated", "optional":
                guard oneofIndex == nil else { throw error("oneof members cannot be '\(word)'") }
                label = word == "repeated" ? .repeated : .optional
                next()
            default:
                break
            }
        }
        if current.isIdentifier("group"), peek(1).identifier != nil, peek(2).isSymbol("=") {
            throw error("groups are proto2 and not supported")
        }
        let typeToken = current
        let type: ProtoTypeReference
        if current.isIdentifier("map"), peek(1).isSymbol("<") {
            guard oneofIndex == nil else { throw error("map fields cannot be oneof members") }
            guard label == .singular else { throw error("map fields cannot be repeated or optional", at: start) }
            next()
            next()
            let keyToken = current
            guard case .scalar(let keyType) = try parseTypeName() else {
                throw error("map keys must be an integer, bool or string type", at: keyToken)
            }
            try expect(",")
            type = try parseTypeName()
            try expect(">")
            label = .map(key: keyType)
        } else {
            type = try parseTypeName()
        }
        let name = try expectIdentifier("a field name")
        try expect("=")
        let number = try expectInteger("field number", in: 1...Int64(Int32.max))
        let options = try parseOptionList()
        let end = try expect(";")
        return ProtoFieldDecl(name: name, number: Int(number), label: label, type: type, oneofIndex: oneofIndex, options: options,
                              comment: comment(from: start, to: end), location: start.location, typeLocation: typeToken.location)
    }

    /// A scalar keyword or a (possibly dotted, possibly fully qualified) message/enum name.
    mutating func parseTypeName() throws(ProtoGeneratorError) -> ProtoTypeReference {
        if accept(".") {
            return .named("." + (try fullIdentifier("a type name")))
        }
        let name = try fullIdentifier("a type")
        if let scalar = ProtoScalarType(rawValue: name) { return .scalar(scalar) }
        return .named(name)
    }

    private mutating func parseOneof(into message: inout ProtoMessageDecl) throws(ProtoGeneratorError) {
        let start = next()
        let name = try expectIdentifier("a oneof name")
        let open = try expect("{")
        let index = message.oneofs.count
        var oneof = ProtoOneofDecl(name: name, comment: comment(from: start, to: open), location: start.location)
        while !accept("}") {
            switch current.kind {
            case .symbol(";"):
                next()
            case .identifier("option") where peek(1).identifier != nil || peek(1).isSymbol("("):
                oneof.options.append(try parseOptionStatement())
            case .identifier, .symbol("."):
                message.fields.append(try parseField(oneofIndex: index))
            case .endOfFile, .integer, .float, .string, .symbol:
                throw unexpected("a oneof member or '}'")
            }
        }
        message.oneofs.append(oneof)
    }

    /// After `reserved`: `1, 2 to 5, 9 to max;` or `"a", "b";`.
    mutating func parseReserved(fieldRange: ClosedRange<Int64>, ranges: inout [ProtoReservedRange],
                                names: inout [String]) throws(ProtoGeneratorError) {
        if case .string = current.kind {
            repeat {
                guard case .string(let name) = current.kind else { throw unexpected("a reserved name string") }
                next()
                names.append(name)
            } while accept(",")
            try expect(";")
            return
        }
        repeat {
            let start = current
            let lower = try expectInteger("reserved number", in: fieldRange)
            var upper = lower
            if current.isIdentifier("to") {
                next()
                if current.isIdentifier("max") {
                    next()
                    upper = fieldRange.upperBound
                } else {
                    upper = try expectInteger("reserved number", in: fieldRange)
                }
            }
            guard lower <= upper else { throw error("reserved range \(lower) to \(upper) is empty", at: start) }
            ranges.append(ProtoReservedRange(lower: Int(lower), upper: Int(upper), location: start.location))
        } while accept(",")
        try expect(";")
    }
}
