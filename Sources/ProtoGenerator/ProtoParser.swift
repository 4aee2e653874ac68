/// A recursive-descent parser for proto3 files: tokens in, a ``ProtoFile`` out.
///
/// It checks the grammar only; names, numbers and the other rules are ``ProtoSemantics``'s
/// job, so a file can be parsed (and its errors reported) without its imports. proto2
/// (`required`, groups, extensions) and editions are refused with an error saying so, rather
/// than parsed and then mis-generated.
public struct ProtoParser {
    /// How deeply messages may nest; deeper input is refused instead of exhausting the stack.
    static let maximumNesting = 64

    var tokens: [ProtoToken]
    var position = 0
    let path: String
    var nesting = 0

    init(tokens: [ProtoToken], path: String) {
        self.tokens = tokens
        self.path = path
    }

    /// Parses one file's text; `path` names it in the result and in errors.
    public static func parse(_ text: String, path: String) throws(ProtoGeneratorError) -> ProtoFile {
        var parser = ProtoParser(tokens: try ProtoLexer.tokenize(text, file: path), path: path)
        return try parser.parseFile()
    }

    // MARK: cursor

    var current: ProtoToken { tokens[position] }

    func peek(_ ahead: Int) -> ProtoToken {
        tokens[min(position + ahead, tokens.count - 1)]
    }

    @discardableResult
    mutating func next() -> ProtoToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func error(_ message: String, at token: ProtoToken? = nil) -> ProtoGeneratorError {
        ProtoGeneratorError(message, at: (token ?? current).location)
    }

    func unexpected(_ expected: String) -> ProtoGeneratorError {
        error("expected \(expected), found \(current.display)")
    }

    /// Consumes `symbol` or throws.
    @discardableResult
    mutating func expect(_ symbol: Character) throws(ProtoGeneratorError) -> ProtoToken {
        guard current.isSymbol(symbol) else { throw unexpected("'\(symbol)'") }
        return next()
    }

    /// Consumes `symbol` when it is next.
    mutating func accept(_ symbol: Character) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        next()
        return true
    }

    mutating func expectKeyword(_ keyword: String) throws(ProtoGeneratorError) {
        guard current.isIdentifier(keyword) else { throw unexpected("'\(keyword)'") }
        next()
    }

    mutating func expectIdentifier(_ what: String) throws(ProtoGeneratorError) -> String {
        guard let name = current.identifier else { throw unexpected(what) }
        next()
        return name
    }

    /// `ident { "." ident }`.
    mutating func fullIdentifier(_ what: String) throws(ProtoGeneratorError) -> String {
        var name = try expectIdentifier(what)
        while current.isSymbol(".") {
            next()
            name += "." + (try expectIdentifier("a name after '.'"))
        }
        return name
    }

    mutating func expectString(_ what: String) throws(ProtoGeneratorError) -> String {
        guard case .string(var text) = current.kind else { throw unexpected(what) }
        next()
        // Adjacent literals are one string, as in C.
        while case .string(let more) = current.kind {
            text += more
            next()
        }
        return text
    }

    /// An integer literal with an optional `-`, within `range`.
    mutating func expectInteger(_ what: String, in range: ClosedRange<Int64>) throws(ProtoGeneratorError) -> Int64 {
        let start = current
        let negative = accept("-")
        guard case .integer(let magnitude, let text) = current.kind else { throw unexpected(what) }
        next()
        let value: Int64?
        switch magnitude {
        case .none: value = nil
        case .some(let magnitude) where negative:
            value = magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        case .some(let magnitude):
            value = Int64(exactly: magnitude)
        }
        guard let value, range.contains(value) else {
            throw error("\(what) \(negative ? "-" : "")\(text) is out of range \(range.lowerBound)...\(range.upperBound)", at: start)
        }
        return value
    }

    // MARK: file

    mutating func parseFile() throws(ProtoGeneratorError) -> ProtoFile {
        var file = ProtoFile(path: path)
        try parseSyntax()
        var sawPackage = false
        while true {
            let token = current
            switch token.kind {
            case .endOfFile:
                return file
            case .symbol(";"):
                next()
            case .identifier("import"):
                file.imports.append(try parseImport())
            case .identifier("package"):
                guard !sawPackage else { throw error("a file may declare only one package") }
                sawPackage = true
                next()
                file.package = try fullIdentifier("a package name")
                try expect(";")
            case .identifier("option"):
                file.options.append(try parseOptionStatement())
            case .identifier("message"):
                file.messages.append(try parseMessage())
            case .identifier("enum"):
                file.enums.append(try parseEnum())
            case .identifier("service"):
                file.services.append(try parseService())
            case .identifier("extend"):
                throw error("extensions ('extend') are not supported")
            case .identifier, .integer, .float, .string, .symbol:
                throw unexpected("a top-level declaration (import, package, option, message, enum or service)")
            }
        }
    }

    /// `syntax = "proto3";` must come first; anything else (no syntax line means proto2,
    /// `edition = ...`) is refused.
    private mutating func parseSyntax() throws(ProtoGeneratorError) {
        while accept(";") {}
        if current.isIdentifier("edition") {
            throw error("editions are not supported; only syntax = \"proto3\" is")
        }
        guard current.isIdentifier("syntax") else {
            throw error("expected 'syntax = \"proto3\";' first (a file without it is proto2, which is not supported)")
        }
        next()
        try expect("=")
        let syntaxToken = current
        let syntax = try expectString("a syntax string")
        guard syntax == "proto3" else {
            throw error("syntax \"\(syntax)\" is not supported; only \"proto3\" is", at: syntaxToken)
        }
        try expect(";")
    }

    private mutating func parseImport() throws(ProtoGeneratorError) -> ProtoImport {
        let start = next()
        var modifier = ProtoImport.Modifier.none
        if current.isIdentifier("public") {
            modifier = .public
            next()
        } else if current.isIdentifier("weak") {
            modifier = .weak
            next()
        }
        let path = try expectString("an import path string")
        try expect(";")
        return ProtoImport(path: path, modifier: modifier, location: start.location)
    }

    /// The documentation of a declaration starting at `first` and ending at `last`: the
    /// comment above it, then one after it on its last line.
    func comment(from first: ProtoToken, to last: ProtoToken?) -> [String] {
        first.leadingComment + (last?.trailingComment ?? [])
    }
}
