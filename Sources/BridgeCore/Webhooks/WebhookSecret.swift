/// The key a webhook sender and receiver share (CONTRACT.md section 2, Standard Webhooks).
///
/// Standard Webhooks writes secrets as `whsec_` followed by the base64 of random key bytes;
/// the HMAC must be keyed with those *decoded* bytes, or signatures from other
/// implementations will not match. Operators also pass plain passphrases
/// (`--webhook-secret hunter2`), which key the HMAC with their UTF-8 bytes.
/// Parsing once, here, keeps that rule in one place.
public struct WebhookSecret: Sendable, Equatable {
    /// The prefix that marks a base64-encoded Standard Webhooks secret.
    public static let encodedPrefix = "whsec_"

    /// The bytes that key the HMAC.
    public let key: [UInt8]

    /// Parses `text`: `whsec_<base64>` keys the HMAC with the decoded bytes, anything else
    /// with its UTF-8 bytes.
    /// - Throws: ``WebhookSecretError`` when the secret is empty, or when it carries the
    ///   `whsec_` prefix but what follows is not base64 of at least one byte (a typo there
    ///   would otherwise silently sign with the wrong key).
    public init(_ text: String) throws(WebhookSecretError) {
        guard !text.isEmpty else { throw .empty }
        if text.hasPrefix(Self.encodedPrefix) {
            let encoded = text.dropFirst(Self.encodedPrefix.count)
            guard let decoded = Base64.decode(encoded) else { throw .invalidBase64 }
            guard !decoded.isEmpty else { throw .empty }
            key = decoded
        } else {
            key = Array(text.utf8)
        }
    }
}

/// Why a webhook secret could not be used. The secret itself is never repeated in the
/// message: it would end up in logs.
public enum WebhookSecretError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The secret (or the part after `whsec_`) is empty: an empty HMAC key signs nothing.
    case empty
    /// The secret starts with `whsec_` but the rest is not valid base64.
    case invalidBase64

    public var description: String {
        switch self {
        case .empty:
            return "webhook secret is empty"
        case .invalidBase64:
            return "webhook secret starts with \"whsec_\" but the rest is not valid base64"
        }
    }
}
