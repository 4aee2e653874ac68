import BridgeCore

/// Why a callback URL was refused (`POST /validate-async` answers 400 with this text).
///
/// Each case carries what the operator or client needs to fix it: the offending part of the
/// URL, or the exact address the host resolved to and the range that address falls in.
public enum CallbackURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not an absolute `http://host[:port]/path?query` URL; `problem` says which part is wrong.
    case malformed(url: String, problem: String)
    /// The scheme is not `http` (`https` is refused with a note that TLS belongs to a proxy).
    case unsupportedScheme(url: String, scheme: String)
    /// The host name did not resolve (getaddrinfo's own message in `reason`).
    case unresolvable(host: String, reason: String)
    /// The host resolved to an address in a range callbacks may not reach.
    /// `range` names it, e.g. `loopback (127.0.0.0/8)`.
    case forbiddenAddress(host: String, address: String, range: String)
    /// An allow-list entry is neither a host name nor an IP address or CIDR block.
    case invalidAllowListEntry(entry: String, problem: String)

    public var description: String {
        switch self {
        case .malformed(let url, let problem):
            return "callback_url \"\(url)\" is not a valid http URL: \(problem)"
        case .unsupportedScheme(let url, let scheme) where scheme == "https":
            return "callback_url \"\(url)\" uses https; this server delivers callbacks over plain http only: "
                + "TLS belongs to a proxy in front of the receiver (give the proxy's http address)"
        case .unsupportedScheme(let url, let scheme):
            return "callback_url \"\(url)\" has scheme \"\(scheme)\"; only http is supported"
        case .unresolvable(let host, let reason):
            return "callback host \"\(host)\" does not resolve: \(reason)"
        case .forbiddenAddress(let host, let address, let range):
            let via = host == address ? "" : " (resolved from \"\(host)\")"
            return "callback address \(address)\(via) is \(range): callbacks may not reach it"
        case .invalidAllowListEntry(let entry, let problem):
            return "callback allow-list entry \"\(entry)\" is \(problem)"
        }
    }

    /// The error as the project's ``BridgeError``: always `INVALID_ARGUMENT` (HTTP 400), as the
    /// contract asks for refused callback URLs.
    public var bridgeError: BridgeError { BridgeError(.invalidArgument, description) }
}
