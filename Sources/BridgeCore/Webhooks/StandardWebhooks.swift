/// Signing and verifying webhooks per the Standard Webhooks spec (CONTRACT.md section 2).
///
/// The signed content is `"<webhook-id>.<webhook-timestamp>.<body>"`: binding the id stops a
/// captured signature from being replayed under another message id, binding the timestamp lets
/// receivers refuse old deliveries (the tolerance check) without keeping a list of seen ids
/// forever. The signature header may hold several space-separated `v1,<base64>` entries so a
/// sender can sign with an old and a new secret while rotating keys; a receiver accepts any
/// entry that matches.
public enum StandardWebhooks {
    /// The header names, lowercase as the spec writes them (HTTP header names are case-insensitive).
    public static let idHeader = "webhook-id"
    /// Unix seconds when the delivery was signed; receivers refuse it when too far from now.
    public static let timestampHeader = "webhook-timestamp"
    /// One or more space-separated `v1,<base64 HMAC-SHA256>` signatures.
    public static let signatureHeader = "webhook-signature"

    /// The only signature version the spec defines for symmetric keys: HMAC-SHA256.
    private static let versionPrefix = "v1,"

    /// `v1,<base64 of HMAC-SHA256(secret, "id.timestamp.body")>`.
    public static func signature(secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8]) -> String {
        versionPrefix + Base64.encode(mac(secret: secret, id: id, timestamp: String(timestamp), body: body))
    }

    /// The three headers a signed delivery carries, in the order the spec lists them.
    /// Send the same `id` on every retry of one message so receivers can deduplicate.
    public static func headers(secret: WebhookSecret, id: String, timestamp: Int64, body: [UInt8]) -> [(String, String)] {
        [
            (idHeader, id),
            (timestampHeader, String(timestamp)),
            (signatureHeader, signature(secret: secret, id: id, timestamp: timestamp, body: body)),
        ]
    }

    /// Checks an incoming webhook: all three headers present, the timestamp within `tolerance`
    /// seconds of `now` either way, and at least one `v1,` entry of the signature header equal
    /// (in constant time) to the MAC of the body.
    ///
    /// `now` is passed in rather than read from the clock so callers and tests control time.
    /// The timestamp is checked before the signature, as the spec's reference libraries do;
    /// the MAC of the message as received is what is compared, with the timestamp text exactly
    /// as sent (so `"0123"` must have been signed as `"0123"`).
    public static func verify(secret: WebhookSecret, id: String?, timestamp: String?, signatureHeader header: String?,
                              body: [UInt8], now: Int64, tolerance: Int64 = 300) throws(WebhookVerificationError) {
        guard let id, !id.isEmpty else { throw .missingHeader(idHeader) }
        guard let timestamp, !timestamp.isEmpty else { throw .missingHeader(timestampHeader) }
        guard let header, !header.isEmpty else { throw .missingHeader(signatureHeader) }

        guard let seconds = parseTimestamp(timestamp) else { throw .invalidTimestamp(timestamp) }
        // Differences are computed with overflow reported: a hostile timestamp near Int64.min
        // or .max must be refused, not trap.
        if seconds <= now {
            let (age, overflow) = now.subtractingReportingOverflow(seconds)
            if overflow || age > tolerance { throw .timestampTooOld(timestamp: seconds, now: now, tolerance: tolerance) }
        } else {
            let (ahead, overflow) = seconds.subtractingReportingOverflow(now)
            if overflow || ahead > tolerance { throw .timestampTooNew(timestamp: seconds, now: now, tolerance: tolerance) }
        }

        let expected = mac(secret: secret, id: id, timestamp: timestamp, body: body)
        var matched = false
        // Every entry is compared (no early exit) so the time taken does not reveal which matched.
        for entry in header.split(separator: " ", omittingEmptySubsequences: true) {
            guard entry.hasPrefix(versionPrefix) else { continue }  // other versions (v1a: asymmetric) are not ours
            guard let candidate = Base64.decode(entry.dropFirst(versionPrefix.count)) else { continue }
            if HMAC.constantTimeEquals(candidate, expected) { matched = true }
        }
        guard matched else { throw .noMatchingSignature }
    }

    /// HMAC-SHA256 over `id.timestamp.body`, the content the spec signs.
    private static func mac(secret: WebhookSecret, id: String, timestamp: String, body: [UInt8]) -> [UInt8] {
        var content: [UInt8] = []
        content.reserveCapacity(id.utf8.count + timestamp.utf8.count + body.count + 2)
        content.append(contentsOf: id.utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: timestamp.utf8)
        content.append(UInt8(ascii: "."))
        content.append(contentsOf: body)
        return HMAC.sha256(key: secret.key, message: content)
    }

    /// Decimal digits with an optional leading minus; `Int64(_:)` alone would also take a `+`.
    private static func parseTimestamp(_ text: String) -> Int64? {
        let digits = text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int64(text)
    }
}
