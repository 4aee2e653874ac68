/// What ``SlidingWindowRateLimiter/admit(client:now:)`` decided for one request.
public enum RateDecision: Sendable, Equatable {
    /// The request is within the limit and has been counted.
    case allowed
    /// The client has used its whole window; `retryAfter` is how long until its oldest counted
    /// request leaves the window and a slot frees up. HTTP's `Retry-After` is this rounded up
    /// to whole seconds (``retryAfterSeconds``), so a client that waits that long gets in.
    case limited(retryAfter: Duration)

    /// `Retry-After` in whole seconds, rounded up (never 0 for a limited request: `0` would
    /// invite an immediate retry that is refused again). Nil when allowed.
    public var retryAfterSeconds: Int? {
        guard case .limited(let retryAfter) = self else { return nil }
        let (seconds, attoseconds) = retryAfter.components
        let whole = attoseconds > 0 ? seconds + 1 : seconds
        return Int(max(1, whole))
    }
}

/// A per-client rate limit over a true sliding window (`--rate-limit N/SECONDS`):
/// at most `limit` requests in any span of `window`, not merely per fixed calendar bucket.
///
/// It keeps a *sliding log*: the instants of each client's counted requests, in a ring buffer
/// of at most `limit` entries. This is exact (the two-bucket approximation can admit up to
/// twice the limit at a bucket edge or refuse early) and gives `retryAfter` directly: the
/// oldest instant plus the window. The price is memory proportional to `limit` per client;
/// it is bounded by `maxClients × limit` instants (16 bytes each: 100/1 with 10 000 clients is
/// at most 16 MB), a client's buffer grows only as it actually sends, and it is released once
/// all its instants have left the window.
///
/// Clients are kept in least-recently-seen order (an intrusive doubly linked list over the
/// slot array, O(1) per request). A new client beyond `maxClients` takes the slot of the one
/// seen longest ago, which forgets that client's history: the bound on memory is worth
/// more than remembering a client that has been quiet longest (and with a sensible
/// `maxClients`, it has usually been quiet for longer than the window anyway).
///
/// A value type with `mutating` methods: the server keeps one behind a `Mutex`, and tests
/// drive it with instants they construct, so no test sleeps.
public struct SlidingWindowRateLimiter: Sendable {
    /// Requests allowed per window (at least 1).
    public let limit: Int
    /// The span the limit applies to (positive).
    public let window: Duration
    /// How many clients are remembered at most (at least 1).
    public let maxClients: Int

    private var slots: [Slot] = []
    private var slotByClient: [String: Int] = [:]
    /// The most and least recently seen slots: the two ends of the recency list.
    private var newest: Int?
    private var oldest: Int?

    /// A limiter allowing `limit` requests per `window` per client, remembering `maxClients` clients.
    /// Values out of range are raised to their minimum (limit 1, window 1 ns, 1 client) rather
    /// than trapping; ``parse(_:)`` is where text from a flag is validated, with a clear error.
    public init(limit: Int, window: Duration, maxClients: Int = 10_000) {
        self.limit = max(1, limit)
        self.window = max(.nanoseconds(1), window)
        self.maxClients = max(1, maxClients)
    }

    /// The number of clients currently remembered (at most `maxClients`).
    public var trackedClients: Int { slotByClient.count }

    /// Decides on one request from `client` arriving at `now`, counting it when allowed.
    /// A refused request is not counted, so a client hammering while limited does not push
    /// its own retry time further out.
    ///
    /// Instants should not go backwards for one client; if they do (callers reading the clock
    /// before taking the lock that guards the limiter), the instant is recorded as the latest
    /// one seen, which keeps the log ordered and errs towards limiting.
    public mutating func admit(client: String, now: ContinuousClock.Instant) -> RateDecision {
        let slot = slotFor(client)
        slots[slot].log.dropEntries(notAfter: now - window)
        if slots[slot].log.count < limit {
            slots[slot].log.append(max(now, slots[slot].log.newest ?? now))
            return .allowed
        }
        // The log is full, so it is not empty.
        let oldestCounted = slots[slot].log.oldest ?? now
        return .limited(retryAfter: oldestCounted + window - now)
    }

    // MARK: - Parsing the flag

