import Testing
import ValidationService

@Suite("Sliding-window rate limiter")
struct RateLimiterTests {
    /// A fixed origin; every test instant is an offset from it, so nothing sleeps.
    private static let t0 = ContinuousClock.now
    private static func at(_ milliseconds: Int) -> ContinuousClock.Instant { t0 + .milliseconds(milliseconds) }

    @Test func allowsUpToTheLimitThenLimits() {
        var limiter = SlidingWindowRateLimiter(limit: 3, window: .seconds(1))
        #expect(limiter.admit(client: "a", now: Self.at(0)) == .allowed)
        #expect(limiter.admit(client: "a", now: Self.at(100)) == .allowed)
        #expect(limiter.admit(client: "a", now: Self.at(200)) == .allowed)
        // The oldest counted request (t=0) leaves the window at t=1000.
        #expect(limiter.admit(client: "a", now: Self.at(300)) == .limited(retryAfter: .milliseconds(700)))
    }

    @Test func windowSlidesRatherThanResettingInBuckets() {
        var limiter = SlidingWindowRateLimiter(limit: 2, window: .seconds(1))
        #expect(limiter.admit(client: "a", now: Self.at(900)) == .allowed)
        #expect(limiter.admit(client: "a", now: Self.at(950)) == .allowed)
        // A fixed 1 s bucket would reset at t=1000; the sliding window still holds both.
        #expect(limiter.admit(client: "a", now: Self.at(1050)) == .limited(retryAfter: .milliseconds(850)))
        // Exactly one window after the first request, that request has left.
        #expect(limiter.admit(client: "a", now: Self.at(1900)) == .allowed)
        #expect(limiter.admit(client: "a", now: Self.at(1920)) == .limited(retryAfter: .milliseconds(30)))
        #expect(limiter.admit(client: "a", now: Self.at(1950)) == .allowed)
    }

    @Test func refusedRequestsAreNotCounted() {
        var limiter = SlidingWindowRateLimiter(limit: 1, window: .seconds(1))
        #expect(limiter.admit(client: "a", now: Self.at(0)) == .allowed)
        for ms in stride(from: 10, to: 1000, by: 10) {
            #expect(limiter.admit(client: "a", now: Self.at(ms)) == .limited(retryAfter: .milliseconds(1000 - ms)))
        }
        #expect(limiter.admit(client: "a", now: Self.at(1000)) == .allowed)
    }

    @Test func clientsAreCountedSeparately() {
        var limiter = SlidingWindowRateLimiter(limit: 1, window: .seconds(10))
        #expect(limiter.admit(client: "a", now: Self.at(0)) == .allowed)
        #expect(limiter.admit(client: "b", now: Self.at(0)) == .allowed)
        #expect(limiter.admit(client: "a", now: Self.at(1)) != .allowed)
        #expect(limiter.admit(client: "b", now: Self.at(1)) != .allowed)
        #expect(limiter.admit(client: "c", now: Self.at(1)) == .allowed)
    }

    @Test func ringBufferKeepsOrderAcrossManyWindows() {
        // Steady traffic at exactly the limit wraps the ring many times; every request fits.
        var limiter = SlidingWindowRateLimiter(limit: 4, window: .milliseconds(100))
        for ms in stride(from: 0, to: 5_000, by: 25) {
            #expect(limiter.admit(client: "steady", now: Self.at(ms)) == .allowed, "t=\(ms)")
        }
        // One more inside the last 25 ms is over the limit; it waits for the request at t=4900.
        #expect(limiter.admit(client: "steady", now: Self.at(4_990)) == .limited(retryAfter: .milliseconds(10)))
    }

    @Test func evictsTheLeastRecentlySeenClientBeyondMaxClients() {
        var limiter = SlidingWindowRateLimiter(limit: 1, window: .seconds(60), maxClients: 2)
        #expect(limiter.admit(client: "a", now: Self.at(0)) == .allowed)
        #expect(limiter.admit(client: "b", now: Self.at(1)) == .allowed)
        // Seeing "a" again (even refused) makes "b" the least recently seen.
        #expect(limiter.admit(client: "a", now: Self.at(2)) != .allowed)
        #expect(limiter.admit(client: "c", now: Self.at(3)) == .allowed)
        #expect(limiter.trackedClients == 2)
        // "a" is still remembered and limited; "b" was forgotten and starts afresh.
        #expect(limiter.admit(client: "a", now: Self.at(4)) != .allowed)
        #expect(limiter.admit(client: "b", now: Self.at(5)) == .allowed)
        #expect(limiter.trackedClients == 2)
        // That in turn evicted "c" (seen at 3, before "a" at 4).
        #expect(limiter.admit(client: "c", now: Self.at(6)) == .allowed)
        #expect(limiter.admit(client: "a", now: Self.at(7)) == .allowed)
    }

