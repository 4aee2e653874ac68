import Synchronization

/// The answers of a streaming call (`WATCH` / `Watch`, `ValidateStream`): a ``MessageStream`` of
/// BridgeMessages.
public typealias BridgeStream = MessageStream<BridgeMessage>

/// The messages of one stream, consumed either as an `AsyncSequence` or through observer
/// callbacks (`onMessage`, `onError`, `onComplete`): the answers of a streaming call
/// (``BridgeStream``, or a typed `bridge.stream(Method.self, request)`), or the requests a
/// streaming method's handler reads.
///
/// The producer (a transport) feeds it with ``yield(_:)`` and ends it with
/// ``finish(throwing:)``; cancelling it (or the task iterating it) tells the producer to stop.
public final class MessageStream<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = BridgeError

    private let stream: AsyncThrowingStream<Element, any Error>
    private let continuation: AsyncThrowingStream<Element, any Error>.Continuation
    private let onCancel = CancelHook()
    private let pool: CallbackPool
    /// Set by ``cancel()``: iteration then ends at once, without the messages still buffered.
    private let cancelled = Atomic<Bool>(false)

    /// An open stream; observer callbacks run on `pool`.
    public init(pool: CallbackPool = .shared) {
        (stream, continuation) = AsyncThrowingStream.makeStream(of: Element.self)
        self.pool = pool
        let hook = onCancel
        continuation.onTermination = { termination in
            if case .cancelled = termination { hook.fire() }
        }
    }

    /// A stream that failed before it started.
    public static func failed(_ error: BridgeError, pool: CallbackPool = .shared) -> MessageStream<Element> {
        let stream = MessageStream<Element>(pool: pool)
        stream.finish(throwing: error)
        return stream
    }

    /// Sets what cancelling does on the wire.
    public func setCancelHandler(_ handler: @escaping @Sendable () -> Void) {
        onCancel.set(handler)
    }

    // MARK: producer side (the transport)

    /// Adds one message (buffered until the consumer reads it). Called by the producer.
    public func yield(_ message: Element) {
        continuation.yield(message)
    }

    /// Ends the stream: cleanly with no `error`, else iteration throws `error`. Later calls and
    /// yields are ignored. Called by the producer.
    public func finish(throwing error: BridgeError? = nil) {
        onCancel.clear()
        if let error { continuation.finish(throwing: error) } else { continuation.finish() }
    }

    // MARK: consumer side

    /// Stops the stream (the producer is told; iteration ends).
    ///
    /// Iteration ends at once: the next `next()` throws `CANCELLED`, even with messages still
    /// buffered (a consumer that fell behind a fast producer would otherwise read every message
    /// that arrived before it cancelled, hundreds of them, before seeing the cancellation).
    public func cancel() {
        cancelled.store(true, ordering: .releasing)
        onCancel.fire()
        continuation.finish(throwing: BridgeError.cancelled("stream cancelled"))
    }

    /// Iterates the stream; errors are ``BridgeError``s.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Element, any Error>.AsyncIterator
        let owner: MessageStream<Element>

        /// The next message, nil once the stream ended cleanly; throws how it failed.
        public mutating func next() async throws(BridgeError) -> Element? {
            if owner.cancelled.load(ordering: .acquiring) { throw .cancelled("stream cancelled") }
            do {
                return try await base.next()
            } catch {
                throw BridgeError(wrapping: error)
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), owner: self)
    }

    /// Observer style: `onMessage` for each message in order, then exactly one of `onError` or
    /// `onComplete`. Handlers run one at a time on the callback pool, never on an I/O thread.
    @discardableResult
    public func observe(onMessage: @escaping @Sendable (Element) -> Void,
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

    /// A stream of `transform` applied to each message, in order. A transform that throws ends
    /// the new stream with its error and cancels this one; cancelling the new stream cancels
    /// this one. How a transport's BridgeMessage stream becomes a typed one. The transforming
    /// task runs on `executor` when one is given (a server's event loop), else on Swift's pool.
    public func map<T: Sendable>(on executor: (any TaskExecutor)? = nil,
                                 _ transform: @escaping @Sendable (Element) throws(BridgeError) -> T) -> MessageStream<T> {
        let mapped = MessageStream<T>(pool: pool)
        let task = Task(executorPreference: executor) {
            do throws(BridgeError) {
                for try await message in self {
                    mapped.yield(try transform(message))
                }
                mapped.finish()
            } catch {
                mapped.finish(throwing: error)
                self.cancel()
            }
        }
        mapped.setCancelHandler {
            self.cancel()
            task.cancel()
        }
        return mapped
    }
}
