/// An absolute `http://host[:port]/path?query` callback URL, split into what the delivery
/// client needs: where to connect and what to put in the request line.
///
/// Parsing is deliberately narrow. Anything that would make the URL mean different things to
/// different parsers (userinfo `user@host`, backslashes, whitespace, fragments, IPv6 zone ids,
/// percent-encoded hosts) is refused: the host checked by ``CallbackURLPolicy`` must be the
/// host the delivery connects to.
public struct CallbackURL: Sendable, Equatable, CustomStringConvertible {
    /// Always `http`: TLS is terminated by a proxy in front of the receiver.
    public var scheme: String
    /// The host, lowercased: a name, an IPv4 literal, or an IPv6 literal without brackets.
    public var host: String
    /// The port (80 when the URL gives none).
    public var port: Int
    /// The request target: the path and query, `/` when the URL has neither.
    public var path: String

    /// A URL from its parts (``init(parsing:)`` is the checked way to get one from text).
    public init(scheme: String = "http", host: String, port: Int = 80, path: String = "/") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
    }

    /// The `Host` header value: the host (bracketed when IPv6), and the port unless it is 80.
    public var authority: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? bracketed : "\(bracketed):\(port)"
    }

    public var description: String { "\(scheme)://\(authority)\(path)" }

    /// Parses `text`; the error says which part is wrong.
    public init(parsing text: String) throws(CallbackURLError) {
        func malformed(_ problem: String) -> CallbackURLError { .malformed(url: text, problem: problem) }

        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw malformed("it contains spaces, control or non-ASCII characters (percent-encode them)")
        }
        guard !text.contains("\\") else { throw malformed("it contains a backslash") }
        guard let schemeEnd = text.range(of: "://") else { throw malformed("it is not absolute (expected http://host/path)") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" else { throw .unsupportedScheme(url: text, scheme: scheme) }
        guard !text.contains("#") else { throw malformed("fragments (#...) are not sent to servers and are not allowed") }

        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let target = rest[authorityEnd...]
        guard !authority.contains("@") else { throw malformed("user information (user@host) is not allowed") }

        let hostText: Substring
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw malformed("IPv6 address has no closing \"]\"") }
            hostText = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if afterHost.isEmpty {
                portText = nil
            } else if afterHost.hasPrefix(":") {
                portText = afterHost.dropFirst()
            } else {
                throw malformed("unexpected \"\(afterHost)\" after the IPv6 address")
            }
            guard !hostText.isEmpty else { throw malformed("the host is empty") }
            guard !hostText.contains("%") else { throw malformed("IPv6 zone identifiers are not allowed") }
            guard hostText.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }), hostText.contains(":") else {
                throw malformed("\"[\(hostText)]\" is not an IPv6 address")
            }
        } else {
            let colon = authority.firstIndex(of: ":")
            hostText = authority[..<(colon ?? authority.endIndex)]
            portText = colon.map { authority[authority.index(after: $0)...] }
            guard !hostText.isEmpty else { throw malformed("the host is empty") }
            guard hostText.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
                throw malformed("host \"\(hostText)\" has characters a host name cannot have")
            }
        }

        var port = 80
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
                  let number = Int(portText), (1...65535).contains(number) else {
                throw malformed("port \"\(portText)\" is not a number from 1 to 65535")
            }
            port = number
        }

        var path = String(target)
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        self.init(scheme: scheme, host: hostText.lowercased(), port: port, path: path)
    }
}

extension Character {
    /// `0`...`9` only: `isNumber` also accepts other scripts' digits and fractions.
    fileprivate var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
