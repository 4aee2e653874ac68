/// Why an incoming webhook was refused (Standard Webhooks verification).
///
/// Each case names the header or value at fault so that a receiver's log says what to fix;
/// none repeats the expected signature, which would hand a forger the answer.
public enum WebhookVerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A required header (`webhook-id`, `webhook-timestamp` or `webhook-signature`) is absent or empty.
    case missingHeader(String)
    /// `webhook-timestamp` is not a decimal integer of Unix seconds.
    case invalidTimestamp(String)
    /// The timestamp is further in the past than the tolerance allows: a possible replay.
    case timestampTooOld(timestamp: Int64, now: Int64, tolerance: Int64)
    /// The timestamp is further in the future than the tolerance allows.
    case timestampTooNew(timestamp: Int64, now: Int64, tolerance: Int64)
    /// No `v1,` entry of `webhook-signature` matches the body under the secret.
    case noMatchingSignature

    public var description: String {
        switch self {
        case .missingHeader(let name):
            return "webhook header \(name) is missing"
        case .invalidTimestamp(let text):
            return "webhook-timestamp \"\(text)\" is not an integer number of Unix seconds"
        case .timestampTooOld(let timestamp, let now, let tolerance):
            return "webhook-timestamp \(timestamp) is \(now &- timestamp) s old, more than the \(tolerance) s tolerance"
        case .timestampTooNew(let timestamp, let now, let tolerance):
            return "webhook-timestamp \(timestamp) is \(timestamp &- now) s in the future, more than the \(tolerance) s tolerance"
        case .noMatchingSignature:
            return "no v1 signature in webhook-signature matches the body"
        }
    }
}
