/// One lexical element of a .proto file.
///
/// Keywords are not a kind of their own: proto lets most of them be names too (a field may be
/// called `message`, `map` or `stream`), so the parser decides from context whether an
/// identifier is a keyword.
struct ProtoToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier(String)
        /// An integer literal's magnitude (decimal, hex `0x` or octal `0`); a sign is a separate
        /// `-` / `+` symbol. Nil when it does not fit 64 bits (reported where it is used).
        case integer(UInt64?, text: String)
        /// A floating-point literal (only option values have these), or `inf` / `nan`.
        case float(Double)
        /// A string literal's decoded bytes (escapes resolved), as UTF-8 text.
        case string(String)
        /// One punctuation character: `; { } [ ] ( ) < > = , . - + :` or `/`.
        case symbol(Character)
        case endOfFile
    }

    var kind: Kind
    var location: ProtoSourceLocation
    /// The comment lines right above this token with no blank line in between (`//` or
    /// `/* */`, markers stripped): a declaration's documentation.
    var leadingComment: [String] = []
    /// A `//` comment after this token on the same line (`int32 a = 1; // the a`).
    var trailingComment: [String] = []

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .identifier(let name): return "'\(name)'"
        case .integer(_, let text): return "'\(text)'"
        case .float(let value): return "'\(value)'"
        case .string(let text): return "\"\(text)\""
        case .symbol(let symbol): return "'\(symbol)'"
        case .endOfFile: return "end of file"
        }
    }

    var identifier: String? {
        if case .identifier(let name) = kind { return name }
        return nil
    }

    func isSymbol(_ symbol: Character) -> Bool {
        if case .symbol(let found) = kind { return found == symbol }
        return false
    }

    func isIdentifier(_ name: String) -> Bool {
        identifier == name
    }
}
