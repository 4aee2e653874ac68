#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import BridgeCore

extension RuleSet {
    /// The keys a rule object may have.
    public static let ruleKeys = ["field", "required", "kind", "min", "max", "one_of"]

    /// The largest rules file ``init(contentsOfFile:)`` reads.
    public static let maximumFileSize = 4 << 20

    /// Reads rules from JSON text: a list of objects with the keys `field` (a non-empty
    /// string, required), `required` (bool), `kind` (`"string"`, `"number"` or `"bool"`),
    /// `min` and `max` (numbers, min <= max; not for kind bool) and `one_of` (a non-empty
    /// list whose values match `kind` when it is set). An optional key may be `null`, meaning
    /// absent. Anything else, unknown keys included, is rejected with a ``RuleSetError``
    /// naming the rule and the problem.
    public init(json bytes: [UInt8]) throws(RuleSetError) {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            throw RuleSetError("not valid JSON: \(error)")
        }
        guard case .array(let list) = root else {
            throw RuleSetError("expected a JSON list of rules, found \(Self.describeKind(of: root))")
        }
        var rules: [ValidationRule] = []
        rules.reserveCapacity(list.count)
        for (index, element) in list.enumerated() {
            rules.append(try Self.parseRule(element, index: index))
        }
        self.init(rules: rules)
    }

    /// Reads rules from a JSON file (see ``init(json:)``); every error names the path.
    public init(contentsOfFile path: String) throws(RuleSetError) {
        let bytes = try Self.readFile(path)
        do {
            try self.init(json: bytes)
        } catch {
            var located = error
            located.path = path
            throw located
        }
    }

    // MARK: one rule

    private static func parseRule(_ element: JSONValue, index: Int) throws(RuleSetError) -> ValidationRule {
        guard case .object(let object) = element else {
            throw RuleSetError("expected an object, found \(describeKind(of: element))", ruleIndex: index)
        }
        if let unknown = object.keys.sorted().first(where: { !ruleKeys.contains($0) }) {
            let known = ruleKeys.joined(separator: ", ")
            throw RuleSetError("unknown key \"\(unknown)\" (expected \(known))", ruleIndex: index)
        }
        func problem(_ text: String) -> RuleSetError { RuleSetError(text, ruleIndex: index) }

        guard let fieldValue = object["field"], !fieldValue.isNull else { throw problem("missing \"field\"") }
        guard case .string(let field) = fieldValue else {
            throw problem("\"field\" must be a string, found \(describeKind(of: fieldValue))")
        }
        guard !field.isEmpty else { throw problem("\"field\" must not be empty") }
        func fieldProblem(_ text: String) -> RuleSetError { problem("\(field): \(text)") }

        var rule = ValidationRule(field: field)
        switch object["required"] ?? .null {
        case .null: break
        case .bool(let flag): rule.required = flag
        case let other: throw fieldProblem("\"required\" must be true or false, found \(describeKind(of: other))")
        }
        switch object["kind"] ?? .null {
        case .null: break
        case .string(let name):
            guard let kind = ValidationRule.Kind(rawValue: name) else {
                throw fieldProblem("unknown kind \"\(name)\" (expected string, number or bool)")
            }
            rule.kind = kind
        case let other: throw fieldProblem("\"kind\" must be a string, found \(describeKind(of: other))")
        }
        rule.min = try parseBound("min", object, fieldProblem)
        rule.max = try parseBound("max", object, fieldProblem)
        if let min = rule.min, let max = rule.max, min > max {
            throw fieldProblem("min \(render(min)) is greater than max \(render(max))")
        }
        if rule.kind == .bool, rule.min != nil || rule.max != nil {
            throw fieldProblem("\"min\" and \"max\" do not apply to kind bool")
        }
        rule.oneOf = try parseOneOf(object, kind: rule.kind, fieldProblem)
        return rule
    }

    private static func parseBound(
        _ key: String, _ object: [String: JSONValue], _ problem: (String) -> RuleSetError
    ) throws(RuleSetError) -> Double? {
        switch object[key] ?? .null {
        case .null: return nil
        case .number(let bound): return bound
        case let other: throw problem("\"\(key)\" must be a number, found \(describeKind(of: other))")
        }
    }

    private static func parseOneOf(
        _ object: [String: JSONValue], kind: ValidationRule.Kind?, _ problem: (String) -> RuleSetError
    ) throws(RuleSetError) -> [JSONValue]? {
        switch object["one_of"] ?? .null {
        case .null:
            return nil
        case .array(let values):
            guard !values.isEmpty else { throw problem("\"one_of\" must not be empty") }
            if let kind, let stray = values.first(where: { ValidationRule.Kind(of: $0) != kind }) {
                throw problem("\"one_of\" value \(JSONWriter.string(stray)) is not \(describe(kind))")
            }
            return values
        case let other:
            throw problem("\"one_of\" must be a list, found \(describeKind(of: other))")
        }
    }

    private static func render(_ number: Double) -> String {
        JSONWriter.string(.number(number))
    }

    // MARK: file

    private static func readFile(_ path: String) throws(RuleSetError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw RuleSetError("cannot open: \(String(cString: strerror(errno)))", path: path)
        }
        defer { fclose(file) }
        var contents: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            contents.append(contentsOf: chunk[..<count])
            guard contents.count <= maximumFileSize else {
                throw RuleSetError("larger than \(maximumFileSize) bytes", path: path)
            }
            if count < chunk.count {
                if ferror(file) != 0 {
                    throw RuleSetError("cannot read: \(String(cString: strerror(errno)))", path: path)
                }
                return contents
            }
        }
    }
}
