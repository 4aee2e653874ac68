import Testing
import ValidationService

@Suite("Callback URL parsing")
struct CallbackURLTests {
    @Test(arguments: [
        ("http://example.com/hook", CallbackURL(host: "example.com", port: 80, path: "/hook")),
        ("HTTP://Example.COM:8080/a/b?x=1&y=2", CallbackURL(host: "example.com", port: 8080, path: "/a/b?x=1&y=2")),
        ("http://example.com", CallbackURL(host: "example.com", port: 80, path: "/")),
        ("http://example.com?q=1", CallbackURL(host: "example.com", port: 80, path: "/?q=1")),
        ("http://203.0.113.7:65535/", CallbackURL(host: "203.0.113.7", port: 65535, path: "/")),
        ("http://[2001:DB8::1]:9000/cb", CallbackURL(host: "2001:db8::1", port: 9000, path: "/cb")),
        ("http://[::ffff:127.0.0.1]/", CallbackURL(host: "::ffff:127.0.0.1", port: 80, path: "/")),
        ("http://my_host.internal.:81/%20x", CallbackURL(host: "my_host.internal.", port: 81, path: "/%20x")),
    ])
    func parsesAbsoluteHTTPURLs(text: String, expected: CallbackURL) throws {
        #expect(try CallbackURL(parsing: text) == expected)
    }

    @Test func authorityBracketsIPv6AndOmitsPort80() throws {
        #expect(try CallbackURL(parsing: "http://[::1]:8080/x").authority == "[::1]:8080")
        #expect(try CallbackURL(parsing: "http://example.com:80/x").authority == "example.com")
        #expect(try CallbackURL(parsing: "http://example.com:80/x").description == "http://example.com/x")
    }

    @Test(arguments: [
        ("example.com/hook", "not absolute"),
        ("/hook", "not absolute"),
        ("http://user:pw@example.com/", "user information"),
        ("http://example.com@10.0.0.1/", "user information"),
        ("http://example.com/a#frag", "fragments"),
        ("http:///path", "host is empty"),
        ("http://:8080/path", "host is empty"),
        ("http://[]/", "host is empty"),
        ("http://example.com:0/", "port \"0\""),
        ("http://example.com:65536/", "port \"65536\""),
        ("http://example.com:/", "port \"\""),
        ("http://example.com:80a/", "port \"80a\""),
        ("http://example.com:-1/", "port \"-1\""),
        ("http://example.com:+80/", "port \"+80\""),
        ("http://exa mple.com/", "spaces"),
        ("http://example.com/a b", "spaces"),
        ("http://example.com/\r\nX: y", "control"),
        ("http://exämple.com/", "non-ASCII"),
        ("http://example.com\\@evil/", "backslash"),
        ("http://[::1/", "no closing"),
        ("http://[::1]x/", "after the IPv6 address"),
        ("http://[fe80::1%25eth0]/", "zone identifiers"),
        ("http://[example.com]/", "not an IPv6 address"),
        ("http://ex%61mple.com/", "cannot have"),
    ])
    func refusesMalformedURLs(text: String, problem: String) {
        #expect {
            _ = try CallbackURL(parsing: text)
        } throws: { error in
            guard case .malformed(let url, let found)? = error as? CallbackURLError else { return false }
            return url == text && found.contains(problem)
        }
    }

    @Test func httpsIsRefusedWithTheProxyNote() {
        #expect(throws: CallbackURLError.unsupportedScheme(url: "https://example.com/", scheme: "https")) {
            _ = try CallbackURL(parsing: "https://example.com/")
        }
        let text = CallbackURLError.unsupportedScheme(url: "https://example.com/", scheme: "https").description
        #expect(text.contains("TLS belongs to a proxy"))
        #expect(throws: CallbackURLError.unsupportedScheme(url: "ftp://example.com/", scheme: "ftp")) {
            _ = try CallbackURL(parsing: "ftp://example.com/")
        }
    }
}

@Suite("Callback URL policy")
struct CallbackURLPolicyTests {
    /// Resolves only the names the test chooses: no DNS.
    private static let resolver = HostResolver.fixed([
        "public.example": ["203.0.113.10", "2001:db8::10"],
        "sneaky.example": ["203.0.113.11", "10.1.2.3"],
        "mapped.example": ["::ffff:192.168.1.1"],
        "internal.example": ["10.9.9.9"],
        "internal.example.": ["10.9.9.9"],
    ])

    private static func policy(allowPrivate: Bool = false, allowList: [String] = []) throws -> CallbackURLPolicy {
        try CallbackURLPolicy(allowPrivate: allowPrivate, allowList: allowList, resolver: resolver)
    }

