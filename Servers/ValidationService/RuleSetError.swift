/// Why a rules file was rejected: which file, which rule (by index in the list), and what is wrong.
public struct RuleSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rules file, when the rules came from one.
    public var path: String?
    /// The zero-based index of the offending rule in the list, when one rule is at fault.
    public var ruleIndex: Int?
    /// What is wrong, e.g. `min 5 is greater than max 3`.
    public var problem: String

    /// An error about `problem`, in rule `ruleIndex` of file `path` when known.
    public init(_ problem: String, ruleIndex: Int? = nil, path: String? = nil) {
        self.problem = problem
        self.ruleIndex = ruleIndex
        self.path = path
    }

    public var description: String {
        var text = "invalid rules"
        if let path { text += " file \(path)" }
        if let ruleIndex { text += ": rule \(ruleIndex)" }
        return text + ": " + problem
    }
}
