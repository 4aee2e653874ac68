#if canImport(Glibc)
import Glibc
#endif

/// Where to listen or connect: an IPv4 or IPv6 host and port, or a Unix domain socket path.
///
/// Written as `127.0.0.1:9000`, `[::1]:9000`, `localhost:9000` or `unix:/tmp/bridge.sock`
/// (the contract's spelling), and printed back the same way.
public enum SocketAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address (`127.0.0.1:9001`); `host` is numeric (names are resolved when parsed).
    case ipv4(host: String, port: Int)
    /// An IPv6 address, written `[::1]:9001`.
    case ipv6(host: String, port: Int)
    /// A Unix domain socket, written `unix:/tmp/bridge.sock`.
    case unix(path: String)

    /// Parses the textual forms above. Host names are resolved (blocking) with getaddrinfo.
    public init(parsing text: String) throws(IOError) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty, path.utf8.count < 108 else {
                throw IOError("unix socket path must be 1-107 bytes: '\(path)'", errno: EINVAL)
            }
            self = .unix(path: path)
            return
        }
        var host: String
        var portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw IOError("missing port in '\(text)'", errno: EINVAL) }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw IOError("expected HOST:PORT or unix:PATH, got '\(text)'", errno: EINVAL)
            }
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw IOError("invalid port in '\(text)'", errno: EINVAL)
        }
        if host.isEmpty { host = "0.0.0.0" }
        self = try Self.resolve(host: host, port: port)
    }

    private static func resolve(host: String, port: Int) throws(IOError) -> SocketAddress {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return .ipv4(host: host, port: port) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return .ipv6(host: host, port: port) }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        guard status == 0, let first = result else {
            throw IOError("cannot resolve host '\(host)'", errno: EHOSTUNREACH)
        }
        defer { freeaddrinfo(result) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            if info.pointee.ai_family == AF_INET, let address = info.pointee.ai_addr {
                var sin = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee }
                inet_ntop(AF_INET, &sin.sin_addr, &buffer, socklen_t(buffer.count))
                return .ipv4(host: Self.text(buffer), port: port)
            }
            entry = info.pointee.ai_next
        }
        if first.pointee.ai_family == AF_INET6, let address = first.pointee.ai_addr {
            var sin6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee }
            inet_ntop(AF_INET6, &sin6.sin6_addr, &buffer, socklen_t(buffer.count))
            return .ipv6(host: Self.text(buffer), port: port)
        }
        throw IOError("no usable address for '\(host)'", errno: EHOSTUNREACH)
    }

    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public var description: String {
        switch self {
        case .ipv4(let host, let port): return "\(host):\(port)"
        case .ipv6(let host, let port): return "[\(host)]:\(port)"
        case .unix(let path): return "unix:\(path)"
        }
    }

    /// The port, for IP addresses.
    public var port: Int? {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port): return port
        case .unix: return nil
        }
    }

    var family: Int32 {
        switch self {
        case .ipv4: return AF_INET
        case .ipv6: return AF_INET6
        case .unix: return AF_UNIX
        }
    }

    /// Calls `body` with this address as a C `sockaddr`.
    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch self {
        case .ipv4(let host, let port):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = in_port_t(UInt16(port).bigEndian)
            _ = inet_pton(AF_INET, host, &sin.sin_addr)
            return withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipv6(let host, let port):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = in_port_t(UInt16(port).bigEndian)
            _ = inet_pton(AF_INET6, host, &sin6.sin6_addr)
            return withUnsafePointer(to: &sin6) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        case .unix(let path):
            var sun = sockaddr_un()
            sun.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &sun.sun_path) { raw in
                let bytes = Array(path.utf8.prefix(raw.count - 1))
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            return withUnsafePointer(to: &sun) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
        }
    }

    /// The local address a socket is bound to (to learn the port chosen for port 0).
    static func local(of fd: Int32, like template: SocketAddress) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return template }
        switch template {
        case .ipv4(let host, _):
            let port = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
            return .ipv4(host: host, port: Int(port))
        case .ipv6(let host, _):
            let port = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            }
            return .ipv6(host: host, port: Int(port))
        case .unix:
            return template
        }
    }
}
