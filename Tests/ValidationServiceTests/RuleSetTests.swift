#if canImport(Glibc)
import BridgeTestSupport
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import BridgeCore
import ValidationService

@Suite("RuleSet")
struct RuleSetTests {
    private static let sample: [String: JSONValue] = [
        "board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto",
    ]

    /// The sample with `changes` applied and the `removed` attributes taken out.
    private static func sample(with changes: [String: JSONValue], removing removed: [String] = []) -> [String: JSONValue] {
        var attributes = sample.merging(changes) { _, new in new }
        for key in removed { attributes.removeValue(forKey: key) }
        return attributes
    }

    /// The single violation the built-in set reports for the changed sample.
    private static func onlyViolation(_ changes: [String: JSONValue], removing removed: [String] = []) -> Violation? {
        let violations = RuleSet.builtIn.validate(sample(with: changes, removing: removed))
        #expect(violations.count == 1, "\(violations)")
        return violations.first
    }

    // MARK: built-in rules

    @Test func sampleRequestPasses() {
        #expect(RuleSet.builtIn.validate(Self.sample) == [])
        let verdict = RuleSet.builtIn.verdict(for: Self.sample)
        #expect(verdict.passed)
        #expect(verdict.attributes["result"] == "PASS")
        #expect(verdict.attributes["violations"] == .array([]))
        #expect(verdict.attributes["message"]?.stringValue?.isEmpty == false)
    }

