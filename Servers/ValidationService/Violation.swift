import BridgeCore

/// One failed check: which attribute, which rule-file key failed, and why in words.
public struct Violation: Sendable, Equatable, CustomStringConvertible {
    /// The rule-file keys a violation can name.
    public static let ruleNames = ["required", "kind", "min", "max", "one_of"]

    /// The attribute that failed.
    public var field: String
    /// The rule-file key that failed: `required`, `kind`, `min`, `max` or `one_of`.
    public var rule: String
    /// A human-readable explanation, e.g. `voltage 50 is above the maximum 48`.
    public var detail: String

    /// A violation of rule `rule` on `field`, explained by `detail`.
    public init(field: String, rule: String, detail: String) {
        self.field = field
        self.rule = rule
        self.detail = detail
    }

    /// The violation as it appears in a VALIDATION_RESPONSE: `{"field", "rule", "detail"}`.
    public var jsonValue: JSONValue {
        .object(["field": .string(field), "rule": .string(rule), "detail": .string(detail)])
    }

    public var description: String { "\(field) [\(rule)]: \(detail)" }
}
