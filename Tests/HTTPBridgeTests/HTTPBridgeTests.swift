import BridgeTestSupport
import Foundation
import Synchronization
import Testing
import IPCBridge
import ValidationService

/// An in-process server with HTTP (and async requests) for one test.
struct HTTPTestServer {
    let host: ServerHost

    init(token: String? = nil, webhookSecret: String? = nil, allowPrivateCallbacks: Bool = true) throws {
        var configuration = ServerHost.Configuration(http: "127.0.0.1:0", token: token, threads: 1)
        configuration.webhookSecret = webhookSecret
        configuration.allowPrivateCallbacks = allowPrivateCallbacks
        host = try ServerHost(configuration: configuration)
    }

    var target: String { "http://\(host.httpAddress?.description ?? "")" }

    func bridge(token: String? = nil, maxConnections: Int = 8, webhookSecret: String? = nil) throws -> HTTPBridge {
        let configuration = HTTPBridgeConfiguration(token: token, maxConnections: maxConnections, webhookSecret: webhookSecret)
        return try HTTPBridge(target: target, configuration: configuration)
    }

    func stop() { host.shutdown(grace: .seconds(1)) }
}

@Suite("HTTPBridge")
struct HTTPBridgeTests {
    @Test("the three calling styles over HTTP, with metadata and a bearer token")
    func threeStyles() async throws {
        let server = try HTTPTestServer(token: "tk")
        defer { server.stop() }
        let bridge = try server.bridge(token: "tk")
        defer { bridge.close() }
        let blocking = try await Task.detached { try bridge.callBlocking(.request("VALIDATION_REQUEST", attributes: ["board_id": "b"])) }.value
        #expect(blocking.attributes["result"] == "PASS")
        #expect(try await bridge.call(.request("PING"), options: CallOptions(metadata: ["x-trace": "1"])).type == "PONG")
        let viaCallback: Result<BridgeMessage, BridgeError> = await withCheckedContinuation { continuation in
            bridge.call(.request("ECHO", attributes: ["k": "v"])) { continuation.resume(returning: $0) }
        }
        #expect(try viaCallback.get().attributes["k"] == "v")

        let anonymous = try server.bridge()
        defer { anonymous.close() }
        await #expect { try await anonymous.call(.request("PING")) } throws: { ($0 as? BridgeError)?.code == .unauthenticated }
    }

    @Test("errors come back with the code the ERROR body names")
    func errors() async throws {
        let server = try HTTPTestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        await #expect { try await bridge.call(.request("NOPE")) } throws: { ($0 as? BridgeError)?.code == .unimplemented }
        await #expect { try await bridge.call(.request("PING", attributes: ["fail_with": "UNAVAILABLE"])) } throws: {
            ($0 as? BridgeError)?.code == .unavailable
        }
        await #expect { try await bridge.call(.request("PING", attributes: ["delay_ms": 2000]), options: .timeout(.milliseconds(100))) } throws: {
            ($0 as? BridgeError)?.code == .deadlineExceeded
        }
        #expect(try await bridge.call(.request("PING")).type == "PONG", "the pool recovers after a timed-out exchange")
        let refused = try HTTPBridge(target: "http://127.0.0.1:1")
        defer { refused.close() }
        await #expect { try await refused.call(.request("PING")) } throws: {
            guard let error = $0 as? BridgeError else { return false }
            return error.code == .unavailable && error.transport == "http" && error.cause?.contains("refused") == true
        }
    }

    @Test("the keep-alive pool never opens more than maxConnections")
    func poolLimit() async throws {
        let server = try HTTPTestServer()
        defer { server.stop() }
        let bridge = try server.bridge(maxConnections: 2)
        defer { bridge.close() }
        let host = server.host
        let maxSeen = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await bridge.call(.request("PING", attributes: ["delay_ms": 20])); return 0 }
            }
            group.addTask {
                var most = 0
                for _ in 0..<40 {
                    most = max(most, host.httpServer?.activeConnections ?? 0)
                    try await Task.sleep(for: .milliseconds(5))
                }
                return most
            }
            return try await group.reduce(0, max)
        }
        #expect(maxSeen <= 2)
        #expect(maxSeen >= 1)
    }

    @Test("WATCH is refused with UNIMPLEMENTED: HTTP has no server push")
    func noWatch() async throws {
        let server = try HTTPTestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        await #expect { for try await _ in bridge.watch(.request("WATCH")) {} } throws: { ($0 as? BridgeError)?.code == .unimplemented }
    }
}

@Suite("HTTPBridge asynchronous calls: webhooks and polling")
struct HTTPBridgeAsyncTests {
    static let secret = "whsec_" + Base64.encode(Array("a test secret of some length".utf8))

    @Test("callAsync: 202, then the signed answer arrives at the embedded receiver", arguments: [secret, "plain-text-secret"])
    func webhookRoundTrip(secret: String) async throws {
        let server = try HTTPTestServer(webhookSecret: secret)
        defer { server.stop() }
        let bridge = try server.bridge(webhookSecret: secret)
        defer { bridge.close() }
        let request = BridgeMessage.request("VALIDATION_REQUEST", attributes: ["board_id": "b", "voltage": 99])
        let answer = try await bridge.callAsync(request, options: .timeout(.seconds(10)))
        #expect(answer.requestID == request.messageID)
        #expect(answer.attributes["result"] == "FAIL")
        let receiver = try bridge.webhookReceiver()
        #expect(receiver.counts.delivered == 1)
        #expect(receiver.counts.refused == 0)

        let viaCallback: Result<BridgeMessage, BridgeError> = await withCheckedContinuation { continuation in
            bridge.callAsync(.request("PING")) { continuation.resume(returning: $0) }
        }
        #expect(try viaCallback.get().type == "PONG")
    }

