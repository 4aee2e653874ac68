import Testing
@testable import BridgeIO

@Suite("TimerQueue")
struct TimerQueueTests {
    @Test("pops due timers earliest first and leaves the rest")
    func ordering() {
        var queue = TimerQueue()
        var fired: [Int] = []
        for deadline in [50, 10, 40, 20, 30] {
            _ = queue.schedule(at: UInt64(deadline)) { fired.append(deadline) }
        }
        #expect(queue.earliestDeadline() == 10)
        for action in queue.popDue(now: 35) { action() }
        #expect(fired == [10, 20, 30])
        #expect(queue.earliestDeadline() == 40)
        #expect(queue.count == 2)
    }

    @Test("a cancelled timer never fires and no longer bounds the wait")
    func cancellation() {
        var queue = TimerQueue()
        var fired = false
        let early = queue.schedule(at: 5) { fired = true }
        _ = queue.schedule(at: 100) {}
        let first = queue.cancel(early)
        let second = queue.cancel(early)
        #expect(first)
        #expect(!second)
        #expect(queue.earliestDeadline() == 100)
        for action in queue.popDue(now: 50) { action() }
        #expect(!fired)
    }
}

@Suite("SocketAddress")
struct SocketAddressTests {
    @Test("parses and prints the contract's spellings", arguments: [
        ("127.0.0.1:9001", "127.0.0.1:9001"), ("[::1]:80", "[::1]:80"), ("unix:/tmp/x.sock", "unix:/tmp/x.sock"),
        ("localhost:7", "127.0.0.1:7"),
    ])
    func parses(text: String, printed: String) throws {
        #expect(try SocketAddress(parsing: text).description == printed)
    }

    @Test("rejects malformed addresses", arguments: ["127.0.0.1", "127.0.0.1:99999", "unix:", "host:port", "[::1]"])
    func rejects(text: String) {
        #expect(throws: IOError.self) { try SocketAddress(parsing: text) }
    }
}

@Suite("Duration to nanoseconds")
struct DurationNanosecondsTests {
    @Test("negative durations clamp to zero, whichever component carries the sign (found under ASan)",
          arguments: [Duration.nanoseconds(-300), .milliseconds(-1), .seconds(-5), .zero, .seconds(-1) + .milliseconds(500)])
    func negativeIsZero(duration: Duration) {
        #expect(duration.nanosecondsClamped == 0)
    }

    @Test("positive durations convert, huge ones saturate")
    func positive() {
        #expect(Duration.nanoseconds(300).nanosecondsClamped == 300)
        #expect(Duration.seconds(2).nanosecondsClamped == 2_000_000_000)
        #expect(Duration.seconds(Int64.max).nanosecondsClamped == UInt64.max)
    }
}
