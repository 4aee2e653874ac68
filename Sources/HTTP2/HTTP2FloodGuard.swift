/// How many of the frames that cost us work but carry no request a peer may send: streams it
/// resets (the "rapid reset" attack, CVE-2023-44487) or that we must refuse, PINGs and
/// SETTINGS we must acknowledge. Each kind is a token bucket: a burst, then a sustained rate.
/// A peer over any of them gets GOAWAY(ENHANCE_YOUR_CALM).
///
/// The defaults leave well-behaved clients far below the limits (grpcio's keepalive and
/// BDP pings, a client cancelling calls) while an attacker's millions of frames per second
/// end the connection within a fraction of a second.
public struct HTTP2FloodLimits: Sendable, Equatable {
    /// One token bucket: `burst` frames at once, refilled at `perSecond`.
    public struct Rate: Sendable, Equatable {
        /// Frames allowed at once, with a full bucket.
        public var burst: Int
        /// Frames per second the bucket refills by: the sustained rate.
        public var perSecond: Int

        /// A bucket holding `burst` tokens and refilling `perSecond` per second.
        public init(burst: Int, perSecond: Int) {
            self.burst = burst
            self.perSecond = perSecond
        }

        /// `perSecond` sustained with a burst of four seconds' worth (what the server flags set).
        public static func perSecond(_ rate: Int) -> Rate { Rate(burst: 4 * rate, perSecond: rate) }
    }

    /// RST_STREAMs from the peer on open streams, plus streams refused over the concurrency limit.
    public var resets: Rate
    /// PINGs the peer may send (each costs us an ACK).
    public var pings: Rate
    /// SETTINGS frames the peer may send (each costs us an ACK and re-configuration).
    public var settings: Rate

    /// Limits for each kind of frame.
    public init(resets: Rate, pings: Rate, settings: Rate) {
        self.resets = resets
        self.pings = pings
        self.settings = settings
    }

    /// 50 resets and 50 PINGs per second, 10 SETTINGS per second, each with four seconds of burst.
    public static let defaults = HTTP2FloodLimits(resets: .perSecond(50), pings: .perSecond(50), settings: .perSecond(10))
}

/// The buckets of ``HTTP2FloodLimits`` for one connection. Pure: time comes in as an argument.
struct HTTP2FloodGuard: Sendable {
    enum Kind: String, Sendable { case reset = "RST_STREAM", ping = "PING", settings = "SETTINGS" }

    private var resets: TokenBucket
    private var pings: TokenBucket
    private var settings: TokenBucket
    let limits: HTTP2FloodLimits

    init(limits: HTTP2FloodLimits) {
        self.limits = limits
        resets = TokenBucket(limits.resets)
        pings = TokenBucket(limits.pings)
        settings = TokenBucket(limits.settings)
    }

    /// Takes one token of `kind`; false when the peer is over its limit.
    mutating func allow(_ kind: Kind, at now: ContinuousClock.Instant) -> Bool {
        switch kind {
        case .reset: resets.take(at: now)
        case .ping: pings.take(at: now)
        case .settings: settings.take(at: now)
        }
    }

    func describe(_ kind: Kind) -> String {
        let rate: HTTP2FloodLimits.Rate
        switch kind {
        case .reset: rate = limits.resets
        case .ping: rate = limits.pings
        case .settings: rate = limits.settings
        }
        return "\(kind.rawValue) flood: more than \(rate.burst) at once or \(rate.perSecond) per second"
    }
}

/// A token bucket: starts full at `burst`, refills at `perSecond`.
struct TokenBucket: Sendable {
    private let capacity: Double
    private let refillPerSecond: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant?

    init(_ rate: HTTP2FloodLimits.Rate) {
        capacity = Double(max(rate.burst, 1))
        refillPerSecond = Double(max(rate.perSecond, 0))
        tokens = capacity
    }

    mutating func take(at now: ContinuousClock.Instant) -> Bool {
        if let previous = last {
            if now > previous {
                let elapsed = now - previous
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                tokens = min(capacity, tokens + seconds * refillPerSecond)
                last = now
            }
        } else {
            last = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
