#if canImport(Glibc)
import Glibc
#endif

/// A heap-allocated pthread mutex: what IPCBridge locks with instead of
/// `Synchronization.Mutex`. The standard library is not built with ThreadSanitizer, so it
/// cannot see `Mutex`'s futex-based locking and reports every access under it as a race;
/// `pthread_mutex_lock` it intercepts, so `scripts/sanitize.sh thread` reports only real races.
/// Uncontended, both cost about the same.
///
/// A value type holding the mutex's address, for an owner object that destroys it in its
/// `deinit` (``Locked`` and ``PendingResult`` are the two); an object is needed because a
/// mutex must not move once used.
public struct PthreadMutex: @unchecked Sendable {  // the pointee is only used through pthread calls
    @usableFromInline let pointer: UnsafeMutablePointer<pthread_mutex_t>

    /// A new, unlocked mutex; its owner calls ``destroy()`` exactly once, when done with it.
    public init() {
        pointer = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pointer.initialize(to: pthread_mutex_t())
        pthread_mutex_init(pointer, nil)
    }

    /// Frees the mutex; nothing may use it afterwards.
    public func destroy() {
        pthread_mutex_destroy(pointer)
        pointer.deallocate()
    }

    /// Waits for and takes the mutex.
    @inlinable public func lock() { pthread_mutex_lock(pointer) }
    /// Releases the mutex, which the calling thread holds.
    @inlinable public func unlock() { pthread_mutex_unlock(pointer) }
}

/// A value behind a ``PthreadMutex``: what every piece of shared mutable state in IPCBridge uses.
public final class Locked<Value>: @unchecked Sendable {
    // Visible to inlined code so that `withLock` is specialised in the caller's module: an
    // unspecialised generic call looks up type metadata at run time on every use.
    @usableFromInline let mutex = PthreadMutex()
    // Only ``withLock(_:)`` touches it, under the mutex: exclusive already (a nested access
    // would deadlock on the mutex first), so the run-time exclusivity check is dropped.
    @exclusivity(unchecked) @usableFromInline var value: Value

    /// Guards `value`, which from now on is only reachable through ``withLock(_:)``.
    public init(_ value: Value) {
        self.value = value
    }

    deinit {
        mutex.destroy()
    }

    /// Runs `body` with exclusive access to the value.
    @inlinable
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(&value)
    }
}
