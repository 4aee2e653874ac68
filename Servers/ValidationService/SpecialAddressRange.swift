/// The address ranges a callback must not reach unless the operator says so, and why.
///
/// A callback URL is chosen by whoever calls `POST /validate-async`, so without these checks
/// the server could be made to POST into its own host or private network (server-side request
/// forgery). Two kinds: ranges that are merely internal (loopback, private, link-local, CGNAT),
/// which `--allow-private-callbacks` opens for test setups, and ranges that never name one
/// unicast host (unspecified, multicast, broadcast, reserved), which only an explicit
/// allow-list entry opens.
struct SpecialAddressRange: Sendable {
    enum Kind: Sendable {
        /// Internal but reachable: allowed by `allowPrivate`.
        case internalNetwork
        /// Not a single unicast destination: refused even with `allowPrivate`.
        case notUnicast
    }

    /// What the range is, e.g. `loopback`.
    let name: String
    let range: IPAddressRange
    let kind: Kind

    /// `name (range)`, e.g. `loopback (127.0.0.0/8)`: what a refusal prints.
    var label: String { "\(name) (\(range))" }

    /// The IPv4 table (most specific first where ranges nest: broadcast inside reserved).
    static let ipv4: [SpecialAddressRange] = table([
        ("unspecified", "0.0.0.0/8", .notUnicast),
        ("loopback", "127.0.0.0/8", .internalNetwork),
        ("private", "10.0.0.0/8", .internalNetwork),
        ("private", "172.16.0.0/12", .internalNetwork),
        ("private", "192.168.0.0/16", .internalNetwork),
        ("carrier-grade NAT", "100.64.0.0/10", .internalNetwork),
        ("link-local", "169.254.0.0/16", .internalNetwork),
        ("multicast", "224.0.0.0/4", .notUnicast),
        ("broadcast", "255.255.255.255/32", .notUnicast),
        ("reserved", "240.0.0.0/4", .notUnicast),
    ])

    /// The IPv6 table. IPv4-mapped and NAT64 addresses are checked against ``ipv4`` through
    /// ``IPAddress/embeddedIPv4`` before this table is consulted.
    static let ipv6: [SpecialAddressRange] = table([
        ("unspecified", "::/128", .notUnicast),
        ("loopback", "::1/128", .internalNetwork),
        ("unique local (private)", "fc00::/7", .internalNetwork),
        ("link-local", "fe80::/10", .internalNetwork),
        ("site-local (deprecated)", "fec0::/10", .internalNetwork),
        ("multicast", "ff00::/8", .notUnicast),
    ])

    /// The special range `address` falls in, or nil for an ordinary public address.
    /// An IPv4-mapped or NAT64 address is judged by the IPv4 address inside it, and its name
    /// says so (`IPv4-mapped loopback (127.0.0.0/8)`).
    static func classify(_ address: IPAddress) -> SpecialAddressRange? {
        if let inner = address.embeddedIPv4 {
            guard let range = ipv4.first(where: { $0.range.contains(inner) }) else { return nil }
            let how = address.bytes[1] == 0x64 ? "NAT64-embedded" : "IPv4-mapped"
            return SpecialAddressRange(name: "\(how) \(range.name)", range: range.range, kind: range.kind)
        }
        return (address.isIPv4 ? ipv4 : ipv6).first { $0.range.contains(address) }
    }

    /// Builds a table from literals. An entry that does not parse would be left out, so the
    /// tests check an address inside every range is refused: a typo cannot silently open one.
    private static func table(_ entries: [(String, String, Kind)]) -> [SpecialAddressRange] {
        entries.compactMap { name, cidr, kind in
            IPAddressRange(cidr: cidr).map { SpecialAddressRange(name: name, range: $0, kind: kind) }
        }
    }
}