    @Test("a webhook call's deadline timer goes when its answer arrives")
    func webhookDeadlineTimers() async throws {
        let server = try HTTPTestServer(webhookSecret: Self.secret)
        defer { server.stop() }
        let group = try EventLoopGroup(threads: 1, name: "webhook-timers")
        defer { group.shutdown() }
        let loop = group.loops[0]
        func timersArmed() async -> Int {
            await withCheckedContinuation { continuation in loop.execute { continuation.resume(returning: loop.pendingTimerCount) } }
        }
        let bridge = try HTTPBridge(target: server.target, configuration: HTTPBridgeConfiguration(webhookSecret: Self.secret, group: group))
        defer { bridge.close() }
        #expect(try await bridge.callAsync(.request("PING")).type == "PONG")
        let before = await timersArmed()
        for _ in 0..<30 {
            #expect(try await bridge.callAsync(.request("PING"), options: .timeout(.seconds(60))).type == "PONG")
        }
        // Each call armed a 60 s timer on `loop`; none may outlive its answer.
        #expect(await timersArmed() <= before)
    }

    @Test("a receiver with another secret refuses the deliveries; the call times out")
    func wrongSecret() async throws {
        let server = try HTTPTestServer(webhookSecret: "server-secret")
        defer { server.stop() }
        let bridge = try server.bridge(webhookSecret: "other-secret")
        defer { bridge.close() }
        await #expect { try await bridge.callAsync(.request("PING"), options: .timeout(.milliseconds(800))) } throws: {
            ($0 as? BridgeError)?.code == .deadlineExceeded
        }
        #expect(try bridge.webhookReceiver().counts.refused >= 1)
    }

    @Test("the receiver refuses forged and replayed deliveries and dedupes by webhook-id")
    func receiverChecks() async throws {
        let secret = try WebhookSecret("receiver-secret")
        let receiver = try WebhookReceiver(secret: secret)
        defer { receiver.close() }
        let got = Locked<[String]>([])
        receiver.onUnmatched { message in got.withLock { $0.append(message.messageID) } }
        let url = receiver.url.dropFirst("http://".count)
        let address = try SocketAddress(parsing: String(url.prefix { $0 != "/" }))
        let client = HTTPClient(address: address)
        defer { client.close() }

        func post(id: String, timestamp: Int64, body: [UInt8], signWith key: WebhookSecret) async -> Int {
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            for (name, value) in StandardWebhooks.headers(secret: key, id: id, timestamp: timestamp, body: body) { headers.replaceOrAdd(name, value) }
            let result: Result<HTTPClientResponse, BridgeError> = await withCheckedContinuation { continuation in
                client.send(method: "POST", path: "/webhooks", headers: headers, body: body) { continuation.resume(returning: $0) }
            }
            return (try? result.get().status) ?? -1
        }
        let now = Clocks.unixMilliseconds() / 1000
        let body = BridgeMessage(messageID: "m1", type: "PONG", requestID: "nobody").jsonBytes()
        #expect(await post(id: "msg_1", timestamp: now, body: body, signWith: secret) == 204)
        #expect(await post(id: "msg_1", timestamp: now, body: body, signWith: secret) == 204, "a duplicate is acknowledged")
        #expect(await post(id: "msg_2", timestamp: now, body: body, signWith: try WebhookSecret("forged")) == 401)
        #expect(await post(id: "msg_3", timestamp: now - 3600, body: body, signWith: secret) == 401, "a replay an hour old")
        #expect(await eventually { got.withLock { $0.count } == 1 })
        try await Task.sleep(for: .milliseconds(50))
        #expect(got.withLock { $0 } == ["m1"])
        #expect(receiver.counts.duplicates == 1)
        #expect(receiver.counts.refused == 2)
    }

    @Test("polling: the answer is read from GET /requests/{id} even when delivery cannot succeed")
    func polling() async throws {
        let server = try HTTPTestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        let request = BridgeMessage.request("VALIDATION_REQUEST", attributes: ["board_id": "b"])
        let id = try await bridge.submit(request, callbackURL: "http://127.0.0.1:1/nowhere")
        #expect(id == request.messageID)
        let answer = try await bridge.answer(polling: id, every: .milliseconds(20), timeout: .seconds(10))
        #expect(answer.attributes["result"] == "PASS")
        let status = try await bridge.status(ofRequest: id)
        #expect(status.answer != nil)
        await #expect { try await bridge.status(ofRequest: "no-such-id") } throws: { ($0 as? BridgeError)?.code == .notFound }
    }

    @Test("pushed webhook deliveries nobody waits for reach subscribers")
    func subscriptions() async throws {
        let server = try HTTPTestServer()
        defer { server.stop() }
        let bridge = try server.bridge()
        defer { bridge.close() }
        let seen = Locked<[String]>([])
        let subscription = bridge.subscribe(to: "PONG") { message in seen.withLock { $0.append(message.requestID) } }
        defer { subscription.cancel() }
        let receiver = try bridge.webhookReceiver()
        // Submitted without waiting: its answer is an unmatched delivery.
        let id = try await bridge.submit(.request("PING"), callbackURL: receiver.url)
        #expect(await eventually { seen.withLock { $0 } == [id] })
    }
}
