import BridgeTestSupport
import Testing
@testable import BridgeCore

@Suite("Callbacks.parallel")
struct CallbacksParallelTests {
    @Test("results come back in input order, each failure reported where it happened")
    func preservesOrder() async {
        struct Plain: Error {}
        let operations: [@Sendable () async throws -> Int] = (0..<6).map { index in
            {
                // Later operations finish first, so completion order is the reverse of input order.
                try await Task.sleep(for: .milliseconds(5 * (6 - index)))
                if index == 2 { throw BridgeError(.notFound, "op 2") }
                if index == 4 { throw Plain() }
                return index * 10
            }
        }
        let results = await Callbacks.parallel(operations)
        #expect(results.count == 6)
        for (index, result) in results.enumerated() {
            switch (index, result) {
            case (2, .failure(let error)): #expect(error == BridgeError(.notFound, "op 2"))
            case (4, .failure(let error)): #expect(error.code == .unknown)
            case (_, .success(let value)): #expect(value == index * 10)
            default: Issue.record("unexpected result \(result) at \(index)")
            }
        }
    }

    @Test("maxConcurrency bounds how many operations run at once")
    func honoursMaxConcurrency() async {
        let gauge = RuntimeGauge()
        let operations: [@Sendable () async throws -> Int] = (0..<12).map { index in
            {
                gauge.enter()
                defer { gauge.leave() }
                try await Task.sleep(for: .milliseconds(10))
                return index
            }
        }
        let results = await Callbacks.parallel(operations, maxConcurrency: 3)
        #expect(results.compactMap { try? $0.get() } == Array(0..<12))
        #expect(gauge.peak <= 3)
        #expect(gauge.peak >= 2)
    }

    @Test("without a limit every operation runs concurrently")
    func unlimitedRunsAllAtOnce() async {
        let arrived = RuntimeCounter()
        let operations: [@Sendable () async throws -> Bool] = (0..<5).map { _ in
            {
                arrived.increment()
                // Each waits for all the others: only possible if all five run at once.
                return await eventually(seconds: 10) { arrived.current == 5 }
            }
        }
        let results = await Callbacks.parallel(operations)
        #expect(results.allSatisfy { (try? $0.get()) == true })
        #expect(await Callbacks.parallel([@Sendable () async throws -> Int]()).isEmpty)
    }
}
