/// Turns .proto text into tokens, keeping the comments that document declarations.
///
/// The whole file is tokenized up front (proto files are small) so the parser can look ahead
/// freely. A comment block directly above a token (no blank line between) becomes the token's
/// ``ProtoToken/leadingComment``; a comment on the same line after a token becomes its
/// ``ProtoToken/trailingComment``. Everything else about comments is dropped.
struct ProtoLexer {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0

    private var tokens: [ProtoToken] = []
    /// Comment lines waiting for the next token, and the line the last of them ended on.
    private var pendingComment: [String] = []
    private var pendingCommentEndLine = 0

    init(text: String, file: String) {
        bytes = Array(text.utf8)
        self.file = file
    }

    /// Every token of the file, ending with ``ProtoToken/Kind/endOfFile``.
    static func tokenize(_ text: String, file: String) throws(ProtoGeneratorError) -> [ProtoToken] {
        var lexer = ProtoLexer(text: text, file: file)
        return try lexer.run()
    }

    private var location: ProtoSourceLocation {
        ProtoSourceLocation(file: file, line: line, column: index - lineStart + 1)
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        index + ahead < bytes.count ? bytes[index + ahead] : nil
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func run() throws(ProtoGeneratorError) -> [ProtoToken] {
        while true {
            skipWhitespace()
            guard let byte = peek() else { break }
            if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") || peek(1) == UInt8(ascii: "*") {
                try lexComment()
                continue
            }
            let start = location
            let kind = try lexToken(byte)
            emit(ProtoToken(kind: kind, location: start))
        }
        emit(ProtoToken(kind: .endOfFile, location: location))
        return tokens
    }

