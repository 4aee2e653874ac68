import BridgeTestSupport
import Foundation
import Synchronization
import Testing
import IPCBridge
import ValidationService

@Suite("Validation service behaviour")
struct ValidationServiceTests {
    @Test("delay_ms is a timer, not a sleeping thread: 200 delayed calls on one loop finish together")
    func delayIsATimer() async throws {
        let fixture = try WireFixture(threads: 1)
        defer { fixture.stop() }
        let bridge = try fixture.bridge()
        defer { bridge.close() }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { _ = try await bridge.call(.request("PING", attributes: ["delay_ms": .number(Double(TestTiming.milliseconds(200)))])) }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < TestTiming.bound(.seconds(10)), "200 x 200 ms (40 s if serial) took \(elapsed): delays are not running concurrently")
    }

    @Test("work_iterations answers the chained SHA-256 digest, and heavy hashing does not stall the loop")
    func workIterations() async throws {
        let fixture = try WireFixture(threads: 1)
        defer { fixture.stop() }
        let bridge = try fixture.bridge()
        defer { bridge.close() }
        let request = BridgeMessage(messageID: "abc", type: "PING", attributes: ["work_iterations": 1])
        let answer = try await bridge.call(request)
        // One round is SHA-256("abc"), the FIPS 180-4 example.
        #expect(answer.attributes["digest"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

        // While a long hash runs, a PING on the same connection and loop is answered first:
        // had the hashing run on the loop, the PING could only be read after it finished. Both
        // requests leave back to back from a thread of their own (the PING right behind the hash
        // request: a test task on the busy two-thread pool could be held up past the hash), and
        // the order is taken where the answers arrive, on the client's loop (inline handlers).
        // 50,000 rounds: ~0.6 s in a debug build, long beside a PING's round trip, short enough
        // not to hold one of the two threads of the shared pool (which it runs on) for seconds.
        let arrivals = Locked<[String]>([])
        let (heavy, ping) = try await onDedicatedThread { () -> (PendingCall, PendingCall) in
            let heavy = bridge.start(.request("PING", attributes: ["work_iterations": 50_000]), options: .defaults)
            heavy.whenCompleteInline { _ in arrivals.withLock { $0.append("hash") } }
            let ping = bridge.start(.request("PING"), options: .defaults)
            ping.whenCompleteInline { _ in arrivals.withLock { $0.append("ping") } }
            return (heavy, ping)
        }
        _ = try await ping.value()
        let heavyAnswer = try await heavy.value()
        #expect(heavyAnswer.attributes["digest"]?.stringValue?.count == 64)
        #expect(arrivals.withLock { $0 } == ["ping", "hash"], "the PING was answered only after the hashing finished: the loop was blocked")
    }

    @Test("response_bytes fills the payload; fail_with answers that error; bad knobs are INVALID_ARGUMENT")
    func knobs() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let bridge = try fixture.bridge()
        defer { bridge.close() }
        let sized = try await bridge.call(.request("VALIDATION_REQUEST", attributes: ["board_id": "b", "response_bytes": 1234]))
        #expect(sized.payload.count == 1234)
        #expect(sized.attributes["result"] == "PASS", "reserved attributes are never validated")
        for code in ["UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "NOT_FOUND"] {
            await #expect { try await bridge.call(.request("PING", attributes: ["fail_with": .string(code)])) } throws: {
                ($0 as? BridgeError)?.code.name == code
            }
        }
        for bad: [String: JSONValue] in [["fail_with": "NOT_A_CODE"], ["delay_ms": "soon"], ["response_bytes": -1],
                                         ["work_iterations": 1.5], ["event_count": 1e12]] {
            await #expect { try await bridge.call(.request("PING", attributes: bad)) } throws: {
                ($0 as? BridgeError)?.code == .invalidArgument
            }
        }
    }

    @Test("WATCH sends event_count EVENTs event_interval_ms apart, then END")
    func watch() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let socket = try fixture.socket()
        let watch = BridgeMessage.request("WATCH", attributes: ["event_count": 3, "event_interval_ms": 50])
        let start = ContinuousClock.now
        try socket.sendMessage(watch)
        var types: [String] = []
        var sequence: [Int] = []
        while let message = try socket.receiveMessage() {
            #expect(message.requestID == watch.messageID)
            types.append(message.type)
            if let seq = message.attributes["seq"]?.intValue { sequence.append(seq) }
            if message.type == "END" { break }
        }
        #expect(types == ["EVENT", "EVENT", "EVENT", "END"])
        #expect(sequence == [0, 1, 2])
        #expect(ContinuousClock.now - start >= .milliseconds(100))
    }

    @Test("every answer carries a fresh message_id and answers the request's id")
    func identifiers() async throws {
        let fixture = try WireFixture()
        defer { fixture.stop() }
        let bridge = try fixture.bridge()
        defer { bridge.close() }
        var seen = Set<String>()
        for type in ["PING", "ECHO", "VALIDATION_REQUEST", "HELLO"] {
            let request = BridgeMessage.request(type)
            let answer = try await bridge.call(request)
            #expect(answer.requestID == request.messageID)
            #expect(!answer.messageID.isEmpty && answer.messageID != request.messageID)
            seen.insert(answer.messageID)
        }
        #expect(seen.count == 4)
    }
}