    /// The range the refusal of `url` names, or nil when the URL is allowed.
    private static func refusal(_ url: String, _ policy: CallbackURLPolicy) throws -> (address: String, range: String)? {
        do {
            _ = try policy.check(url)
            return nil
        } catch {
            guard case .forbiddenAddress(_, let address, let range) = error else { throw error }
            return (address, range)
        }
    }

    @Test(arguments: [
        ("127.0.0.1", "loopback (127.0.0.0/8)"),
        ("127.255.255.254", "loopback (127.0.0.0/8)"),
        ("10.0.0.1", "private (10.0.0.0/8)"),
        ("172.16.0.1", "private (172.16.0.0/12)"),
        ("172.31.255.255", "private (172.16.0.0/12)"),
        ("192.168.0.1", "private (192.168.0.0/16)"),
        ("169.254.169.254", "link-local (169.254.0.0/16)"),
        ("100.64.0.1", "carrier-grade NAT (100.64.0.0/10)"),
        ("100.127.255.255", "carrier-grade NAT (100.64.0.0/10)"),
        ("0.0.0.0", "unspecified (0.0.0.0/8)"),
        ("0.1.2.3", "unspecified (0.0.0.0/8)"),
        ("224.0.0.1", "multicast (224.0.0.0/4)"),
        ("239.255.255.250", "multicast (224.0.0.0/4)"),
        ("255.255.255.255", "broadcast (255.255.255.255/32)"),
        ("240.0.0.1", "reserved (240.0.0.0/4)"),
        ("[::1]", "loopback (::1/128)"),
        ("[::]", "unspecified (::/128)"),
        ("[fc00::1]", "unique local (private) (fc00::/7)"),
        ("[fd12:3456::1]", "unique local (private) (fc00::/7)"),
        ("[fe80::1]", "link-local (fe80::/10)"),
        ("[febf::1]", "link-local (fe80::/10)"),
        ("[fec0::1]", "site-local (deprecated) (fec0::/10)"),
        ("[ff02::1]", "multicast (ff00::/8)"),
        ("[::ffff:127.0.0.1]", "IPv4-mapped loopback (127.0.0.0/8)"),
        ("[::ffff:7f00:1]", "IPv4-mapped loopback (127.0.0.0/8)"),
        ("[::ffff:10.0.0.1]", "IPv4-mapped private (10.0.0.0/8)"),
        ("[::ffff:169.254.169.254]", "IPv4-mapped link-local (169.254.0.0/16)"),
        ("[::ffff:0.0.0.0]", "IPv4-mapped unspecified (0.0.0.0/8)"),
        ("[::ffff:100.64.0.1]", "IPv4-mapped carrier-grade NAT (100.64.0.0/10)"),
        ("[::ffff:224.0.0.1]", "IPv4-mapped multicast (224.0.0.0/4)"),
        ("[::ffff:255.255.255.255]", "IPv4-mapped broadcast (255.255.255.255/32)"),
        ("[64:ff9b::127.0.0.1]", "NAT64-embedded loopback (127.0.0.0/8)"),
    ])
    func refusesSpecialAddresses(host: String, range: String) throws {
        let found = try Self.refusal("http://\(host):8080/cb", Self.policy())
        #expect(found?.range == range)
    }

    @Test(arguments: ["203.0.113.5", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.63.255.255", "100.128.0.0",
                      "169.253.255.255", "223.255.255.255", "[2001:db8::1]", "[2606:4700::1111]", "[::ffff:8.8.8.8]",
                      "[fbff::1]", "[64:ff9b::8.8.8.8]"])
    func allowsPublicAddresses(host: String) throws {
        let (url, resolved) = try Self.policy().check("http://\(host)/cb")
        #expect(url.path == "/cb")
        #expect(resolved.count == 1)
    }

    @Test func numericHostsAreReturnedInCanonicalForm() throws {
        let (_, resolved) = try Self.policy().check("http://[2001:0DB8:0000::0001]/")
        #expect(resolved == ["2001:db8::1"])
    }

