/// Options: `option name = value;` statements and `[name = value, ...]` lists.
extension ProtoParser {
    /// `option name = constant;`.
    mutating func parseOptionStatement() throws(ProtoGeneratorError) -> ProtoOption {
        try expectKeyword("option")
        let option = try parseOption()
        try expect(";")
        return option
    }

    /// `[name = constant, ...]` after a field or enum value; empty when there is no `[`.
    mutating func parseOptionList() throws(ProtoGeneratorError) -> [ProtoOption] {
        guard accept("[") else { return [] }
        var options = [try parseOption()]
        while accept(",") {
            options.append(try parseOption())
        }
        try expect("]")
        return options
    }

    /// `name = constant`, where a name is `ident` or `(full.ident)`, then `.ident` parts.
    private mutating func parseOption() throws(ProtoGeneratorError) -> ProtoOption {
        let start = current
        var name = try optionNamePart()
        while accept(".") {
            name += "." + (try optionNamePart())
        }
        try expect("=")
        return ProtoOption(name: name, value: try parseConstant(), location: start.location)
    }

    private mutating func optionNamePart() throws(ProtoGeneratorError) -> String {
        if accept("(") {
            let leadingDot = accept(".") ? "." : ""
            let name = try fullIdentifier("an option name")
            try expect(")")
            return "(\(leadingDot)\(name))"
        }
        return try expectIdentifier("an option name")
    }

    /// A constant: a name, a signed number, a string, or a `{...}` aggregate (skipped).
    private mutating func parseConstant() throws(ProtoGeneratorError) -> ProtoConstant {
        let start = current
        switch current.kind {
        case .identifier:
            return .identifier(try fullIdentifier("a value"))
        case .string:
            return .string(try expectString("a value"))
        case .symbol("{"):
            try skipAggregate()
            return .aggregate
        case .symbol("-"), .symbol("+"), .integer, .float:
            let negative = current.isSymbol("-")
            if current.isSymbol("-") || current.isSymbol("+") { next() }
            switch current.kind {
            case .float(let value):
                next()
                return .float(negative ? -value : value)
            case .identifier(let name) where name == "inf" || name == "nan":
                next()
                let value = name == "inf" ? Double.infinity : Double.nan
                return .float(negative ? -value : value)
            case .integer(let magnitude, let text):
                next()
                guard let magnitude else { throw error("number \(text) does not fit 64 bits", at: start) }
                if !negative { return magnitude <= UInt64(Int64.max) ? .integer(Int64(magnitude)) : .unsignedInteger(magnitude) }
                guard magnitude <= UInt64(Int64.max) + 1 else { throw error("number -\(text) does not fit 64 bits", at: start) }
                return .integer(Int64(truncatingIfNeeded: 0 &- magnitude))
            case .identifier, .string, .symbol, .endOfFile:
                throw unexpected("a number")
            }
        case .symbol, .endOfFile:
            throw unexpected("an option value")
        }
    }

    /// Skips a text-format aggregate `{ ... }`, braces balanced (no recursion, so deep input
    /// cannot exhaust the stack).
    private mutating func skipAggregate() throws(ProtoGeneratorError) {
        let start = current
        var depth = 0
        repeat {
            switch current.kind {
            case .symbol("{"), .symbol("<"): depth += 1
            case .symbol("}"), .symbol(">"): depth -= 1
            case .endOfFile: throw error("unterminated option value '{'", at: start)
            case .identifier, .integer, .float, .string, .symbol: break
            }
            next()
        } while depth > 0
    }
}
