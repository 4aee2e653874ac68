import BridgeCore

/// One check on one attribute, as a rules file states it.
///
/// ```json
/// {"field": "voltage", "kind": "number", "min": 0, "max": 48}
/// ```
public struct ValidationRule: Sendable, Equatable {
    /// The JSON kind a value must have.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A JSON string (`min`/`max` then bound its length in characters).
        case string
        /// A JSON number (`min`/`max` bound its value).
        case number
        /// `true` or `false`.
        case bool

        /// The kind of `value`, or nil for null, arrays and objects.
        public init?(of value: JSONValue) {
            switch value {
            case .string: self = .string
            case .number: self = .number
            case .bool: self = .bool
            case .null, .array, .object: return nil
            }
        }
    }

    /// The attribute the rule checks.
    public var field: String
    /// Whether the attribute must be present and not null (and, for strings, not empty).
    public var required: Bool
    /// The kind the value must have, when constrained.
    public var kind: Kind?
    /// Inclusive lower bound: the value of a number, the length (in characters) of a string.
    public var min: Double?
    /// Inclusive upper bound: the value of a number, the length (in characters) of a string.
    public var max: Double?
    /// The values allowed, compared as JSON values (so `3` equals `3.0`).
    public var oneOf: [JSONValue]?

    /// A rule on `field`; each constraint left nil is not checked.
    public init(field: String, required: Bool = false, kind: Kind? = nil,
                min: Double? = nil, max: Double? = nil, oneOf: [JSONValue]? = nil) {
        self.field = field
        self.required = required
        self.kind = kind
        self.min = min
        self.max = max
        self.oneOf = oneOf
    }
}