    private mutating func emit(_ token: ProtoToken) {
        var token = token
        if !pendingComment.isEmpty, pendingCommentEndLine >= token.location.line - 1 {
            token.leadingComment = pendingComment
        }
        pendingComment = []
        tokens.append(token)
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r") || byte == 0x0B || byte == 0x0C {
            advance()
        }
    }

    // MARK: comments

    private mutating func lexComment() throws(ProtoGeneratorError) {
        let start = location
        var lines: [String] = []
        if peek(1) == UInt8(ascii: "/") {
            let textStart = index + 2
            while let byte = peek(), byte != UInt8(ascii: "\n") { advance() }
            lines = [Self.commentLine(bytes[textStart..<index], trimmingStars: false)]
        } else {
            index += 2
            let textStart = index
            while true {
                guard let byte = peek() else {
                    throw ProtoGeneratorError("unterminated /* comment", at: start)
                }
                if byte == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") { break }
                advance()
            }
            let body = bytes[textStart..<index]
            index += 2
            lines = body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .map { Self.commentLine($0, trimmingStars: true) }
            while lines.first?.isEmpty == true { lines.removeFirst() }
            while lines.last?.isEmpty == true { lines.removeLast() }
        }
        // After a token on the same line: that token's trailing comment.
        if let last = tokens.indices.last, tokens[last].location.line == start.line {
            tokens[last].trailingComment += lines
            return
        }
        if pendingComment.isEmpty || pendingCommentEndLine < start.line - 1 {
            pendingComment = lines
        } else {
            pendingComment += lines
        }
        pendingCommentEndLine = line
    }

    /// A comment line without its marker: `// text` -> `text`, ` * text` -> `text`.
    private static func commentLine(_ raw: ArraySlice<UInt8>, trimmingStars: Bool) -> String {
        var text = Substring(String(decoding: raw, as: UTF8.self))
        while text.last == "\r" || text.last == " " || text.last == "\t" { text.removeLast() }
        if trimmingStars {
            text = text.drop { $0 == " " || $0 == "\t" }
            if text.first == "*" { text.removeFirst() }
        } else {
            while text.first == "/" { text.removeFirst() }
        }
        if text.first == " " { text.removeFirst() }
        return String(text)
    }

    // MARK: tokens

    private mutating func lexToken(_ byte: UInt8) throws(ProtoGeneratorError) -> ProtoToken.Kind {
        if Self.isLetter(byte) {
            let start = index
            while let next = peek(), Self.isLetter(next) || Self.isDigit(next) { advance() }
            return .identifier(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(Self.isDigit) == true) {
            return try lexNumber()
        }
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
            return .string(try lexString(quote: byte))
        }
        let symbols: [UInt8] = Array(";{}[]()<>=,.-+:/".utf8)
        if symbols.contains(byte) {
            advance()
            return .symbol(Character(Unicode.Scalar(byte)))
        }
        let shown = byte < 0x80 && byte >= 0x20 ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        throw ProtoGeneratorError("unexpected character \(shown)", at: location)
    }

    private mutating func lexNumber() throws(ProtoGeneratorError) -> ProtoToken.Kind {
        let start = index
        let startLocation = location
        var isFloat = false
        if peek() == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            advance(); advance()
            let digitsStart = index
            while let next = peek(), Self.isHexDigit(next) { advance() }
            let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self)
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard !digits.isEmpty else { throw ProtoGeneratorError("hex literal '\(text)' has no digits", at: startLocation) }
            try rejectTrailingLetters(after: text, at: startLocation)
            return .integer(UInt64(digits, radix: 16), text: text)
        }
        while let next = peek(), Self.isDigit(next) { advance() }
        if peek() == UInt8(ascii: ".") {
            isFloat = true
            advance()
            while let next = peek(), Self.isDigit(next) { advance() }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            isFloat = true
            advance()
            if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { advance() }
            guard let digit = peek(), Self.isDigit(digit) else {
                throw ProtoGeneratorError("malformed exponent in number", at: startLocation)
            }
            while let next = peek(), Self.isDigit(next) { advance() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        try rejectTrailingLetters(after: text, at: startLocation)
        if isFloat {
            guard let value = Double(text) else { throw ProtoGeneratorError("malformed number '\(text)'", at: startLocation) }
            return .float(value)
        }
        if text.count > 1, text.first == "0" {
            guard text.allSatisfy({ $0 >= "0" && $0 <= "7" }) else {
                throw ProtoGeneratorError("invalid octal literal '\(text)'", at: startLocation)
            }
            return .integer(UInt64(text.dropFirst(), radix: 8), text: text)
        }
        return .integer(UInt64(text), text: text)
    }

    /// `123abc` is one malformed token, not a number followed by a name.
    private func rejectTrailingLetters(after text: String, at location: ProtoSourceLocation) throws(ProtoGeneratorError) {
        if let next = peek(), Self.isLetter(next) {
            throw ProtoGeneratorError("malformed number '\(text)\(Character(Unicode.Scalar(next)))...'", at: location)
        }
    }

    private mutating func lexString(quote: UInt8) throws(ProtoGeneratorError) -> String {
        let start = location
        advance()
        var output: [UInt8] = []
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                throw ProtoGeneratorError("unterminated string literal", at: start)
            }
            advance()
            if byte == quote { break }
            if byte != UInt8(ascii: "\\") {
                output.append(byte)
                continue
            }
            try lexEscape(into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func lexEscape(into output: inout [UInt8]) throws(ProtoGeneratorError) {
        let escapeLocation = location
        guard let byte = peek() else { throw ProtoGeneratorError("unterminated string literal", at: escapeLocation) }
        advance()
        switch byte {
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "a"): output.append(0x07)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "v"): output.append(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "?"): output.append(byte)
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            output.append(UInt8(truncatingIfNeeded: try lexDigits(radix: 16, max: 2, at: escapeLocation)))
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            index -= 1
            output.append(UInt8(truncatingIfNeeded: try lexDigits(radix: 8, max: 3, at: escapeLocation)))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let value = try lexDigits(radix: 16, max: byte == UInt8(ascii: "u") ? 4 : 8, exactly: true, at: escapeLocation)
            guard let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: value)), value <= 0x10FFFF else {
                throw ProtoGeneratorError("invalid Unicode escape", at: escapeLocation)
            }
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw ProtoGeneratorError("invalid escape '\\\(Character(Unicode.Scalar(byte)))' in string", at: escapeLocation)
        }
    }

    private mutating func lexDigits(radix: Int, max: Int, exactly: Bool = false,
                                    at escapeLocation: ProtoSourceLocation) throws(ProtoGeneratorError) -> UInt64 {
        var value: UInt64 = 0
        var count = 0
        while count < max, let byte = peek(), let digit = Self.digitValue(byte), digit < radix {
            value = value * UInt64(radix) + UInt64(digit)
            count += 1
            advance()
        }
        guard count > 0, !exactly || count == max else {
            throw ProtoGeneratorError("malformed escape in string", at: escapeLocation)
        }
        return value
    }

    // MARK: character classes

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        digitValue(byte).map { $0 < 16 } ?? false
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }
}
