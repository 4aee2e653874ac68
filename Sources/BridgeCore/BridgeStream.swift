/// The answers of a streaming call (`WATCH` / `Watch`, `ValidateStream`), consumed either as
/// an `AsyncSequence` or through observer callbacks (`onMessage`, `onError`, `onComplete`).
///
/// The transport feeds it with ``yield(_:)`` and ends it with ``finish(throwing:)``;
/// cancelling it (or the task iterating it) tells the transport to stop the stream.
public final class BridgeStream: AsyncSequence, Sendable {
    public typealias Element = BridgeMessage
    public typealias Failure = BridgeError

    private let stream: AsyncThrowingStream<BridgeMessage, any Error>
    private let continuation: AsyncThrowingStream<BridgeMessage, any Error>.Continuation
    private let onCancel = CancelHook()
    private let pool: CallbackPool

    /// An open stream; observer callbacks run on `pool`.
    public init(pool: CallbackPool = .shared) {
        (stream, continuation) = AsyncThrowingStream.makeStream(of: BridgeMessage.self)
        self.pool = pool
        let hook = onCancel
        continuation.onTermination = { termination in
            if case .cancelled = termination { hook.fire() }
        }
    }

    /// A stream that failed before it started.
    public static func failed(_ error: BridgeError, pool: CallbackPool = .shared) -> BridgeStream {
        let stream = BridgeStream(pool: pool)
        stream.finish(throwing: error)
        return stream
    }

    /// Sets what cancelling does on the wire.
    public func setCancelHandler(_ handler: @escaping @Sendable () -> Void) {
        onCancel.set(handler)
    }

    // MARK: producer side (the transport)

    /// Adds one answer (buffered until the consumer reads it). Called by the transport.
    public func yield(_ message: BridgeMessage) {
        continuation.yield(message)
    }

    /// Ends the stream: cleanly with no `error`, else iteration throws `error`. Later calls and
    /// yields are ignored. Called by the transport.
    public func finish(throwing error: BridgeError? = nil) {
        onCancel.clear()
        if let error { continuation.finish(throwing: error) } else { continuation.finish() }
    }

    // MARK: consumer side

    /// Stops the stream (the transport is told; iteration ends).
    public func cancel() {
        onCancel.fire()
        continuation.finish(throwing: BridgeError.cancelled("stream cancelled"))
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<BridgeMessage, any Error>.AsyncIterator

        public mutating func next() async throws(BridgeError) -> BridgeMessage? {
            do {
                return try await base.next()
            } catch {
                throw BridgeError(wrapping: error)
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator())
    }

    /// Observer style: `onMessage` for each answer in order, then exactly one of `onError` or
    /// `onComplete`. Handlers run one at a time on the callback pool, never on an I/O thread.
    @discardableResult
    public func observe(onMessage: @escaping @Sendable (BridgeMessage) -> Void,
                        onError: @escaping @Sendable (BridgeError) -> Void = { _ in },
                        onComplete: @escaping @Sendable () -> Void = {}) -> Task<Void, Never> {
        let pool = self.pool
        return Task {
            do {
                for try await message in self {
                    _ = await pool.run { _ in onMessage(message) }
                }
                _ = await pool.run { _ in onComplete() }
            } catch {
                let failure = BridgeError(wrapping: error)
                _ = await pool.run { _ in onError(failure) }
            }
        }
    }
}
