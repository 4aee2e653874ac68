import CBridgeSystem
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A listening socket that accepts connections and spreads them round-robin over a group's
/// loops, giving each a fresh handler from `makeHandler` (called on the connection's loop).
public final class Listener: @unchecked Sendable, Selectable {
    /// The bound address (with the real port when port 0 was asked for).
    public let address: SocketAddress
    private let fd: Int32
    private let acceptLoop: EventLoop
    private let group: EventLoopGroup
    private let limits: ConnectionLimits
    private let makeHandler: @Sendable () -> any ConnectionHandler
    // Loop-confined (acceptLoop).
    private var registration: UInt64 = 0
    private var closed = false
    private var backingOff = false
    /// Connections accepted so far, for tests and metrics.
    public let acceptedCount = Atomic<Int>(0)
    /// Unix-socket connections refused by the allowed-uid check.
    public let refusedCount = Atomic<Int>(0)
    /// Connections closed at once because ``ConnectionLimits/maxConnections`` were open.
    public let overLimitCount = Atomic<Int>(0)
    /// Accepted connections not yet closed.
    public let openCount = Atomic<Int>(0)

    /// Binds `address` and starts accepting on the group's first loop.
    public init(address: SocketAddress, group: EventLoopGroup, limits: ConnectionLimits = .defaults,
                makeHandler: @escaping @Sendable () -> any ConnectionHandler) throws(IOError) {
        let (fd, bound) = try SocketOps.listen(on: address)
        self.fd = fd
        self.address = bound
        self.group = group
        self.acceptLoop = group.loops[0]
        self.limits = limits
        self.makeHandler = makeHandler
        let registered = Locked<IOError?>(nil)
        let done = DispatchSemaphoreBox()
        acceptLoop.execute { [self] in
            do throws(IOError) {
                self.registration = try self.acceptLoop.register(fd: fd, events: CB_EPOLLIN, self)
            } catch {
                registered.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = registered.withLock({ $0 }) {
            Glibc.close(fd)
            throw error
        }
    }

    func handleEvents(_ events: UInt32) {
        // Accept a batch, then let other sockets have the loop.
        for _ in 0..<64 {
            guard !closed else { return }
            var peerBuffer = [CChar](repeating: 0, count: 64)
            let client = cb_accept(fd, &peerBuffer, Int32(peerBuffer.count))
            if client < 0 {
                let code = errno
                if code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM {
                    backOff()  // out of descriptors: wait instead of spinning on a ready socket
                }
                return
            }
            if case .unix = address, let allowed = limits.allowedPeerUIDs {
                let uid = cb_peer_uid(client)
                guard uid >= 0, allowed.contains(UInt32(uid)) else {
                    refusedCount.add(1, ordering: .relaxed)
                    Glibc.close(client)  // a process of a user not on the list
                    continue
                }
            }
            guard openCount.load(ordering: .relaxed) < limits.maxConnections else {
                overLimitCount.add(1, ordering: .relaxed)
                Glibc.close(client)  // at the limit: a prompt refusal instead of a hang in the backlog
                continue
            }
            openCount.add(1, ordering: .relaxed)
            acceptedCount.add(1, ordering: .relaxed)
            let peer = String(decoding: peerBuffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if case .unix = address {} else { SocketOps.setNoDelay(client) }
            let loop = group.next()
            let address = self.address
            let limits = self.limits
            let makeHandler = self.makeHandler
            loop.executeOrRun { [self] in
                do {
                    let connection = try Connection.adopt(fd: client, on: loop, address: address, peer: peer, limits: limits,
                                                          handler: makeHandler())
                    if connection.isOpen {
                        connection.onClose = { [self] in self.openCount.subtract(1, ordering: .relaxed) }
                    } else {
                        self.openCount.subtract(1, ordering: .relaxed)
                    }
                } catch {
                    self.openCount.subtract(1, ordering: .relaxed)
                    Glibc.close(client)
                }
            }
        }
    }

    private func backOff() {
        guard !backingOff else { return }
        backingOff = true
        acceptLoop.reregister(fd: fd, registration: registration, events: 0)
        acceptLoop.scheduleTimer(after: .milliseconds(100)) { [self] in
            self.backingOff = false
            if !self.closed { self.acceptLoop.reregister(fd: self.fd, registration: self.registration, events: CB_EPOLLIN) }
        }
    }

    /// Stops accepting and closes the socket (removing a Unix socket file). Safe from any thread.
    public func close() {
        let done = DispatchSemaphoreBox()
        acceptLoop.executeOrRun { [self] in
            if !self.closed {
                self.closed = true
                self.acceptLoop.deregister(fd: self.fd, registration: self.registration)
                Glibc.close(self.fd)
                if case .unix(let path) = self.address { unlink(path) }
            }
            done.signal()
        }
        if !acceptLoop.inEventLoop { done.wait() }
    }
}