    @Test func memoryStaysBoundedUnderManyClients() {
        var limiter = SlidingWindowRateLimiter(limit: 5, window: .seconds(1), maxClients: 100)
        for n in 0..<10_000 { _ = limiter.admit(client: "client-\(n)", now: Self.at(n)) }
        #expect(limiter.trackedClients == 100)
        // The newest 100 are the ones remembered.
        #expect(limiter.admit(client: "client-9999", now: Self.at(10_000)) == .allowed)
        for _ in 0..<3 { _ = limiter.admit(client: "client-9999", now: Self.at(10_000)) }
        #expect(limiter.admit(client: "client-9999", now: Self.at(10_000)) != .allowed)
    }

    @Test func instantsGoingBackwardsDoNotReorderTheLog() {
        var limiter = SlidingWindowRateLimiter(limit: 2, window: .seconds(1))
        #expect(limiter.admit(client: "a", now: Self.at(500)) == .allowed)
        #expect(limiter.admit(client: "a", now: Self.at(400)) == .allowed)  // recorded as t=500
        #expect(limiter.admit(client: "a", now: Self.at(1_450)) == .limited(retryAfter: .milliseconds(50)))
        #expect(limiter.admit(client: "a", now: Self.at(1_500)) == .allowed)
    }

    @Test func retryAfterSecondsRoundsUp() {
        #expect(RateDecision.allowed.retryAfterSeconds == nil)
        #expect(RateDecision.limited(retryAfter: .milliseconds(1)).retryAfterSeconds == 1)
        #expect(RateDecision.limited(retryAfter: .milliseconds(1_000)).retryAfterSeconds == 1)
        #expect(RateDecision.limited(retryAfter: .milliseconds(1_001)).retryAfterSeconds == 2)
        #expect(RateDecision.limited(retryAfter: .zero).retryAfterSeconds == 1)
    }

    @Test func outOfRangeSettingsAreRaisedToTheirMinimum() {
        let limiter = SlidingWindowRateLimiter(limit: 0, window: .zero, maxClients: -3)
        #expect(limiter.limit == 1)
        #expect(limiter.window == .nanoseconds(1))
        #expect(limiter.maxClients == 1)
    }

    @Test(arguments: [
        ("100/1", 100, Duration.seconds(1)),
        ("5/0.5", 5, Duration.milliseconds(500)),
        ("1/60", 1, Duration.seconds(60)),
        ("10/0.1", 10, Duration.milliseconds(100)),
        ("3/0.000000001", 3, Duration.nanoseconds(1)),
        ("7/2.25", 7, Duration.milliseconds(2_250)),
    ])
    func parsesTheFlagForm(text: String, limit: Int, window: Duration) throws {
        let parsed = try SlidingWindowRateLimiter.parse(text)
        #expect(parsed.limit == limit)
        #expect(parsed.window == window)
    }

    @Test(arguments: [
        ("100", "expected one"),
        ("1/2/3", "expected one"),
        ("/1", "is not a whole number"),
        ("-1/1", "is not a whole number"),
        ("abc/1", "is not a whole number"),
        ("0/1", "at least 1"),
        ("5/", "not a decimal number"),
        ("5/-1", "not a decimal number"),
        ("5/.5", "not a decimal number"),
        ("5/1.", "not a decimal number"),
        ("5/1e3", "not a decimal number"),
        ("5/0", "longer than 0"),
        ("5/0.0", "longer than 0"),
        ("5/0.0000000001", "finer than a nanosecond"),
        ("5/99999999999", "too long"),
        ("99999999999999999999/1", "is not a whole number"),
    ])
    func refusesBadFlagValues(text: String, problem: String) {
        #expect {
            _ = try SlidingWindowRateLimiter.parse(text)
        } throws: { error in
            guard let error = error as? RateLimitSpecError else { return false }
            return error.text == text && error.problem.contains(problem)
                && error.description.hasPrefix("invalid rate limit \"\(text)\": ")
        }
    }
}
