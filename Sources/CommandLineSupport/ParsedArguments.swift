/// A command line read against a declared set of options: `--name value`, `--name=value`
/// and boolean `--flag`. Anything undeclared is an error naming it, so typos never pass
/// silently.
public struct ParsedArguments: Sendable {
    /// Each option given, by name without the dashes; a repeated option keeps its last value.
    public private(set) var values: [String: String] = [:]
    /// The switches given, by name without the dashes.
    public private(set) var flags: Set<String> = []
    /// The arguments that are not options, in order (a subcommand's operands, e.g. a .proto file).
    public private(set) var positionals: [String] = []

    /// Parses `arguments` (without the program name). `options` take a value; `switches` do not.
    public init(_ arguments: [String], options: Set<String>, switches: Set<String> = []) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--") else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if switches.contains(name) {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
                flags.insert(name)
            } else if options.contains(name) {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                throw UsageError("unknown option --\(name)")
            }
        }
    }

    /// The value of option `name`, or nil when it was not given.
    public func value(_ name: String) -> String? { values[name] }

    /// Whether switch `flag` was given.
    public func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// An integer option, with its name in the error when it is not one.
    public func integer(_ name: String, default fallback: Int? = nil, range: ClosedRange<Int> = 0...Int.max) throws(UsageError) -> Int? {
        guard let text = values[name] else { return fallback }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// A number of seconds (fractions allowed) as a Duration: positive, or also 0 when
    /// `allowingZero` (an option whose default is none of it, such as a warm-up).
    public func seconds(_ name: String, allowingZero: Bool = false) throws(UsageError) -> Duration? {
        guard let text = values[name] else { return nil }
        guard let seconds = Double(text), seconds > 0 || (allowingZero && seconds == 0) else {
            let kind = allowingZero ? "a number of seconds, 0 or more" : "a positive number of seconds"
            throw UsageError("--\(name) must be \(kind), got '\(text)'")
        }
        return .milliseconds(Int(seconds * 1000))
    }
}

/// A command line that cannot be run as written.
public struct UsageError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, for one `bridge: ...` line followed by the usage.
    public var message: String
    /// An error explained by `message`.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
