/// A JSON value: what `attributes` (a `google.protobuf.Struct`) holds.
///
/// Numbers are doubles, as in `google.protobuf.Value`.
public enum JSONValue: Sendable, Hashable {
    /// JSON `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// Any JSON number, as a double (integers are exact up to 2^53).
    case number(Double)
    /// A string.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object; key order is not kept.
    case object([String: JSONValue])

    /// The string, when this is a string.
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    /// The number, when this is a number.
    public var doubleValue: Double? { if case .number(let n) = self { return n }; return nil }
    /// The flag, when this is a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    /// The members, when this is an object.
    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o }; return nil }
    /// True for JSON `null` (an absent attribute is a nil `JSONValue?`, not `null`).
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// The number as an integer when it is one exactly (`3` or `3.0`, not `3.5`).
    /// A decimal string (`"42"`) is read too, as proto3 JSON writes 64-bit integers that way.
    public var intValue: Int? {
        switch self {
        case .number(let n):
            guard n.rounded() == n, abs(n) < 9.0e15 else { return nil }
            return Int(n)
        case .string(let s):
            return Int(s)
        default:
            return nil
        }
    }

    /// The element of an object, or nil.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object: [String: JSONValue] = [:]
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}
