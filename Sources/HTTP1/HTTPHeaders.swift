/// The fields of a header or trailer section: ordered `(name, value)` pairs, as received.
///
/// Order and repetition are kept because HTTP gives them meaning (`Set-Cookie` lines, duplicate
/// `Content-Length` checks); names keep their spelling but are compared ASCII case-insensitively,
/// as RFC 9110 5.1 requires. Values are not split on commas: `values(_:)` returns one entry per
/// field line.
public struct HTTPHeaders: Sendable, Sequence, Equatable, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (name: String, value: String)

    var fields: [Element]

    /// No fields.
    public init() {
        fields = []
    }

    /// The given fields, in order.
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    /// `["Host": "example.com", "Accept": "*/*"]`, in the literal's order (repeats allowed).
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The value of the first field named `name` (any case), or nil.
    public subscript(name: String) -> String? {
        for field in fields where ASCII.equalsIgnoringCase(field.name, name) {
            return field.value
        }
        return nil
    }

    /// The value of every field named `name` (any case), in order, one per field line.
    public func values(_ name: String) -> [String] {
        fields.compactMap { ASCII.equalsIgnoringCase($0.name, name) ? $0.value : nil }
    }

    /// Whether a field named `name` (any case) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// Appends a field, keeping any already present under that name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Sets the first field named `name` to `value` in place and drops later ones, or appends it.
    /// Leaves the fields untouched (no copy of shared storage) when they already say exactly that.
    public mutating func replaceOrAdd(_ name: String, _ value: String) {
        guard let first = fields.firstIndex(where: { ASCII.equalsIgnoringCase($0.name, name) }) else {
            add(name, value)
            return
        }
        let later = fields.index(after: first)
        if fields[first] == (name: name, value: value)
            && !fields[later...].contains(where: { ASCII.equalsIgnoringCase($0.name, name) }) {
            return
        }
        fields[first] = (name: name, value: value)
        var index = later
        while index < fields.endIndex {
            if ASCII.equalsIgnoringCase(fields[index].name, name) {
                fields.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    /// Removes every field named `name` (any case).
    public mutating func remove(_ name: String) {
        fields.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// The number of field lines.
    public var count: Int { fields.count }

    /// True when there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// Same fields in the same order; names compared ignoring case, values exactly.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        guard lhs.fields.count == rhs.fields.count else { return false }
        for (left, right) in zip(lhs.fields, rhs.fields) {
            guard left.value == right.value, ASCII.equalsIgnoringCase(left.name, right.name) else { return false }
        }
        return true
    }

    public var description: String {
        "[" + fields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "]"
    }

    /// Whether any field named `name` lists `token` in its comma-separated value (both ignoring case).
    func listContains(_ name: String, token: StaticString) -> Bool {
        for field in fields where ASCII.equalsIgnoringCase(field.name, name) {
            if ASCII.list(field.value, contains: token) { return true }
        }
        return false
    }
}
