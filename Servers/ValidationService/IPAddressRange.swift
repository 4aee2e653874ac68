/// A CIDR block (`10.0.0.0/8`, `fe80::/10`) and whether an address falls in it.
struct IPAddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The network address (bits past the prefix are ignored when matching).
    let network: IPAddress
    /// How many leading bits must match: 0...32 for IPv4, 0...128 for IPv6.
    let prefixLength: Int

    init(network: IPAddress, prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// Parses `address/prefix`, or a bare address as a single-address block (/32 or /128).
    /// Nil when the address or the prefix length is not valid for the family.
    init?(cidr text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let network = IPAddress(numeric: String(parts[0])) else { return nil }
        let maximum = network.bytes.count * 8
        var prefix = maximum
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && $0.isWholeNumber }),
                  let number = Int(parts[1]), number <= maximum else { return nil }
            prefix = number
        }
        self.init(network: network, prefixLength: prefix)
    }

    /// True when `address` is of the same family and its first `prefixLength` bits equal the network's.
    func contains(_ address: IPAddress) -> Bool {
        guard address.bytes.count == network.bytes.count else { return false }
        var remaining = prefixLength
        for index in network.bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address.bytes[index] & mask != network.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    var description: String { "\(network)/\(prefixLength)" }
}
