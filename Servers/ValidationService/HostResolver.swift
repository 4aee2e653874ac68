#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a callback host into the numeric addresses a connection could reach.
///
/// A value holding a function so ``CallbackURLPolicy`` can be tested with names that resolve
/// to chosen addresses, without DNS. ``system`` is `getaddrinfo`, which blocks: run the check
/// on a worker thread, never on an event loop.
public struct HostResolver: Sendable {
    /// Returns the numeric addresses of `host` (never empty), or throws ``CallbackURLError/unresolvable(host:reason:)``.
    public let resolve: @Sendable (String) throws(CallbackURLError) -> [String]

    /// A resolver running `resolve` (a stub in tests; ``system`` in the server).
    public init(resolve: @escaping @Sendable (String) throws(CallbackURLError) -> [String]) {
        self.resolve = resolve
    }

    /// Fixed answers, for tests: a name missing from `addresses` does not resolve.
    public static func fixed(_ addresses: [String: [String]]) -> HostResolver {
        HostResolver { (host: String) throws(CallbackURLError) -> [String] in
            guard let found = addresses[host], !found.isEmpty else {
                throw .unresolvable(host: host, reason: "no such host in the fixed table")
            }
            return found
        }
    }

    /// The C library's resolver (`getaddrinfo`: /etc/hosts, then DNS), every address of every
    /// family, without `AI_ADDRCONFIG` so no address is hidden from the checks. Numeric
    /// hosts, including legacy forms such as `127.1` or `2130706433`, come back as the strict
    /// addresses they denote, without a DNS query.
    public static let system = HostResolver { (host: String) throws(CallbackURLError) -> [String] in
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            let reason = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            throw .unresolvable(host: host, reason: reason)
        }
        defer { freeaddrinfo(list) }

        var found: [String] = []
        var entry = list
        while let info = entry {
            if let text = numericText(info.pointee), !found.contains(text) { found.append(text) }
            entry = info.pointee.ai_next
        }
        guard !found.isEmpty else { throw .unresolvable(host: host, reason: "no IPv4 or IPv6 address") }
        return found
    }

    /// The address of one `getaddrinfo` entry in numeric form, nil for other families.
    private static func numericText(_ info: addrinfo) -> String? {
        guard let socketAddress = info.ai_addr else { return nil }
        let raw = UnsafeRawPointer(socketAddress)
        switch info.ai_family {
        case AF_INET:
            let address = raw.loadUnaligned(as: sockaddr_in.self).sin_addr
            return withUnsafeBytes(of: address) { IPAddress(bytes: Array($0)).description }
        case AF_INET6:
            let address = raw.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            return withUnsafeBytes(of: address) { IPAddress(bytes: Array($0)).description }
        default:
            return nil
        }
    }
}