    @Test func builtInHasTheContractRules() {
        #expect(RuleSet.builtIn.rules == [
            ValidationRule(field: "board_id", required: true, kind: .string),
            ValidationRule(field: "voltage", kind: .number, min: 0, max: 48),
            ValidationRule(field: "current", kind: .number, min: 0, max: 20),
            ValidationRule(field: "mode", kind: .string, oneOf: ["auto", "manual", "off"]),
        ])
    }

    @Test func missingBoardID() {
        let violation = Self.onlyViolation([:], removing: ["board_id"])
        #expect(violation == Violation(field: "board_id", rule: "required", detail: "board_id is required"))
    }

    @Test func nullBoardIDIsMissing() {
        let violation = Self.onlyViolation(["board_id": .null])
        #expect(violation?.field == "board_id")
        #expect(violation?.rule == "required")
    }

    @Test func emptyBoardID() {
        let violation = Self.onlyViolation(["board_id": ""])
        #expect(violation?.field == "board_id")
        #expect(violation?.rule == "required")
        #expect(violation?.detail.contains("empty") == true)
    }

    @Test func numericBoardIDIsWrongKind() {
        let violation = Self.onlyViolation(["board_id": 7])
        #expect(violation?.field == "board_id")
        #expect(violation?.rule == "kind")
        #expect(violation?.detail == "board_id must be a string, not a number")
    }

    @Test func voltageMaximumIsInclusive() {
        #expect(RuleSet.builtIn.validate(Self.sample(with: ["voltage": 48.0])) == [])
        #expect(RuleSet.builtIn.validate(Self.sample(with: ["voltage": 0])) == [])
        let violation = Self.onlyViolation(["voltage": 48.1])
        #expect(violation == Violation(field: "voltage", rule: "max", detail: "voltage 48.1 is above the maximum 48"))
    }

    @Test func voltageBelowMinimum() {
        let violation = Self.onlyViolation(["voltage": -1])
        #expect(violation == Violation(field: "voltage", rule: "min", detail: "voltage -1 is below the minimum 0"))
    }

    @Test func voltageAsStringIsWrongKind() {
        let violation = Self.onlyViolation(["voltage": "12"])
        #expect(violation?.field == "voltage")
        #expect(violation?.rule == "kind")
    }

    @Test func currentAboveMaximum() {
        #expect(RuleSet.builtIn.validate(Self.sample(with: ["current": 20])) == [])
        let violation = Self.onlyViolation(["current": 21])
        #expect(violation == Violation(field: "current", rule: "max", detail: "current 21 is above the maximum 20"))
    }

    @Test func currentBelowMinimumAndWrongKind() {
        #expect(Self.onlyViolation(["current": -0.5])?.rule == "min")
        #expect(Self.onlyViolation(["current": true])?.rule == "kind")
    }

    @Test func modeNotOneOfTheChoices() {
        for mode: JSONValue in ["auto", "manual", "off"] {
            #expect(RuleSet.builtIn.validate(Self.sample(with: ["mode": mode])) == [])
        }
        let violation = Self.onlyViolation(["mode": "turbo"])
        #expect(violation?.field == "mode")
        #expect(violation?.rule == "one_of")
        #expect(violation?.detail == #"mode "turbo" is not one of "auto", "manual", "off""#)
        #expect(Self.onlyViolation(["mode": 1])?.rule == "kind")
    }

    @Test func optionalFieldsMayBeAbsentOrNull() {
        #expect(RuleSet.builtIn.validate(["board_id": "b"]) == [])
        #expect(RuleSet.builtIn.validate(["board_id": "b", "voltage": nil, "mode": nil]) == [])
    }

    @Test func multipleViolationsComeInRuleOrder() {
        let attributes: [String: JSONValue] = ["mode": "turbo", "current": 21, "voltage": 50]
        let violations = RuleSet.builtIn.validate(attributes)
        #expect(violations.map(\.field) == ["board_id", "voltage", "current", "mode"])
        #expect(violations.map(\.rule) == ["required", "max", "max", "one_of"])

        let verdict = RuleSet.builtIn.verdict(for: attributes)
        #expect(!verdict.passed)
        #expect(verdict.attributes["result"] == "FAIL")
        #expect(verdict.attributes["message"]?.stringValue?.hasPrefix("4 violations: board_id is required; ") == true)
        let reported = verdict.attributes["violations"]?.arrayValue ?? []
        #expect(reported.count == 4)
        #expect(reported.first == ["field": "board_id", "rule": "required", "detail": "board_id is required"])
        #expect(reported.last?["rule"] == "one_of")
    }

    @Test func reservedAttributesAreIgnored() throws {
        let knobs: [String: JSONValue] = [
            "delay_ms": "soon", "work_iterations": -5, "fail_with": 3, "response_bytes": [1],
            "event_count": nil, "event_interval_ms": ["x": 1],
        ]
        #expect(RuleSet.builtIn.validate(Self.sample.merging(knobs) { a, _ in a }) == [])

        // Even a rules file that names them does not make them validated.
        let json = RuleSet.reservedAttributes.sorted().map { #"{"field":"\#($0)","required":true,"kind":"number","max":0}"# }
        let rules = try RuleSet(json: Array(("[" + json.joined(separator: ",") + "]").utf8))
        #expect(rules.rules.count == 6)
        #expect(rules.validate([:]) == [])
        #expect(rules.validate(knobs) == [])
    }

    @Test func unknownAttributesAreIgnored() {
        let attributes = Self.sample.merging(["colour": "red", "voltage_2": 1_000, "nested": ["a": [1, 2]]]) { a, _ in a }
        #expect(RuleSet.builtIn.validate(attributes) == [])
    }

    // MARK: rules files

    private static let validFile = #"""
    [
      {"field": "board_id", "required": true, "kind": "string"},
      {"field": "voltage", "kind": "number", "min": 0, "max": 48},
      {"field": "current", "kind": "number", "min": 0, "max": 20},
      {"field": "mode", "kind": "string", "one_of": ["auto", "manual", "off"]}
    ]
    """#

    @Test func validFileParsesToTheBuiltInRules() throws {
        #expect(try RuleSet(json: Array(Self.validFile.utf8)) == RuleSet.builtIn)
    }

    @Test func optionalKeysMayBeNullOrAbsent() throws {
        let rules = try RuleSet(json: Array(#"[{"field":"x","required":null,"kind":null,"min":null,"max":null,"one_of":null},{"field":"y"}]"#.utf8))
        #expect(rules.rules == [ValidationRule(field: "x"), ValidationRule(field: "y")])
        #expect(try RuleSet(json: Array("[]".utf8)).rules.isEmpty)
    }

    @Test(arguments: [
        (#"{"field":"x"}"#, nil as Int?, "expected a JSON list of rules, found an object"),
        (#"[{"field":"x"}"#, nil, "not valid JSON"),
        (#"["x"]"#, 0, "expected an object, found a string"),
        (#"[{"field":"a"},{"required":true}]"#, 1, #"missing "field""#),
        (#"[{"field":""}]"#, 0, #""field" must not be empty"#),
        (#"[{"field":5}]"#, 0, #""field" must be a string, found a number"#),
        (#"[{"field":"a","kind":"integer"}]"#, 0, #"unknown kind "integer""#),
        (#"[{"field":"a","kind":true}]"#, 0, #""kind" must be a string, found a bool"#),
        (#"[{"field":"a","min":5,"max":3}]"#, 0, "min 5 is greater than max 3"),
        (#"[{"field":"a","min":"1"}]"#, 0, #""min" must be a number, found a string"#),
        (#"[{"field":"a","max":[1]}]"#, 0, #""max" must be a number, found a list"#),
        (#"[{"field":"a","required":"yes"}]"#, 0, #""required" must be true or false, found a string"#),
        (#"[{"field":"a","one_of":"auto"}]"#, 0, #""one_of" must be a list, found a string"#),
        (#"[{"field":"a","one_of":[]}]"#, 0, #""one_of" must not be empty"#),
        (#"[{"field":"a","kind":"string","one_of":["x",3]}]"#, 0, #""one_of" value 3 is not a string"#),
        (#"[{"field":"a","kind":"bool","max":1}]"#, 0, "do not apply to kind bool"),
        (#"[{"field":"a","requird":true}]"#, 0, #"unknown key "requird""#),
    ])
    func malformedRulesAreRejected(json: String, index: Int?, problem: String) {
        #expect {
            try RuleSet(json: Array(json.utf8))
        } throws: { error in
            guard let error = error as? RuleSetError else { return false }
            return error.ruleIndex == index && error.problem.contains(problem)
                && error.description.contains(problem)
                && (index.map { error.description.contains("rule \($0)") } ?? true)
        }
    }

    @Test func customRulesBoundStringLength() throws {
        let json = #"[{"field":"serial","required":true,"kind":"string","min":3,"max":5},{"field":"tag","min":2}]"#
        let rules = try RuleSet(json: Array(json.utf8))
        #expect(rules.validate(["serial": "abc"]) == [])
        #expect(rules.validate(["serial": "abcde"]) == [])
        #expect(rules.validate(["serial": "ab"]).map(\.rule) == ["min"])
        #expect(rules.validate(["serial": "abcdef"]) == [
            Violation(field: "serial", rule: "max", detail: "serial is 6 characters long, longer than the maximum 5"),
        ])
        #expect(rules.validate(["serial": "ééé"]) == [])  // characters, not bytes
        #expect(rules.validate(["serial": ""]).map(\.rule) == ["required"])
        // Without a kind, bounds apply to whichever of number or string the value is.
        #expect(rules.validate(["serial": "abc", "tag": "x"]).map(\.rule) == ["min"])
        #expect(rules.validate(["serial": "abc", "tag": 1]).map(\.rule) == ["min"])
        #expect(rules.validate(["serial": "abc", "tag": 2]) == [])
        #expect(rules.validate(["serial": "abc", "tag": true]) == [])
    }

    @Test func oneOfComparesJSONValues() throws {
        let rules = try RuleSet(json: Array(#"[{"field":"level","one_of":[1,"two",true,null]}]"#.utf8))
        #expect(rules.validate(["level": 1.0]) == [])
        #expect(rules.validate(["level": "two"]) == [])
        #expect(rules.validate(["level": true]) == [])
        #expect(rules.validate(["level": "1"]).map(\.rule) == ["one_of"])
        #expect(rules.validate(["level": false]).map(\.rule) == ["one_of"])
    }

    // MARK: files on disk

    @Test func readsRulesFromFile() throws {
        let path = try TemporaryFile(contents: Self.validFile)
        defer { path.remove() }
        #expect(try RuleSet(contentsOfFile: path.path) == RuleSet.builtIn)
    }

    @Test func fileErrorsNameThePath() throws {
        let missing = "/nonexistent-dir/rules.json"
        #expect {
            try RuleSet(contentsOfFile: missing)
        } throws: { error in
            (error as? RuleSetError)?.description.contains(missing) == true
        }

        let bad = try TemporaryFile(contents: #"[{"field":"a","min":2,"max":1}]"#)
        defer { bad.remove() }
        #expect {
            try RuleSet(contentsOfFile: bad.path)
        } throws: { error in
            guard let error = error as? RuleSetError else { return false }
            return error.path == bad.path && error.ruleIndex == 0
                && error.description.contains(bad.path) && error.description.contains("greater than max")
        }
    }
}

/// A file in the temporary directory, created with `mkstemp`.
private struct TemporaryFile {
    struct CreateFailed: Error {}
    let path: String

    init(contents: String) throws {
        var template = Array("/tmp/ruleset-test-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard descriptor >= 0 else { throw CreateFailed() }
        defer { close(descriptor) }
        path = template.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CreateFailed() }
    }

    func remove() { unlink(path) }
}
