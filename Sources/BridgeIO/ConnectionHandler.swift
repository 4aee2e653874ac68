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
}

extension ConnectionHandler {
    public func connectionActive(_ connection: Connection) {}
    public func connectionInputClosed(_ connection: Connection) { connection.closeAfterFlush() }
    public func connectionWritable(_ connection: Connection) {}
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

    public init(maxBufferedInput: Int = 16 * 1024 * 1024 + 4, writeHighWaterMark: Int = 256 * 1024,
                writeLowWaterMark: Int = 64 * 1024, maxBufferedOutput: Int = 64 * 1024 * 1024,
                allowedPeerUIDs: Set<UInt32>? = nil) {
        self.allowedPeerUIDs = allowedPeerUIDs
        self.maxBufferedInput = maxBufferedInput
        self.writeHighWaterMark = writeHighWaterMark
        self.writeLowWaterMark = writeLowWaterMark
        self.maxBufferedOutput = maxBufferedOutput
    }

    public static var defaults: ConnectionLimits { ConnectionLimits() }
}
