import BridgeCore
import BridgeIO

/// The contract's checks, runnable against any server on any transport: `swift test` runs
/// them against in-process servers, and `bridge conformance` against whatever you point it at.
public enum ConformanceSuite {
    /// Every check, in the order they run.
    public static var checks: [ConformanceCheck] { MessageChecks.all + FramingChecks.all + HTTPChecks.all }

    /// The checks that apply to `transport`.
    public static func checks(for transport: String) -> [ConformanceCheck] {
        checks.filter { $0.applies(to: transport) }
    }

    /// Runs one check, with a time limit so a hung server fails the check instead of the run.
    public static func run(_ check: ConformanceCheck, in context: ConformanceContext,
                           timeLimit: Duration = .seconds(10)) async -> ConformanceResult {
        let start = ContinuousClock.now
        do {
            try await withCheckTimeLimit(timeLimit) { try await check.body(context) }
            return ConformanceResult(name: check.name, passed: true, detail: "", duration: .now - start)
        } catch {
            return ConformanceResult(name: check.name, passed: false, detail: "\(error)", duration: .now - start)
        }
    }

    /// Runs every check for the context's transport, calling `report` after each.
    public static func runAll(in context: ConformanceContext,
                              report: (ConformanceResult) -> Void = { _ in }) async -> [ConformanceResult] {
        var results: [ConformanceResult] = []
        for check in checks(for: context.transport) {
            let result = await run(check, in: context)
            report(result)
            results.append(result)
        }
        return results
    }

    private static func withCheckTimeLimit(_ limit: Duration, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw ConformanceFailure("did not finish within \(limit)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }
}
