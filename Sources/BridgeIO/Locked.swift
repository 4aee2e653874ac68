#if canImport(Glibc)
import Glibc
#endif

/// A value behind a pthread mutex: what every piece of shared mutable state in IPCBridge uses
/// instead of `Synchronization.Mutex`. The standard library is not built with ThreadSanitizer,
/// so it cannot see `Mutex`'s futex-based locking and reports every access under it as a race;
/// `pthread_mutex_lock` it intercepts, so `scripts/sanitize.sh thread` reports only real races.
/// Uncontended, both cost about the same.
public final class Locked<Value>: @unchecked Sendable {
    // Visible to inlined code so that `withLock` is specialised in the caller's module: an
    // unspecialised generic call looks up type metadata at run time on every use.
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline var value: Value

    /// Guards `value`, which from now on is only reachable through ``withLock(_:)``.
    public init(_ value: Value) {
        self.value = value
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
