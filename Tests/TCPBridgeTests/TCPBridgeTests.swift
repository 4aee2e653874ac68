import BridgeTestSupport
import Foundation
import Synchronization
import Testing
import IPCBridge

@Suite("TCPBridge")
struct TCPBridgeTests {
    static let passing: [String: JSONValue] = ["board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"]

    @Test("the three calling styles over TCP and a Unix socket", arguments: ["127.0.0.1:0", "unix:" + TestServer.unixPath()])
    func threeStyles(address: String) async throws {
        let server = try TestServer(address)
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }

        let blocking = try await Task.detached { try bridge.callBlocking(.request("VALIDATION_REQUEST", attributes: Self.passing)) }.value
        #expect(blocking.attributes["result"] == "PASS")

        let awaited = try await bridge.call(.request("PING"))
        #expect(awaited.type == "PONG")

        let viaCallback: Result<BridgeMessage, BridgeError> = await withCheckedContinuation { continuation in
            bridge.call(.request("ECHO", attributes: ["k": "v"])) { continuation.resume(returning: $0) }
        }
        #expect(try viaCallback.get().attributes["k"] == "v")
    }

    @Test("one connection multiplexes concurrent calls; answers matched by request_id in any order")
    func multiplexing() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        var finished: [Int] = []
        try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<50 {
                group.addTask {
                    // Later calls are quicker, so answers come back in reverse order.
                    let request = BridgeMessage.request("PING", attributes: ["delay_ms": .number(Double((50 - index) * 4))])
                    let answer = try await bridge.call(request)
                    return (index, answer.requestID == request.messageID)
                }
            }
            for try await (index, matched) in group {
                #expect(matched)
                finished.append(index)
            }
        }
        #expect(finished.count == 50)
        #expect(finished != finished.sorted(), "answers arrived in request order; the delays should have reordered them")
        #expect(server.host.tcpServer?.activeConnections == 1)
    }

    @Test("an ERROR answer is thrown as a BridgeError with its code")
    func errorAnswers() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        await #expect { try await bridge.call(.request("NOPE")) } throws: { error in
            (error as? BridgeError)?.code == .unimplemented && (error as? BridgeError)?.transport == "tcp"
        }
        await #expect { try await bridge.call(.request("PING", attributes: ["fail_with": "PERMISSION_DENIED"])) } throws: {
            ($0 as? BridgeError)?.code == .permissionDenied
        }
    }

    @Test("a WATCH streams EVENTs as an AsyncSequence and through observers")
    func watchStreams() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        var seen: [Int] = []
        for try await event in bridge.watch(.request("WATCH", attributes: ["event_count": 5])) {
            seen.append(event.attributes["seq"]?.intValue ?? -1)
        }
        #expect(seen == [0, 1, 2, 3, 4])

        let observed = Locked<[Int]>([])
        let completed = Atomic<Bool>(false)
        bridge.watch(.request("WATCH", attributes: ["event_count": 3, "event_interval_ms": 5])).observe(
            onMessage: { event in observed.withLock { $0.append(event.attributes["seq"]?.intValue ?? -1) } },
            onComplete: { completed.store(true, ordering: .relaxed) })
        #expect(await eventually { completed.load(ordering: .relaxed) })
        #expect(observed.withLock { $0 } == [0, 1, 2])
    }

    @Test("EVENTs that answer no pending call reach subscribers of that type only")
    func subscriptions() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        let events = Locked<[Int]>([])
        let pongs = Atomic<Int>(0)
        let subscription = bridge.subscribe(to: "EVENT") { event in
            events.withLock { $0.append(event.attributes["seq"]?.intValue ?? -1) }
        }
        let pongSubscription = bridge.subscribe(to: "PONG") { _ in pongs.add(1, ordering: .relaxed) }
        // Sent one-way: nobody waits on the WATCH, so its EVENTs are pushed messages.
        try await bridge.send(.request("WATCH", attributes: ["event_count": 4]))
        #expect(await eventually { events.withLock { $0.count } == 4 })
        #expect(events.withLock { $0.sorted() } == [0, 1, 2, 3])
        _ = try await bridge.call(.request("PING"))  // answers a pending call: not pushed
        #expect(pongs.load(ordering: .relaxed) == 0)
        subscription.cancel()
        pongSubscription.cancel()
        try await bridge.send(.request("WATCH", attributes: ["event_count": 2]))
        try await Task.sleep(for: .milliseconds(100))
        #expect(events.withLock { $0.count } == 4)
    }

    @Test("a timeout fails the call with DEADLINE_EXCEEDED and its late answer is dropped")
    func deadlines() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        let pushed = Atomic<Int>(0)
        let subscription = bridge.subscribe(to: "*") { _ in pushed.add(1, ordering: .relaxed) }
        defer { subscription.cancel() }
        let start = ContinuousClock.now
        // The answer comes 10 s late, so a busy machine's scheduling delays (4 s seen in CI
        // under load) cannot be mistaken for a deadline that fired with the answer.
        await #expect { try await bridge.call(.request("PING", attributes: ["delay_ms": 10_000]), options: .timeout(.milliseconds(50))) } throws: {
            ($0 as? BridgeError)?.code == .deadlineExceeded
        }
        #expect(ContinuousClock.now - start < TestTiming.bound(.milliseconds(8000)), "the deadline fired late")
        try await Task.sleep(for: .milliseconds(10_200))
        #expect(pushed.load(ordering: .relaxed) == 0, "the late PONG must not be handed to subscribers")
        #expect(try await bridge.call(.request("PING")).type == "PONG")
    }

    @Test("cancelling a call through its handle completes it with CANCELLED at once")
    func cancellation() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        let handle = bridge.call(.request("PING", attributes: ["delay_ms": 2000])) { _ in }
        handle.cancel()
        await #expect(throws: BridgeError.cancelled()) { try await handle.value() }
        let task = Task { try await bridge.call(.request("PING", attributes: ["delay_ms": 2000])) }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        await #expect { try await task.value } throws: { ($0 as? BridgeError)?.code == .cancelled }
    }

    @Test("when the server goes away pending calls fail promptly with UNAVAILABLE, and the bridge reconnects")
    func reconnect() async throws {
        let path = TestServer.unixPath()
        var server = try TestServer("unix:" + path)
        let bridge = try server.bridge()
        defer { bridge.close() }
        #expect(try await bridge.call(.request("PING")).type == "PONG")

        let pending = Task { try await bridge.call(.request("PING", attributes: ["delay_ms": 30_000])) }
        try await Task.sleep(for: .milliseconds(50))
        let stopped = ContinuousClock.now
        server.host.shutdown(grace: .milliseconds(10))
        await #expect { try await pending.value } throws: { ($0 as? BridgeError)?.code == .unavailable }
        // Promptly: long before the 30 s answer (a generous bound; the machine may be busy).
        #expect(ContinuousClock.now - stopped < .seconds(10))

        // While nothing listens, calls fail fast with UNAVAILABLE rather than hang.
        await #expect { try await bridge.call(.request("PING"), options: .timeout(.seconds(5))) } throws: {
            ($0 as? BridgeError)?.code == .unavailable
        }

        server = try TestServer("unix:" + path)
        defer { server.stop() }
        let answered = await eventually(seconds: 10) { (try? await bridge.call(.request("PING")))?.type == "PONG" }
        #expect(answered, "the bridge did not reconnect to the restarted server")
    }

    @Test("with a token the bridge performs the HELLO handshake; a wrong token is UNAUTHENTICATED")
    func token() async throws {
        let server = try TestServer(token: "s3cret")
        defer { server.stop() }
        let good = try server.bridge(token: "s3cret")
        defer { good.close() }
        #expect(try await good.call(.request("PING")).type == "PONG")
        let wrong = try server.bridge(token: "guess")
        defer { wrong.close() }
        await #expect { try await wrong.call(.request("PING")) } throws: { ($0 as? BridgeError)?.code == .unauthenticated }
        let none = try server.bridge()
        defer { none.close() }
        await #expect { try await none.call(.request("PING")) } throws: {
            let code = ($0 as? BridgeError)?.code
            return code == .unauthenticated || code == .unavailable
        }
    }

    @Test("a request over the frame limit fails locally with RESOURCE_EXHAUSTED")
    func maxFrameSize() async throws {
        let server = try TestServer()
        defer { server.stop() }
        let bridge = try server.bridge(maxFrameBytes: 1024)
        defer { bridge.close() }
        await #expect { try await bridge.call(.request("ECHO", payload: [UInt8](repeating: 1, count: 2048))) } throws: {
            ($0 as? BridgeError)?.code == .resourceExhausted
        }
        // An answer over the client's limit is refused too (the connection is dropped).
        await #expect { try await bridge.call(.request("PING", attributes: ["response_bytes": 4096])) } throws: {
            ($0 as? BridgeError)?.code == .resourceExhausted
        }
        // After the reconnect backoff the bridge is back.
        let answered = await eventually(seconds: 10) { (try? await bridge.call(.request("PING")))?.type == "PONG" }
        #expect(answered)
    }

    @Test("on the event loop, a request over the frame limit fails at once and leaves the connection's output intact")
    func maxFrameSizeOnTheLoop() async throws {
        let server = try TestServer()
        defer { server.stop() }
        // A loop of the test's own, so the calls below can be started on the bridge's loop for
        // certain (a handler registered from this thread may run here if its answer came first).
        let group = try EventLoopGroup(threads: 1, name: "frame-limit")
        defer { group.shutdown() }
        let bridge = try TCPBridge(target: server.target, configuration: TCPBridgeConfiguration(maxFrameBytes: 1024, group: group))
        defer { bridge.close() }
        #expect(try await bridge.call(.request("PING")).type == "PONG")   // connected: calls from the loop encode in place
        let strays = Atomic<Int>(0)   // answers to no pending call: what a refused frame sent anyway would get
        let subscription = bridge.subscribe(to: "ECHO") { _ in strays.add(1, ordering: .relaxed) }
        defer { subscription.cancel() }
        let outcomes = Locked<[String]>([])
        let done = DispatchSemaphore(value: 0)
        // On the bridge's loop: a fitting ECHO, one over the limit, another fitting ECHO.
        group.loops[0].execute {
            for size in [512, 2048, 600] {
                bridge.start(.request("ECHO", payload: [UInt8](repeating: 7, count: size)), options: .defaults).whenCompleteInline { result in
                    let outcome: String
                    switch result {
                    case .success(let answer): outcome = "\(size): echoed \(answer.payload.count)"
                    case .failure(let error): outcome = "\(size): \(error.code.name)\(EventLoop.isOnIOThread ? " on the loop" : "")"
                    }
                    if outcomes.withLock({ $0.append(outcome); return $0.count }) == 3 { done.signal() }
                }
            }
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        // The refusal completes first (inline, before the others are even answered); the frames
        // on either side of it reach the server whole.
        #expect(outcomes.withLock { $0 } == ["2048: RESOURCE_EXHAUSTED on the loop", "512: echoed 512", "600: echoed 600"])
        #expect(try await bridge.call(.request("PING")).type == "PONG")
        #expect(strays.load(ordering: .relaxed) == 0, "the refused request was not sent")
    }

    @Test("connection refused names the target and the transport")
    func refused() async throws {
        let bridge = try TCPBridge(target: "127.0.0.1:1")
        defer { bridge.close() }
        await #expect { try await bridge.call(.request("PING")) } throws: { error in
            guard let error = error as? BridgeError else { return false }
            return error.code == .unavailable && error.target == "127.0.0.1:1" && error.cause?.contains("refused") == true
        }
    }
}
