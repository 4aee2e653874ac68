import BridgeCore

/// The validation rules a service checks requests against, and the checking itself.
///
/// For each rule, in order:
/// 1. An absent or `null` attribute fails `required` when the rule requires it; otherwise
///    the rule has nothing more to check.
/// 2. When `kind` is set and the value is of another kind, the rule fails `kind` and stops.
/// 3. A required `string` rule fails `required` on the empty string and stops.
/// 4. `min`/`max` bound a number's value and a string's length in characters (inclusive).
/// 5. `one_of` requires the value to equal (as JSON) one of the listed values.
///
/// Attributes no rule names are ignored. The ``reservedAttributes`` (the test knobs such as
/// `delay_ms`) are never validated: a rule naming one is kept but skipped when validating.
public struct RuleSet: Sendable, Equatable {
    /// Attributes that steer the service's test behaviour rather than describe the board; rules
    /// naming them are skipped at validation time.
    public static let reservedAttributes: Set<String> = [
        "delay_ms", "work_iterations", "fail_with", "response_bytes", "event_count", "event_interval_ms",
    ]

    /// The contract's rules: `board_id` a required non-empty string, `voltage` a number in
    /// [0, 48], `current` a number in [0, 20], `mode` one of `auto`, `manual`, `off`.
    public static let builtIn = RuleSet(rules: [
        ValidationRule(field: "board_id", required: true, kind: .string),
        ValidationRule(field: "voltage", kind: .number, min: 0, max: 48),
        ValidationRule(field: "current", kind: .number, min: 0, max: 20),
        ValidationRule(field: "mode", kind: .string, oneOf: ["auto", "manual", "off"]),
    ])

    /// The rules, checked in this order.
    public var rules: [ValidationRule] {
        didSet { checkedRules = Self.checked(rules) }
    }

    /// `rules` without those on reserved attributes (which are never validated), worked out
    /// once rather than with a set lookup per rule per request.
    private var checkedRules: [ValidationRule]

    /// A rule set checking `rules` in order.
    public init(rules: [ValidationRule]) {
        self.rules = rules
        checkedRules = Self.checked(rules)
    }

    private static func checked(_ rules: [ValidationRule]) -> [ValidationRule] {
        rules.filter { !reservedAttributes.contains($0.field) }
    }

    /// Equal when the rules are; the derived list follows from them.
    public static func == (lhs: RuleSet, rhs: RuleSet) -> Bool {
        lhs.rules == rhs.rules
    }

    /// The violations of `attributes`, in rule order; empty when they pass.
    public func validate(_ attributes: [String: JSONValue]) -> [Violation] {
        var violations: [Violation] = []
        // A request carries a handful of attributes: walking them and comparing names (short
        // names compare as two machine words) is cheaper than hashing each rule's field, which
        // was about a tenth of a framed TCP request's instructions.
        let walk = attributes.count <= Self.walkLimit
        for rule in checkedRules {
            Self.check(rule, walk ? Self.walk(attributes, for: rule.field) : attributes[rule.field], into: &violations)
        }
        return violations
    }

    private static let walkLimit = 8

    private static func walk(_ attributes: [String: JSONValue], for field: String) -> JSONValue? {
        for (key, value) in attributes where key == field { return value }
        return nil
    }

    /// The verdict on `attributes`, ready to become a VALIDATION_RESPONSE.
    public func verdict(for attributes: [String: JSONValue]) -> ValidationVerdict {
        ValidationVerdict(violations: validate(attributes))
    }

    private static func check(_ rule: ValidationRule, _ value: JSONValue?, into violations: inout [Violation]) {
        let field = rule.field
        func fail(_ name: String, _ detail: String) {
            violations.append(Violation(field: field, rule: name, detail: detail))
        }
        guard let value, !value.isNull else {
            if rule.required { fail("required", "\(field) is required") }
            return
        }
        if let kind = rule.kind, ValidationRule.Kind(of: value) != kind {
            fail("kind", "\(field) must be \(describe(kind)), not \(describeKind(of: value))")
            return
        }
        if rule.required, rule.kind == .string, value.stringValue?.isEmpty == true {
            fail("required", "\(field) is required and must not be empty")
            return
        }
        switch value {
        case .number(let number):
            if let min = rule.min, !(number >= min) {
                fail("min", "\(field) \(render(number)) is below the minimum \(render(min))")
            }
            if let max = rule.max, !(number <= max) {
                fail("max", "\(field) \(render(number)) is above the maximum \(render(max))")
            }
        case .string(let text) where rule.min != nil || rule.max != nil:
            let length = Double(text.count)  // counting characters walks the string: only when bounded
            if let min = rule.min, length < min {
                fail("min", "\(field) is \(render(length)) characters long, shorter than the minimum \(render(min))")
            }
            if let max = rule.max, length > max {
                fail("max", "\(field) is \(render(length)) characters long, longer than the maximum \(render(max))")
            }
        default:
            break
        }
        if let allowed = rule.oneOf, !allowed.contains(value) {
            let choices = allowed.map(JSONWriter.string).joined(separator: ", ")
            fail("one_of", "\(field) \(JSONWriter.string(value)) is not one of \(choices)")
        }
    }

    private static func render(_ number: Double) -> String {
        JSONWriter.string(.number(number))
    }

    static func describe(_ kind: ValidationRule.Kind) -> String {
        switch kind {
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a bool"
        }
    }

    static func describeKind(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        case .string, .number, .bool:
            return ValidationRule.Kind(of: value).map(describe) ?? "a value"
        }
    }
}
