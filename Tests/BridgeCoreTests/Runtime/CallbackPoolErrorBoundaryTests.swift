import Testing
@testable import BridgeCore

private struct PlainError: Error, CustomStringConvertible {
    var description: String { "plain failure" }
}

@Suite("CallbackPool error boundary")
struct CallbackPoolErrorBoundaryTests {
    @Test("a thrown BridgeError passes through unchanged")
    func bridgeErrorPassesThrough() {
        let pool = CallbackPool(maxConcurrent: 1)
        let thrown = BridgeError(.notFound, "no such key", cause: "lookup")
        let outcome = pool.submit { _ in throw thrown }.wait()
        #expect(outcome.error == thrown)
        #expect(outcome.code == .notFound)
    }

    @Test("any other error becomes UNKNOWN carrying its description")
    func otherErrorsBecomeUnknown() async {
        let pool = CallbackPool(maxConcurrent: 1)
        let outcome: CallbackOutcome<Int> = await pool.run { _ in throw PlainError() }
        #expect(outcome.code == .unknown)
        #expect(outcome.error?.message == "plain failure")
    }

    @Test("run returns the body's value")
    func runReturnsValue() async {
        let pool = CallbackPool(maxConcurrent: 1)
        let outcome = await pool.run { _ in 6 * 7 }
        #expect(outcome.value == 42)
        #expect(outcome.code == .ok)
        #expect(throws: Never.self) { try outcome.get() }
    }

    @Test("the outcome records how long the body ran")
    func durationRecorded() async {
        let pool = CallbackPool(maxConcurrent: 1)
        let outcome = await pool.run { _ in RuntimeTiming.block(milliseconds: 50) }
        #expect(outcome.code == .ok)
        #expect(outcome.duration >= .milliseconds(49))
        #expect(outcome.duration < .seconds(10))
    }

    @Test("a rejected or never-run callback has zero duration")
    func zeroDurationWhenNeverRun() {
        let pool = CallbackPool(maxConcurrent: 1, maxQueued: 0)
        let gate = RuntimeGate()
        pool.submit { _ in gate.pass() }
        let rejected = pool.submit { _ in }
        #expect(rejected.wait().duration == .zero)
        gate.open()
        #expect(pool.waitForAll(timeout: .seconds(10)))
    }
}
