/// A place in a .proto file: the file's path as the caller named it, and a 1-based line and
/// column. Columns count bytes of the line's UTF-8 text, which is the same as characters for
/// the ASCII that proto syntax is made of.
public struct ProtoSourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's path as the caller named it.
    public var file: String
    /// The line, counting from 1.
    public var line: Int
    /// The column in bytes, counting from 1.
    public var column: Int

    /// A location in `file` at `line` and `column`.
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
    /// Where the problem is.
    public var location: ProtoSourceLocation
    /// What is wrong, in words (`field number 0 is not allowed`).
    public var message: String

    /// An error explained by `message`, at `location`.
    public init(_ message: String, at location: ProtoSourceLocation) {
        self.message = message
        self.location = location
    }

    /// The file of ``location``.
    public var file: String { location.file }
    /// The line of ``location``.
    public var line: Int { location.line }
    /// The column of ``location``.
    public var column: Int { location.column }

    /// `file:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
}
