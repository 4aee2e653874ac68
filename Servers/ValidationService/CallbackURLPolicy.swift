/// Decides whether the server may POST an async answer to a callback URL (CONTRACT.md section 2).
///
/// The URL comes from the client, so the server must not become a way to reach its own
/// loopback interface, the private network behind it or cloud metadata endpoints
/// (169.254.169.254): server-side request forgery. The host is resolved and *every* address it
/// resolves to is checked, since a connection may use any of them; the delivery client must
/// then connect to one of the returned `resolved` addresses rather than resolve the name
/// again, or a DNS answer that changes between check and use (DNS rebinding) would bypass it.
///
/// Refused, unless opened: loopback, private, link-local, carrier-grade NAT and unique-local
/// addresses (opened by `allowPrivate`, i.e. `--allow-private-callbacks`); unspecified,
/// multicast, broadcast and reserved addresses (not one host; only the allow-list opens
/// them); and the IPv4-mapped / NAT64 IPv6 forms of all the IPv4 ranges. The allow-list
/// holds host names (matched against the URL's host, case-insensitively; such a host is
/// trusted whatever it resolves to) and CIDR blocks or single addresses (matched against each
/// resolved address).
public struct CallbackURLPolicy: Sendable {
    /// Whether loopback, private, link-local and CGNAT destinations are allowed.
    public let allowPrivate: Bool
    /// The allow-list as given: host names, CIDR blocks (`10.0.0.0/8`, `::1/128`) or addresses.
    public let allowList: [String]

    private let allowedHosts: Set<String>
    private let allowedRanges: [IPAddressRange]
    private let resolver: HostResolver

    /// A policy; the allow-list is validated here so a typo (`10.0.0.0/33`) is reported at
    /// start-up instead of silently allowing nothing.
    /// - Throws: ``CallbackURLError/invalidAllowListEntry(entry:problem:)``.
    public init(allowPrivate: Bool = false, allowList: [String] = [], resolver: HostResolver = .system) throws(CallbackURLError) {
        var hosts: Set<String> = []
        var ranges: [IPAddressRange] = []
        for entry in allowList {
            let trimmed = entry.trimmingWhitespace()
            if let range = IPAddressRange(cidr: trimmed) {
                ranges.append(range)
            } else if trimmed.contains("/") || trimmed.contains(":") || trimmed.allSatisfy({ $0.isNumber || $0 == "." }) {
                throw .invalidAllowListEntry(entry: entry, problem: "not a valid IP address or CIDR block")
            } else if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }) {
                hosts.insert(Self.normalizedHost(trimmed))
            } else {
                throw .invalidAllowListEntry(entry: entry, problem: "not a host name, IP address or CIDR block")
            }
        }
        self.allowPrivate = allowPrivate
        self.allowList = allowList
        self.allowedHosts = hosts
        self.allowedRanges = ranges
        self.resolver = resolver
    }

    /// Parses `url`, resolves its host and checks every address.
    /// - Returns: the parsed URL and the numeric addresses it resolved to, all of them allowed,
    ///   in the resolver's order (connect to these, not to the name).
    /// - Throws: ``CallbackURLError``, naming the part of the URL or the address at fault.
    public func check(_ url: String) throws(CallbackURLError) -> (CallbackURL, resolved: [String]) {
        let parsed = try CallbackURL(parsing: url)
        let addresses: [IPAddress]
        if let literal = IPAddress(numeric: parsed.host) {
            addresses = [literal]  // a numeric host needs no DNS
        } else {
            addresses = try resolver.resolve(parsed.host).map { (text: String) throws(CallbackURLError) -> IPAddress in
                guard let address = IPAddress(numeric: text) else {
                    throw .unresolvable(host: parsed.host, reason: "resolver returned \"\(text)\", not a numeric address")
                }
                return address
            }
            guard !addresses.isEmpty else { throw .unresolvable(host: parsed.host, reason: "no addresses") }
        }

        if !allowedHosts.contains(Self.normalizedHost(parsed.host)) {
            for address in addresses { try check(address, host: parsed.host) }
        }
        return (parsed, addresses.map(\.description))
    }

    /// Refuses `address` when it lies in a special range that neither `allowPrivate` nor an
    /// allow-listed block opens.
    private func check(_ address: IPAddress, host: String) throws(CallbackURLError) {
        if allowedRanges.contains(where: { $0.contains(address) || address.embeddedIPv4.map($0.contains) == true }) { return }
        guard let special = SpecialAddressRange.classify(address) else { return }
        if allowPrivate && special.kind == .internalNetwork { return }
        throw .forbiddenAddress(host: host, address: address.description, range: special.label)
    }

    /// Host names compare lowercased and without the trailing dot of a fully qualified name.
    private static func normalizedHost(_ host: String) -> String {
        let lowered = host.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
