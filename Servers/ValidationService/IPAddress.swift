#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A numeric IPv4 or IPv6 address as its network-order bytes (4 or 16), for range checks.
///
/// Parsing and printing go through `inet_pton`/`inet_ntop` so the text forms are exactly the
/// ones the C library (and so the delivery client's `connect`) understands.
struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6, most significant first.
    let bytes: [UInt8]

    var isIPv4: Bool { bytes.count == 4 }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses a strict numeric address (`192.0.2.1`, `::1`, `::ffff:127.0.0.1`); nil for
    /// anything else, including the legacy forms `inet_aton` takes (`127.1`, `0x7f000001`):
    /// those are names to `getaddrinfo`, which resolves them to strict addresses we then check.
    init?(numeric text: String) {
        var v4 = [UInt8](repeating: 0, count: 4)
        if v4.withUnsafeMutableBytes({ inet_pton(AF_INET, text, $0.baseAddress) }) == 1 {
            bytes = v4
            return
        }
        var v6 = [UInt8](repeating: 0, count: 16)
        if v6.withUnsafeMutableBytes({ inet_pton(AF_INET6, text, $0.baseAddress) }) == 1 {
            bytes = v6
            return
        }
        return nil
    }

    /// The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 well-known-prefix
    /// (`64:ff9b::a.b.c.d`, RFC 6052) IPv6 address: connecting to either reaches that IPv4
    /// host, so it must pass the IPv4 checks. Nil for other addresses.
    var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        let prefix = Array(bytes[0..<12])
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]
        let nat64: [UInt8] = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]
        guard prefix == mapped || prefix == nat64 else { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    /// The canonical text form (`inet_ntop`): IPv6 compressed and lowercase.
    var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { source in
            buffer.withUnsafeMutableBufferPointer { inet_ntop(family, source.baseAddress, $0.baseAddress, socklen_t($0.count)) }
        }
        guard written != nil else { return bytes.map(String.init).joined(separator: ".") }
        let length = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
