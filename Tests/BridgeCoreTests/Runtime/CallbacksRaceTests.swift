import BridgeTestSupport
import Testing
@testable import BridgeCore

@Suite("Callbacks.race")
struct CallbacksRaceTests {
    @Test("the first success wins and the losers are cancelled")
    func firstSuccessWins() async throws {
        let cancelledLosers = RuntimeCounter()
        let loser: @Sendable () async throws -> String = {
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                cancelledLosers.increment()
                throw error
            }
            return "slow"
        }
        let clock = ContinuousClock()
        let start = clock.now
        let fast: @Sendable () async throws -> String = {
            try await Task.sleep(for: .milliseconds(10))
            return "fast"
        }
        let winner = try await Callbacks.race(timeout: nil, [loser, fast, loser])
        #expect(winner == "fast")
        #expect(start.duration(to: clock.now) < TestTiming.bound(.seconds(10)))
        #expect(cancelledLosers.current == 2)
    }

    @Test("an early failure does not decide the race while another may still succeed")
    func failureDoesNotWin() async throws {
        let operations: [@Sendable () async throws -> Int] = [
            { throw BridgeError.unavailable("replica down") },
            { try await Task.sleep(for: .milliseconds(20)); return 7 },
        ]
        let winner = try await Callbacks.race(timeout: nil, operations)
        #expect(winner == 7)
    }

    @Test("when every operation fails the last failure is thrown")
    func allFail() async {
        let operations: [@Sendable () async throws -> Int] = [
            { try await Task.sleep(for: .milliseconds(5)); throw BridgeError.unavailable("a") },
            { try await Task.sleep(for: .milliseconds(40)); throw BridgeError(.notFound, "b") },
        ]
        await #expect(throws: BridgeError(.notFound, "b")) {
            try await Callbacks.race(timeout: nil, operations)
        }
        await #expect(throws: BridgeError.invalidArgument("race needs at least one operation")) {
            try await Callbacks.race(timeout: nil, [@Sendable () async throws -> Int]())
        }
    }

    @Test("the overall timeout throws DEADLINE_EXCEEDED and cancels every operation")
    func timesOut() async {
        let cancelled = RuntimeCounter()
        let stuck: @Sendable () async throws -> Int = {
            do { try await Task.sleep(for: .seconds(30)) } catch { cancelled.increment(); throw error }
            return 0
        }
        let clock = ContinuousClock()
        let start = clock.now
        await #expect(throws: BridgeError.deadlineExceeded("operation timed out after 0.05 seconds")) {
            try await Callbacks.race(timeout: .milliseconds(50), [stuck, stuck])
        }
        #expect(start.duration(to: clock.now) < TestTiming.bound(.seconds(10)))
        #expect(await eventually(seconds: 10) { cancelled.current == 2 })
    }
}
