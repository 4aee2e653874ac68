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

/// Polls `condition` every 5 ms for up to `seconds` (stretched by ``TestTiming/scale``); true
/// as soon as it holds.
public func eventually(seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + TestTiming.bound(.milliseconds(Int(seconds * 1000)))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
