import BridgeCore

/// The reserved attributes that steer the test server (CONTRACT.md section 1), read and
/// checked once per request. A malformed value is the client's error (`INVALID_ARGUMENT`).
struct ReservedAttributes {
    var delayMilliseconds = 0
    var workIterations = 0
    var failWith: StatusCode?
    var responseBytes = 0
    var eventCount = 3
    var eventIntervalMilliseconds = 0

    init(_ attributes: [String: JSONValue], limits: ValidationServiceLimits) throws(BridgeError) {
        // One pass over the request's attributes, matching names, rather than six hashed
        // lookups: most requests carry none of these, and hashing was the server's top cost.
        for (name, value) in attributes where !value.isNull && Self.mayBeReserved(name) {
            switch name {
            case "delay_ms": delayMilliseconds = try Self.integer(value, name, max: limits.maxDelayMilliseconds)
            case "work_iterations": workIterations = try Self.integer(value, name, max: limits.maxWorkIterations)
            case "response_bytes": responseBytes = try Self.integer(value, name, max: limits.maxResponseBytes)
            case "event_count": eventCount = try Self.integer(value, name, max: limits.maxEventCount)
            case "event_interval_ms": eventIntervalMilliseconds = try Self.integer(value, name, max: limits.maxDelayMilliseconds)
            case "fail_with":
                guard let text = value.stringValue, let code = StatusCode(name: text), code != .ok else {
                    throw .invalidArgument("fail_with must be a gRPC status name such as UNAVAILABLE")
                }
                failWith = code
            default: continue
            }
        }
    }

    /// A cheap first look: the reserved names start with d, w, r, e or f (and are 8 to 17
    /// bytes long), so most attribute names are ruled out without a string comparison.
    private static func mayBeReserved(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard (8...17).contains(utf8.count), let first = utf8.first else { return false }
        switch first {
        case UInt8(ascii: "d"), UInt8(ascii: "w"), UInt8(ascii: "r"), UInt8(ascii: "e"), UInt8(ascii: "f"): return true
        default: return false
        }
    }

    private static func integer(_ value: JSONValue, _ name: String, max: Int) throws(BridgeError) -> Int {
        guard let number = value.intValue, number >= 0 else {
            throw .invalidArgument("\(name) must be a non-negative integer")
        }
        guard number <= max else { throw .invalidArgument("\(name) must be at most \(max)") }
        return number
    }
}

/// Upper bounds on what the reserved attributes may ask of the server.
public struct ValidationServiceLimits: Sendable {
    /// Largest `delay_ms` (default 5 minutes).
    public var maxDelayMilliseconds: Int
    /// Largest `work_iterations` (default 10 million SHA-256 rounds).
    public var maxWorkIterations: Int
    /// Largest `response_bytes` (default 8 MiB).
    public var maxResponseBytes: Int
    /// Largest `event_count` for WATCH (default 100,000).
    public var maxEventCount: Int

    /// Limits with every value defaulted; name the ones to change.
    public init(maxDelayMilliseconds: Int = 300_000, maxWorkIterations: Int = 10_000_000,
                maxResponseBytes: Int = 8 * 1024 * 1024, maxEventCount: Int = 100_000) {
        self.maxDelayMilliseconds = maxDelayMilliseconds
        self.maxWorkIterations = maxWorkIterations
        self.maxResponseBytes = maxResponseBytes
        self.maxEventCount = maxEventCount
    }

    /// The defaults above; a request over any of them gets `INVALID_ARGUMENT`.
    public static var defaults: ValidationServiceLimits { ValidationServiceLimits() }
}
