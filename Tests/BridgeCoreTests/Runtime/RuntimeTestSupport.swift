import BridgeIO
import BridgeTestSupport
import Dispatch
import Foundation
import Synchronization
@testable import BridgeCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shared seeded generator (BridgeTestSupport).
typealias RuntimeSeededGenerator = SeededGenerator

/// A thread-safe counter.
final class RuntimeCounter: Sendable {
    private let value = Atomic<Int>(0)

    @discardableResult
    func increment() -> Int { value.add(1, ordering: .sequentiallyConsistent).newValue }

    var current: Int { value.load(ordering: .sequentiallyConsistent) }
}

/// Tracks how many bodies are inside a section at once, and the most ever seen.
final class RuntimeGauge: Sendable {
    private let counts = Locked<(current: Int, peak: Int)>((0, 0))

    func enter() {
        counts.withLock { counts in
            counts.current += 1
            counts.peak = max(counts.peak, counts.current)
        }
    }

    func leave() {
        counts.withLock { $0.current -= 1 }
    }

    var current: Int { counts.withLock { $0.current } }
    var peak: Int { counts.withLock { $0.peak } }
}

/// A thread-safe list of recorded values.
final class RuntimeRecorder<Element: Sendable>: Sendable {
    private let items = Locked<[Element]>([])

    func append(_ item: Element) { items.withLock { $0.append(item) } }

    var values: [Element] { items.withLock { $0 } }
}

/// A thread-safe flag.
final class RuntimeFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .sequentiallyConsistent) }

    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}

/// Thread identity, blocking sleeps and polling for the runtime tests.
enum RuntimeTiming {
    /// The calling thread's identity.
    static func threadID() -> UInt {
        #if canImport(Darwin)
        return UInt(bitPattern: pthread_self())
        #else
        return UInt(pthread_self())
        #endif
    }

    /// Blocks the calling thread (a callback body) for `milliseconds`.
    static func block(milliseconds: Int) {
        usleep(UInt32(milliseconds * 1_000))
    }

    /// Spins (sleeping 1 ms at a time) until `condition` holds or `limit` passes; returns
    /// whether it held. Used by synchronous callback bodies waiting for cancellation.
    static func spin(until condition: () -> Bool, limit: Duration = .seconds(10)) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + TestTiming.bound(limit)
        while !condition() {
            if clock.now >= end { return false }
            usleep(1_000)
        }
        return true
    }
}

/// A gate callback bodies block on until the test opens it: deterministic "keep the slot busy".
final class RuntimeGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let opened = RuntimeFlag()

    /// Blocks until opened (at most 20 s, so a broken test cannot hang the suite).
    func pass() {
        guard !opened.isSet else { return }
        if semaphore.wait(timeout: .now() + 20) == .success { semaphore.signal() }
    }

    func open() {
        opened.set()
        semaphore.signal()
    }
}
