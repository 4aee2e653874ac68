import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A one-word lock for critical sections of a few stores, such as a call's completion state.
///
/// Taking it is one compare-and-swap and releasing it one store, and it lives inside its owner:
/// a ``PthreadMutex`` must not move, so each one is an allocation of its own, and locking it is a
/// call into libc. On a call's completion state (``PendingResult`` in BridgeCore) that was ~550
/// instructions per call under callgrind, about 2% of an async TCP call.
///
/// A thread that finds it taken spins briefly and then yields its CPU until it is free, so it
/// suits only sections that never block and never run long: no I/O, no callbacks, no waiting
/// under it. Everything else uses ``Locked``. ThreadSanitizer sees it, unlike
/// `Synchronization.Mutex`: its atomics are compiled into the module that uses it.
public struct SpinLock: ~Copyable, Sendable {
    @usableFromInline let word = Atomic<UInt32>(0)

    /// An unlocked lock.
    @inlinable
    public init() {}

    /// Waits for and takes the lock.
    @inlinable
    public func lock() {
        if word.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged { return }
        lockContended()
    }

    /// Releases the lock, which the calling thread holds.
    @inlinable
    public func unlock() {
        word.store(0, ordering: .releasing)
    }

    /// Runs `body` holding the lock.
    @inlinable
    public func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock()
        defer { unlock() }
        return try body()
    }

    // Out of line: the uncontended path above is all that callers inline.
    @usableFromInline
    func lockContended() {
        var spins = 0
        while true {
            // Read before trying again, so waiters do not take the cache line from the holder.
            if word.load(ordering: .relaxed) == 0,
               word.compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged {
                return
            }
            spins += 1
            if spins >= 64 {
                // The holder is probably not running (preempted, or on this very core): let it.
                sched_yield()
                spins = 0
            }
        }
    }
}
