import CBridgeSystem

#if canImport(Glibc)
import Glibc
#endif

/// Thin wrappers over the socket system calls, each turning -1 into an ``IOError``.
enum SocketOps {
    static func makeSocket(family: Int32) throws(IOError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = socket(family, type, 0)
        guard fd >= 0 else { throw IOError.current("socket") }
        return fd
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    static func setNoDelay(_ fd: Int32) {
        setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// A listening socket bound to `address` (port 0 picks a free port). A stale Unix socket
    /// file is replaced; the new one is created with mode 0600 (owner only).
    static func listen(on address: SocketAddress, backlog: Int32 = 1024) throws(IOError) -> (Int32, SocketAddress) {
        let fd = try makeSocket(family: address.family)
        if case .unix(let path) = address {
            var status = stat()
            if lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFSOCK { unlink(path) }
        } else {
            setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if address.family == AF_INET6 { setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 1) }
        }
        let oldMask = umask(0o077)
        let bound = address.withSockAddr { bind(fd, $0, $1) }
        umask(oldMask)
        // Owner read/write only: connecting to a Unix socket needs write permission on it.
        if bound == 0, case .unix(let path) = address { chmod(path, 0o600) }
        guard bound == 0 else {
            let error = IOError.current("bind \(address)")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = IOError.current("listen \(address)")
            close(fd)
            throw error
        }
        return (fd, SocketAddress.local(of: fd, like: address))
    }

    /// Starts a non-blocking connect; true when it completed at once.
    static func startConnect(_ fd: Int32, to address: SocketAddress) throws(IOError) -> Bool {
        let status = address.withSockAddr { connect(fd, $0, $1) }
        if status == 0 { return true }
        if errno == EINPROGRESS || errno == EAGAIN { return false }
        throw IOError.current("connect \(address)")
    }

    /// The pending error of a socket (after a non-blocking connect), 0 when none.
    static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length)
        return value
    }
}
