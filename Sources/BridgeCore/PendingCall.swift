import BridgeIO
import Dispatch
import Synchronization

/// The one completion primitive every calling style rides on, so blocking, async and
/// callback calls cannot drift apart: a transport completes it exactly once, and any number
/// of waiters (a parked thread, a continuation, a callback) learn the result.
///
/// It is also the handle a caller cancels with (``CallHandle`` is another name for it).
///
/// Generic over the answer so that calls by method name (``MethodCall``), whose answer is the
/// method's response type rather than a ``BridgeMessage``, ride on the same primitive;
/// ``PendingCall`` is the BridgeMessage case every transport's `start` returns.
public final class PendingResult<Value: Sendable>: @unchecked Sendable {  // `state` only under `lock`
    // The internals are visible to inlined code, and the hot methods are `@inlinable`, so that
    // a transport's or caller's module specialises them for its Value: unspecialised, every
    // call looked up generic metadata at run time (~10% of a TCP client's profile).
    @usableFromInline
    enum Waiter {
        case semaphore(DispatchSemaphore)
        /// Unchecked: `complete` hands the result to each waiter exactly once, and the checked
        /// kind costs an allocation per call.
        case continuation(UnsafeContinuation<Value, any Error>)
        case callback(CallbackPool, @Sendable (Result<Value, BridgeError>) -> Void)
        /// Runs on the completing thread: ``map(_:)`` (cheap decoding) and ``whenCompleteInline(_:)``.
        case inline(@Sendable (Result<Value, BridgeError>) -> Void)
    }

    /// A call almost always has one waiter: it is held inline, and only a second one starts an
    /// array (which cost an allocation per call when every waiter went into one).
    @usableFromInline
    enum State {
        case running(first: Waiter?, more: [Waiter], onCancel: (@Sendable () -> Void)?)
        case finished(Result<Value, BridgeError>)
    }

    // The object holds its state and lock itself rather than in a ``Locked`` box, which cost
    // every call an allocation of its own; the lock is a ``SpinLock`` because every section
    // under it is a few stores (appending a second waiter is the longest), and a pthread mutex
    // cost another allocation and libc calls (~550 instructions per async TCP call). Only
    // ``withState(_:)`` touches `state`, under the lock, which already makes every access
    // exclusive: the run-time exclusivity check (~80 instructions per access) could only pass.
    @usableFromInline let lock = SpinLock()
    @exclusivity(unchecked) @usableFromInline var state: State = .running(first: nil, more: [], onCancel: nil)

    /// A call in flight; the transport completes it with ``complete(_:)``.
    @inlinable
    public init() {}

