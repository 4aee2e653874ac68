import Foundation

/// Runs blocking work (raw sockets, waiting on a process) on a thread of its own, so it never
/// parks one of the few threads Swift concurrency shares between all the tests running at once.
public func onDedicatedThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}

/// Polls `condition` (which may await) every 5 ms for up to `seconds` (stretched by
/// ``TestTiming/scale``); true as soon as it holds. Tests wait with this rather than a fixed
/// number of sleeps: on a busy two-core machine a shared thread can be starved for seconds, and
/// a generous bound only costs time when the test is failing anyway.
public func eventually(seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + TestTiming.bound(.milliseconds(Int(seconds * 1000)))
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}
