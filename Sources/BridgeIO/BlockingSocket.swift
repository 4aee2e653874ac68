#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking socket with timeouts, for tools and tests that need to put exact bytes on
/// the wire (a frame dribbled a byte at a time, a client vanishing mid-frame). Not for use on
/// an event-loop thread, and not what the bridges use.
public final class BlockingSocket {
    /// The address connected to.
    public let address: SocketAddress
    private var fd: Int32

    /// Connects, waiting up to `timeout` for each later read.
    public init(connectingTo address: SocketAddress, timeout: Duration = .seconds(5)) throws(IOError) {
        self.address = address
        fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw IOError.current("socket") }
        var interval = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        let status = address.withSockAddr { connect(fd, $0, $1) }
        guard status == 0 else {
            let error = IOError.current("connect \(address)")
            Glibc.close(fd)
            throw error
        }
    }

    deinit { close() }

    /// Writes all of `bytes`.
    public func send(_ bytes: [UInt8]) throws(IOError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard written > 0 else {
                if written < 0 && errno == EINTR { continue }
                throw IOError.current("send")
            }
            offset += written
        }
    }

    /// Reads exactly `count` bytes; nil when the peer closed first. Throws on timeout.
    public func receive(exactly count: Int) throws(IOError) -> [UInt8]? {
        var result = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = result.withUnsafeMutableBytes { raw in
                recv(fd, raw.baseAddress.map { $0 + offset }, count - offset, 0)
            }
            if got == 0 { return nil }
            if got < 0 {
                if errno == EINTR { continue }
                throw IOError.current("recv")
            }
            offset += got
        }
        return result
    }

    /// True when the peer has closed: a read returns end-of-file (waits up to the timeout).
    public func peerClosed() -> Bool {
        var byte: UInt8 = 0
        while true {
            let got = recv(fd, &byte, 1, 0)
            if got == 0 { return true }
            if got < 0 && errno == EINTR { continue }
            if got < 0 && errno == ECONNRESET { return true }
            return false
        }
    }

    /// Half-close: tells the peer we are done sending.
    public func shutdownOutput() {
        shutdown(fd, Int32(SHUT_WR))
    }

    /// Closes the socket (also done on deinit); later calls do nothing.
    public func close() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }
}
