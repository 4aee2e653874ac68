import Testing
@testable import BridgeIO

@Suite("TimerQueue")
struct TimerQueueTests {
    /// The earliest deadline, or -1 for none. (Not an `Optional<UInt64>` inside `#expect`: its
    /// conversion to AnyHashable reads 9 bytes from an 8-byte slot, which AddressSanitizer
    /// reports as a stack-buffer-overflow in libswiftCore's `_convertToAnyHashable`.)
    static func earliest(_ queue: inout TimerQueue) -> Int64 {
        queue.earliestDeadline().map { Int64($0) } ?? -1
    }

    @Test("pops due timers earliest first and leaves the rest")
    func ordering() {
        var queue = TimerQueue()
        var fired: [Int] = []
        for deadline in [50, 10, 40, 20, 30] {
            _ = queue.schedule(at: UInt64(deadline)) { fired.append(deadline) }
        }
        #expect(Self.earliest(&queue) == 10)
        for action in queue.popDue(now: 35) { action() }
        #expect(fired == [10, 20, 30])
        #expect(Self.earliest(&queue) == 40)
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
        #expect(Self.earliest(&queue) == 100)
        for action in queue.popDue(now: 50) { action() }
        #expect(!fired)
    }

    @Test("a timer armed and cancelled per call keeps memory to the timers pending, however far off their deadlines")
    func cancelledEntriesAreBounded() {
        var queue = TimerQueue()
        var armed: [TimerID] = []
        var fired = 0, refusedCancels = 0, largestHeap = 0
        // A client with 256 calls in flight and a 60 s timeout each: a million calls answered
        // within the first second arm and cancel a million timers, none of them due yet.
        for call in 0..<1_000_000 {
            armed.append(queue.schedule(at: 60_000_000_000 + UInt64(call)) { fired += 1 })
            if call >= 256 && !queue.cancel(armed[call - 256]) { refusedCancels += 1 }
            largestHeap = max(largestHeap, queue.heapSize)
        }
        #expect(refusedCancels == 0)
        #expect(largestHeap <= 3 * 257 + 1, "stale entries are dropped once they outnumber the live ones twice over")
        #expect(queue.count == 256)
        #expect(Self.earliest(&queue) == 60_000_000_000 + 1_000_000 - 256)
        for action in queue.popDue(now: .max) { action() }
        #expect(fired == 256)
        #expect(queue.count == 0)
        #expect(Self.earliest(&queue) == -1)
    }

    @Test("a slot reused by a new timer does not answer to the old timer's id")
    func staleIDs() {
        var queue = TimerQueue()
        var fired: [String] = []
        let old = queue.schedule(at: 10) { fired.append("old") }
        let cancelled = queue.cancel(old)
        _ = queue.schedule(at: 20) { fired.append("new") }   // takes the freed slot
        let cancelledAgain = queue.cancel(old)
        #expect(cancelled && !cancelledAgain)
        for action in queue.popDue(now: 30) { action() }
        #expect(fired == ["new"])
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