    /// Parses `N/SECONDS` (`--rate-limit 100/1`, `5/0.5`): a positive request count and a
    /// positive window in decimal seconds, to nanosecond precision.
    public static func parse(_ text: String) throws(RateLimitSpecError) -> (limit: Int, window: Duration) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw RateLimitSpecError(text, "expected one \"/\" between the count and the seconds") }
        guard isDigits(parts[0]), let limit = Int(parts[0]) else {
            throw RateLimitSpecError(text, "request count \"\(parts[0])\" is not a whole number")
        }
        guard limit > 0 else { throw RateLimitSpecError(text, "request count must be at least 1") }
        let nanoseconds = try windowNanoseconds(parts[1], in: text)
        guard nanoseconds > 0 else { throw RateLimitSpecError(text, "window must be longer than 0 seconds") }
        return (limit, .nanoseconds(nanoseconds))
    }

    /// `SECONDS` as nanoseconds, read digit by digit so `0.1` is exactly 100 ms (a `Double`
    /// would not be) and overflow is reported instead of trapping.
    private static func windowNanoseconds(_ seconds: Substring, in text: String) throws(RateLimitSpecError) -> Int64 {
        let pieces = seconds.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count <= 2, isDigits(pieces[0]), pieces.count == 1 || isDigits(pieces[1]) else {
            throw RateLimitSpecError(text, "window \"\(seconds)\" is not a decimal number of seconds")
        }
        let fraction = pieces.count == 2 ? pieces[1] : ""
        guard fraction.count <= 9 else { throw RateLimitSpecError(text, "window is finer than a nanosecond") }
        var total: Int64 = 0
        let digits = Array(pieces[0].utf8) + Array(fraction.utf8) + Array(repeating: UInt8(ascii: "0"), count: 9 - fraction.count)
        for byte in digits {
            let (shifted, overflowA) = total.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { throw RateLimitSpecError(text, "window is too long") }
            total = sum
        }
        return total
    }

    private static func isDigits(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    // MARK: - Client slots in recency order

    /// One remembered client: its request log and its neighbours in the recency list.
    private struct Slot: Sendable {
        var client: String
        var log = RequestTimeLog()
        /// The slot seen just before this one (towards `oldest`) and just after (towards `newest`).
        var older: Int?
        var newer: Int?
    }

    /// The slot for `client`, made the most recently seen: an existing one, a new one, or the
    /// least recently seen slot taken over when `maxClients` are already remembered.
    private mutating func slotFor(_ client: String) -> Int {
        if let slot = slotByClient[client] {
            unlink(slot)
            linkAsNewest(slot)
            return slot
        }
        let slot: Int
        if slotByClient.count >= maxClients, let evicted = oldest {
            unlink(evicted)
            slotByClient.removeValue(forKey: slots[evicted].client)
            slots[evicted] = Slot(client: client)
            slot = evicted
        } else {
            slots.append(Slot(client: client))
            slot = slots.count - 1
        }
        slotByClient[client] = slot
        linkAsNewest(slot)
        return slot
    }

    private mutating func unlink(_ slot: Int) {
        let (older, newer) = (slots[slot].older, slots[slot].newer)
        if let older { slots[older].newer = newer } else { oldest = newer }
        if let newer { slots[newer].older = older } else { newest = older }
        slots[slot].older = nil
        slots[slot].newer = nil
    }

    private mutating func linkAsNewest(_ slot: Int) {
        slots[slot].older = newest
        slots[slot].newer = nil
        if let newest { slots[newest].newer = slot } else { oldest = slot }
        newest = slot
    }
}

/// The instants of one client's counted requests, oldest first, in a ring buffer that grows
/// to at most the limit and is released when it empties (an idle client costs no buffer).
private struct RequestTimeLog: Sendable {
    private var times: [ContinuousClock.Instant] = []
    private var start = 0
    private(set) var count = 0

    var oldest: ContinuousClock.Instant? { count > 0 ? times[start] : nil }
    var newest: ContinuousClock.Instant? { count > 0 ? times[(start + count - 1) % times.count] : nil }

    /// Forgets the requests made at or before `cutoff` (those have left the window).
    mutating func dropEntries(notAfter cutoff: ContinuousClock.Instant) {
        while count > 0, times[start] <= cutoff {
            start = (start + 1) % times.count
            count -= 1
        }
        if count == 0 {
            times = []
            start = 0
        }
    }

    /// Records a request at `instant` (not before ``newest``).
    mutating func append(_ instant: ContinuousClock.Instant) {
        if count < times.count {
            times[(start + count) % times.count] = instant
        } else {
            // Full: straighten the ring so the new entry can go at the end of the array.
            if start != 0 { times = Array(times[start...] + times[..<start]) }
            start = 0
            times.append(instant)
        }
        count += 1
    }
}
