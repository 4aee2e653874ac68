import BridgeCore

/// One conformance check: a name, what it proves, and the code that proves it.
public struct ConformanceCheck: Sendable {
    /// A short identifier, printed on the check's PASS/FAIL line (`frame-bad-json`).
    public let name: String
    /// What the check proves, in one sentence of the contract's terms.
    public let summary: String
    /// Transports the check applies to (`nil`: every transport).
    public let transports: Set<String>?
    let body: @Sendable (ConformanceContext) async throws -> Void

    /// A check named `name` proving `summary` by running `body`, which throws a
    /// ``ConformanceFailure`` (or any error) when the server does not conform.
    public init(_ name: String, _ summary: String, transports: Set<String>? = nil,
                _ body: @escaping @Sendable (ConformanceContext) async throws -> Void) {
        self.name = name
        self.summary = summary
        self.transports = transports
        self.body = body
    }

    /// Whether the check runs against `transport`.
    public func applies(to transport: String) -> Bool {
        transports?.contains(transport) ?? true
    }
}

/// What a check runs against.
public struct ConformanceContext: Sendable {
    /// The transport under test (`tcp`, `http`, `grpc`).
    public let transport: String
    /// The server address as given (`127.0.0.1:9001`, `unix:/tmp/b.sock`).
    public let target: String
    /// The server's token, when it wants one.
    public let token: String?
    /// A bridge to the server, shared by the checks.
    public let bridge: any Bridge

    /// A context for checks against `target` over `transport`, calling through `bridge`.
    public init(transport: String, target: String, token: String? = nil, bridge: any Bridge) {
        self.transport = transport
        self.target = target
        self.token = token
        self.bridge = bridge
    }
}

/// A check that failed, with what was expected and what came back.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let description: String
    /// A failure explained by `description` (what was expected, what came back).
    public init(_ description: String) { self.description = description }
}

/// The result of one check.
public struct ConformanceResult: Sendable {
    /// The check's name.
    public let name: String
    /// True when the check ran without throwing.
    public let passed: Bool
    /// Why it failed; empty when it passed.
    public let detail: String
    /// How long the check took.
    public let duration: Duration

    /// `PASS name (12 ms)` or `FAIL name: detail`.
    public var line: String {
        let milliseconds = Int(duration.secondsDouble * 1000)
        return passed ? "PASS \(name) (\(milliseconds) ms)" : "FAIL \(name): \(detail)"
    }
}

/// Fails the running check unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ConformanceFailure(message()) }
}

/// Runs `body` expecting a BridgeError with `code`.
func expectError(_ code: StatusCode, _ what: String, _ body: () async throws -> BridgeMessage) async throws {
    do {
        let answer = try await body()
        throw ConformanceFailure("\(what): expected \(code.name), got a \(answer.type) answer")
    } catch let error as BridgeError {
        try expect(error.code == code, "\(what): expected \(code.name), got \(error)")
    }
}