    @Test func everyResolvedAddressIsChecked() throws {
        let (url, resolved) = try Self.policy().check("http://public.example:9000/x")
        #expect(url.host == "public.example")
        #expect(resolved == ["203.0.113.10", "2001:db8::10"])
        // One private address among public ones is enough to refuse the host.
        #expect(throws: CallbackURLError.forbiddenAddress(host: "sneaky.example", address: "10.1.2.3", range: "private (10.0.0.0/8)")) {
            _ = try Self.policy().check("http://sneaky.example/x")
        }
        #expect(throws: CallbackURLError.forbiddenAddress(host: "mapped.example", address: "::ffff:192.168.1.1",
                                                          range: "IPv4-mapped private (192.168.0.0/16)")) {
            _ = try Self.policy().check("http://mapped.example/x")
        }
    }

    @Test func refusalSaysWhichAddressAndWhy() {
        let error = CallbackURLError.forbiddenAddress(host: "sneaky.example", address: "10.1.2.3", range: "private (10.0.0.0/8)")
        #expect(error.description == "callback address 10.1.2.3 (resolved from \"sneaky.example\") is private (10.0.0.0/8): callbacks may not reach it")
        #expect(error.bridgeError.code.httpStatus == 400)
    }

    @Test func allowPrivateOpensInternalRangesOnly() throws {
        let policy = try Self.policy(allowPrivate: true)
        for host in ["127.0.0.1", "10.0.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1", "[::1]", "[fd00::1]",
                     "[fe80::1]", "[::ffff:127.0.0.1]"] {
            #expect(try Self.refusal("http://\(host)/", policy) == nil, "\(host)")
        }
        _ = try policy.check("http://sneaky.example/")
        // Not one unicast host: still refused.
        for host in ["0.0.0.0", "224.0.0.1", "255.255.255.255", "[::]", "[ff02::1]", "[::ffff:0.0.0.0]"] {
            #expect(try Self.refusal("http://\(host)/", policy) != nil, "\(host)")
        }
    }

    @Test func allowListOpensBlocksAddressesAndHosts() throws {
        let policy = try Self.policy(allowList: ["10.0.0.0/8", "::1/128", "192.168.7.7", " Internal.Example ", "224.0.0.251/32"])
        #expect(try Self.refusal("http://10.200.0.1/", policy) == nil)
        #expect(try Self.refusal("http://[::ffff:10.0.0.1]/", policy) == nil)  // mapped form of an allowed block
        #expect(try Self.refusal("http://[::1]/", policy) == nil)
        #expect(try Self.refusal("http://192.168.7.7/", policy) == nil)
        #expect(try Self.refusal("http://224.0.0.251/", policy) == nil)
        #expect(try Self.refusal("http://INTERNAL.example./", policy) == nil)
        #expect(try policy.check("http://internal.example/").resolved == ["10.9.9.9"])
        // Next to the allowed ones, still refused.
        #expect(try Self.refusal("http://192.168.7.8/", policy)?.range == "private (192.168.0.0/16)")
        #expect(try Self.refusal("http://127.0.0.1/", policy)?.range == "loopback (127.0.0.0/8)")
        #expect(try Self.refusal("http://11.0.0.1/", policy) == nil)  // public anyway
    }

    @Test(arguments: ["10.0.0.0/33", "::1/129", "10.0.0/8", "1.2.3", "10.0.0.0/", "10.0.0.0/8/1", "bad host!", "", "fe80::zz"])
    func refusesBadAllowListEntries(entry: String) {
        #expect {
            _ = try CallbackURLPolicy(allowList: [entry])
        } throws: { error in
            guard case .invalidAllowListEntry(let found, _)? = error as? CallbackURLError else { return false }
            return found == entry
        }
    }

    @Test func unresolvableHostsAreRefused() {
        #expect(throws: CallbackURLError.unresolvable(host: "nowhere.example", reason: "no such host in the fixed table")) {
            _ = try Self.policy().check("http://nowhere.example/")
        }
    }

    @Test func systemResolverResolvesLocalhostAndLegacyNumericForms() throws {
        // /etc/hosts maps localhost; the C library reads 2130706433 and 127.1 as 127.0.0.1.
        let policy = try CallbackURLPolicy()
        for host in ["localhost", "2130706433", "127.1", "0x7f000001"] {
            #expect {
                _ = try policy.check("http://\(host):8080/cb")
            } throws: { error in
                guard case .forbiddenAddress(let found, let address, let range)? = error as? CallbackURLError else { return false }
                return found == host && (address == "127.0.0.1" || address == "::1") && range.hasPrefix("loopback")
            }
        }
        let open = try CallbackURLPolicy(allowPrivate: true)
        let (url, resolved) = try open.check("http://localhost:8080/cb")
        #expect(url.port == 8080)
        #expect(resolved.contains("127.0.0.1") || resolved.contains("::1"))
        #expect(resolved.allSatisfy { $0 == "127.0.0.1" || $0 == "::1" })
    }
}
