/// A place in a .proto file: the file's path as the caller named it, and a 1-based line and
/// column. Columns count bytes of the line's UTF-8 text, which is the same as characters for
/// the ASCII that proto syntax is made of.
public struct ProtoSourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and compilers use, so a message can be clicked.
    public var description: String { "\(file):\(line):\(column)" }
}

/// Why a .proto file could not be turned into Swift: what was wrong and where.
///
/// Every problem with the input ends here, as a value (lexing, parsing, name resolution and
/// the proto3 rules alike); the generator never traps on what it is given.
public struct ProtoGeneratorError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: ProtoSourceLocation
    public var message: String

    public init(_ message: String, at location: ProtoSourceLocation) {
        self.message = message
        self.location = location
    }

    public var file: String { location.file }
    public var line: Int { location.line }
    public var column: Int { location.column }

    /// `file:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
}
