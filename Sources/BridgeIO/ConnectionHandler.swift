/// The protocol logic riding on a ``Connection``: it receives bytes and events, and answers
/// with writes and closes. Called only on the connection's event loop.
public protocol ConnectionHandler: AnyObject {
    /// The connection is up: accepted by a listener, or finished connecting.
    func connectionActive(_ connection: Connection)

    /// New bytes arrived. Return how many were consumed; the rest is kept and offered again,
    /// followed by whatever arrives next. Writes made here are flushed when this returns.
    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int

    /// The peer finished sending (half-close). The default closes the connection.
    func connectionInputClosed(_ connection: Connection)

    /// All queued output was written after the connection had applied back-pressure.
    func connectionWritable(_ connection: Connection)

    /// The connection is closed; `error` says why when it was not a clean close.
    func connectionClosed(_ connection: Connection, error: IOError?)

    /// Since when (``MonotonicTime`` nanoseconds) the connection has had nothing to do, or nil
    /// while work is in flight (a call being answered, a stream open). Past
    /// ``ConnectionLimits/idleTimeout`` it is closed. The default: since the last byte moved
    /// either way; protocols whose keepalive traffic must not count (HTTP/2 PINGs) say better.
    func connectionIdleSince(_ connection: Connection) -> UInt64?

    /// Since when (``MonotonicTime`` nanoseconds) the handler has been waiting on the peer to
    /// make room for output it holds (an HTTP/2 flow-control window that stays shut), or nil.
    /// Past ``ConnectionLimits/stallTimeout`` the connection is cut off. The default is nil.
    func connectionStalledSince(_ connection: Connection) -> UInt64?

    /// The idle timeout passed. The default closes at once; a protocol with a polite goodbye
    /// (HTTP/2 GOAWAY) sends it first.
    func connectionIdleTimedOut(_ connection: Connection)
}

extension ConnectionHandler {
    public func connectionActive(_ connection: Connection) {}
    public func connectionInputClosed(_ connection: Connection) { connection.closeAfterFlush() }
    public func connectionWritable(_ connection: Connection) {}
    public func connectionIdleSince(_ connection: Connection) -> UInt64? { connection.lastTrafficNanos }
    public func connectionStalledSince(_ connection: Connection) -> UInt64? { nil }
    public func connectionIdleTimedOut(_ connection: Connection) { connection.close() }
}

/// Limits a connection enforces on what a peer controls.
public struct ConnectionLimits: Sendable {
    /// Bytes of unconsumed input a connection may hold (a partial frame or header) before it
    /// is closed: protects against a peer that sends a huge frame or never ends a header.
    public var maxBufferedInput: Int
    /// When queued output passes this many bytes the connection stops reading new input,
    /// so a peer that never reads cannot make the server buffer answers without bound.
    public var writeHighWaterMark: Int
    /// Reading resumes once queued output falls below this.
    public var writeLowWaterMark: Int
    /// Queued output past this closes the connection (answers already produced when reading
    /// paused can still push past the high-water mark; this is the hard ceiling).
    public var maxBufferedOutput: Int

    /// For Unix-socket listeners: the user ids whose processes may connect (checked with
    /// SO_PEERCRED at accept; others are closed at once). nil: any process that can open the
    /// socket file, which is created mode 0600.
    public var allowedPeerUIDs: Set<UInt32>?

    /// Accepted connections a listener keeps open at once; past it, new ones are accepted and
    /// closed at once (so clients see a prompt refusal rather than a hang in the backlog).
    public var maxConnections: Int

    /// Accepted connections with no bytes either way for this long, and nothing in flight
    /// (``ConnectionHandler/connectionIsIdle(_:)``), are closed. nil: never.
    public var idleTimeout: Duration?

    /// Slow peers are cut off after this long: a message started but not finished (a partial
    /// frame or header held in the input buffer), output the peer does not read, or an
    /// HTTP/2 window the peer keeps shut while we hold data for it. nil: never.
    public var stallTimeout: Duration?

    /// The defaults every server starts from; see docs/RELIABILITY.md.
    public static let defaultMaxConnections = 16_384
    /// How long an accepted connection may sit idle before it is closed (5 minutes).
    public static let defaultIdleTimeout = Duration.seconds(300)
    /// How long a peer may hold a message half-sent, or leave output unread, before it is cut off.
    public static let defaultStallTimeout = Duration.seconds(30)

    /// Limits with every value defaulted; name the ones to change.
    public init(maxBufferedInput: Int = 16 * 1024 * 1024 + 4, writeHighWaterMark: Int = 256 * 1024,
                writeLowWaterMark: Int = 64 * 1024, maxBufferedOutput: Int = 64 * 1024 * 1024,
                allowedPeerUIDs: Set<UInt32>? = nil, maxConnections: Int = ConnectionLimits.defaultMaxConnections,
                idleTimeout: Duration? = ConnectionLimits.defaultIdleTimeout,
                stallTimeout: Duration? = ConnectionLimits.defaultStallTimeout) {
        self.allowedPeerUIDs = allowedPeerUIDs
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.stallTimeout = stallTimeout
        self.maxBufferedInput = maxBufferedInput
        self.writeHighWaterMark = writeHighWaterMark
        self.writeLowWaterMark = writeLowWaterMark
        self.maxBufferedOutput = maxBufferedOutput
    }

    /// The defaults (16 MiB of input, 256 KiB/64 KiB write marks, 64 MiB of output, the connection and timeout defaults above).
    public static var defaults: ConnectionLimits { ConnectionLimits() }
}
