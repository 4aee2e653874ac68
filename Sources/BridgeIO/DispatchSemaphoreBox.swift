import Dispatch

/// A one-shot signal between threads (a Sendable wrapper of DispatchSemaphore).
final class DispatchSemaphoreBox: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func signal() { semaphore.signal() }
    func wait() { semaphore.wait() }
}