    @inlinable
    func withState<Result>(_ body: (inout State) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// A call that has already finished (a request refused before it was sent).
    public static func failed(_ error: BridgeError) -> PendingResult {
        let call = PendingResult()
        call.complete(.failure(error))
        return call
    }

    /// Sets what cancelling does on the wire (drop the pending entry, send RST_STREAM...).
    /// Runs at once when the call was already cancelled: a caller may cancel between `start`
    /// returning and the transport sending the request, and the transport must still hear it.
    @inlinable
    public func setCancelHandler(_ handler: @escaping @Sendable () -> Void) {
        let runNow = withState { state -> Bool in
            switch state {
            case .running(let first, let more, _):
                state = .running(first: first, more: more, onCancel: handler)
                return false
            case .finished(.failure(let error)):
                return error.code == .cancelled
            case .finished(.success):
                return false
            }
        }
        if runNow { handler() }
    }

    /// True once a result is in.
    public var isFinished: Bool {
        withState { if case .finished = $0 { return true } else { return false } }
    }

    /// The result, when finished.
    public var result: Result<Value, BridgeError>? {
        withState { if case .finished(let result) = $0 { return result } else { return nil } }
    }

    /// Delivers the result; only the first completion counts. Returns whether this one did.
    @inlinable
    @discardableResult
    public func complete(_ result: Result<Value, BridgeError>) -> Bool {
        let waiters = withState { state -> (first: Waiter?, more: [Waiter])? in
            guard case .running(let first, let more, _) = state else { return nil }
            state = .finished(result)
            return (first, more)
        }
        guard let waiters else { return false }
        if let first = waiters.first { Self.notify(first, result) }
        for waiter in waiters.more { Self.notify(waiter, result) }
        return true
    }

    /// Cancels the call: it completes with `CANCELLED` (unless already finished) and the
    /// transport is told to stop it.
    @inlinable
    public func cancel() {
        let handler = withState { state -> (@Sendable () -> Void)? in
            guard case .running(_, _, let onCancel) = state else { return nil }
            return onCancel
        }
        if complete(.failure(.cancelled())) { handler?() }
    }

    @inlinable
    static func notify(_ waiter: Waiter, _ result: Result<Value, BridgeError>) {
        switch waiter {
        case .semaphore(let semaphore):
            semaphore.signal()
        case .continuation(let continuation):
            continuation.resume(with: result.mapError { $0 as any Error })
        case .callback(let pool, let handler):
            pool.submit { _ in handler(result) }
        case .inline(let handler):
            handler(result)
        }
    }

    @inlinable
    @_specialize(where Value == BridgeMessage)
    func add(_ waiter: Waiter) {
        let result = withState { state -> Result<Value, BridgeError>? in
            switch state {
            case .running(nil, let more, let onCancel):
                state = .running(first: waiter, more: more, onCancel: onCancel)
                return nil
            case .running(let first, var more, let onCancel):
                state = .running(first: nil, more: [], onCancel: nil)   // let `more` be uniquely held
                more.append(waiter)
                state = .running(first: first, more: more, onCancel: onCancel)
                return nil
            case .finished(let result):
                return result
            }
        }
        if let result { Self.notify(waiter, result) }
    }

    // MARK: the three styles

    /// Blocks the calling thread until the result is in. On an event-loop thread it throws
    /// `FAILED_PRECONDITION` at once instead: waiting there would deadlock the loop that
    /// must deliver the answer.
    @inlinable
    public func wait() throws(BridgeError) -> Value {
        if EventLoop.isOnIOThread {
            throw BridgeError(.failedPrecondition,
                              "a blocking call was made on an event-loop thread; use the async or callback style there")
        }
        let semaphore = DispatchSemaphore(value: 0)
        add(.semaphore(semaphore))
        semaphore.wait()
        guard let result else { throw BridgeError(.internal, "call woke without a result") }
        return try result.get()
    }

    /// Awaits the result; cancelling the awaiting task cancels the call.
    ///
    /// Specialised for BridgeMessage here as well as `@inlinable`: `Bridge.call` reaches it
    /// from generic code in this module, where the unspecialised body looked up the metadata
    /// of `Optional`, `Result` and `State` on every call (~1,100 instructions per TCP call
    /// under callgrind, 4 x 64 async).
    ///
    /// The cancellation handler is installed with the standard library's executor-inheriting
    /// form of `withTaskCancellationHandler` (the same function under its pre-Swift 6 entry
    /// point): the current form takes the caller's isolation as a parameter and switches to it
    /// on entry and after the operation, and for a task whose preferred executor is an event
    /// loop each switch looks the preference up under the task's status-record lock. Both
    /// forms install and remove the same cancellation record; this one skips the two switches
    /// (~570 instructions per async TCP call under callgrind).
    @inlinable
    @_specialize(where Value == BridgeMessage)
    nonisolated(nonsending) public func value() async throws(BridgeError) -> Value {
        do {
            return try await _unsafeInheritExecutor_withTaskCancellationHandler {
                try await withUnsafeThrowingContinuation { continuation in
                    add(.continuation(continuation))
                }
            } onCancel: {
                self.cancel()
            }
        } catch {
            throw BridgeError(wrapping: error)
        }
    }

    /// Runs `handler` with the result on `pool` (never on an event-loop thread).
    @inlinable
    public func whenComplete(on pool: CallbackPool = .shared,
                             _ handler: @escaping @Sendable (Result<Value, BridgeError>) -> Void) {
        add(.callback(pool, handler))
    }

    /// Runs `handler` with the result on the thread that completes the call, with no hop: for
    /// an answer that is the transport's event loop, right after the answer is read.
    ///
    /// For short handlers that never block, such as a pipelined client issuing its next call:
    /// the handler holds up every connection on that loop while it runs, and a blocking call
    /// made in it fails with `FAILED_PRECONDITION`. A call that has already finished (or fails
    /// before it is sent) runs `handler` at once, on the calling thread, so a handler that
    /// starts another call on failure should hop elsewhere first (a retry loop completing
    /// inline would otherwise recurse). Everything else belongs in ``whenComplete(on:_:)``.
    @inlinable
    public func whenCompleteInline(_ handler: @escaping @Sendable (Result<Value, BridgeError>) -> Void) {
        add(.inline(handler))
    }

    /// A call whose result is this one's answer put through `transform` (a transform that
    /// throws fails it); cancelling it cancels this one. How a call by method name turns the
    /// BridgeMessage a transport answers with into the method's response.
    public func map<Mapped: Sendable>(_ transform: @escaping @Sendable (Value) throws(BridgeError) -> Mapped) -> PendingResult<Mapped> {
        let mapped = PendingResult<Mapped>()
        mapped.setCancelHandler { self.cancel() }
        add(.inline { result in
            mapped.complete(result.flatMap { value in Result { () throws(BridgeError) in try transform(value) } })
        })
        return mapped
    }
}

/// A call answered by one ``BridgeMessage``: what every transport's `start` returns.
public typealias PendingCall = PendingResult<BridgeMessage>

/// What a callback-style call returns: cancel it with ``PendingResult/cancel()``.
public typealias CallHandle = PendingCall
