import BridgeCore

/// The outcome of validating one request: the violations, and the attributes of the
/// VALIDATION_RESPONSE that reports them.
public struct ValidationVerdict: Sendable, Equatable {
    /// The failed checks, in rule order; empty when the request passed.
    public var violations: [Violation]

    /// A verdict with `violations` (empty: passed).
    public init(violations: [Violation]) {
        self.violations = violations
    }

    /// True when no check failed.
    public var passed: Bool { violations.isEmpty }

    /// A one-line summary for people: `all checks passed`, or the count and each detail.
    public var message: String {
        guard !violations.isEmpty else { return "all checks passed" }
        let noun = violations.count == 1 ? "violation" : "violations"
        return "\(violations.count) \(noun): " + violations.map(\.detail).joined(separator: "; ")
    }

    /// The VALIDATION_RESPONSE attributes: `result` (`PASS` or `FAIL`), `message`, and
    /// `violations` (a list of `{"field", "rule", "detail"}`, empty on PASS).
    public var attributes: [String: JSONValue] {
        // Most requests pass, and a pass always reads the same: share one dictionary rather
        // than build and hash three entries per request.
        violations.isEmpty ? Self.passedAttributes : builtAttributes
    }

    private static let passedAttributes = ValidationVerdict(violations: []).builtAttributes

    private var builtAttributes: [String: JSONValue] {
        [
            "result": .string(passed ? "PASS" : "FAIL"),
            "message": .string(message),
            "violations": .array(violations.map(\.jsonValue)),
        ]
    }
}
