import BridgeTestSupport
import Foundation
import Testing
import IPCBridge
import ValidationService

/// `POST /validate-async`, webhook delivery and the request log over HTTP (CONTRACT.md
/// section 2), against an in-process server and an in-process webhook receiver.
@Suite("Asynchronous request-reply over HTTP", .serialized)
struct AsyncRequestTests {
    /// A ServerHost with an HTTP listener and a client for it.
    struct Fixture {
        let host: ServerHost
        let client: HTTPClient

        init(_ configure: (inout ServerHost.Configuration) -> Void = { _ in }) throws {
            var configuration = ServerHost.Configuration(http: "127.0.0.1:0", threads: 2)
            configuration.allowPrivateCallbacks = true
            configure(&configuration)
            host = try ServerHost(configuration: configuration)
            client = HTTPClient(address: try #require(host.httpAddress))
        }

        func submit(_ body: [UInt8], headers: HTTPHeaders = [:]) async throws -> RawReply {
            try await client.call("POST", "/validate-async", headers: headers, body: body)
        }

        func stop() {
            client.close()
            host.shutdown(grace: .milliseconds(200))
        }
    }

    static func uniqueID(_ prefix: String) -> String { "\(prefix)-\(UInt64.random(in: 0...UInt64.max))" }

    /// Polls `GET /requests/{id}` until its status is `status` (bounded); the last record seen.
    static func waitForStatus(_ client: HTTPClient, _ id: String, _ status: String,
                              timeout: Duration = .seconds(10)) async -> JSONValue? {
        var last: JSONValue?
        _ = await eventually(seconds: Double(timeout.components.seconds)) {
            guard case .success(let reply) = await client.exchange("GET", "/requests/\(id)"), reply.status == 200 else { return false }
            last = reply.json
            return last?["status"]?.stringValue == status
        }
        return last
    }

    static func expectError(_ reply: RawReply, status: Int, code: String, mentioning needle: String? = nil,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == status, "body: \(reply.text)", sourceLocation: sourceLocation)
        let message = try? BridgeMessage(json: reply.body)
        #expect(message?.type == "ERROR", "body: \(reply.text)", sourceLocation: sourceLocation)
        #expect(message?.attributes["error_code"]?.stringValue == code, "body: \(reply.text)", sourceLocation: sourceLocation)
        if let needle {
            let text = message?.attributes["error_message"]?.stringValue ?? ""
            #expect(text.contains(needle), "error_message should name \(needle): \(text)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - accept, deliver, sign

    @Test("202 at once with Location; then exactly one signed POST whose body is the answer",
          arguments: ["whsec", "plain"])
    func acceptedThenDeliveredOnceSigned(secretKind: String) async throws {
        let secretText = secretKind == "whsec" ? randomWhsecSecret() : "correct horse battery staple"
        let recorder = WebhookRecorder(secret: try WebhookSecret(secretText))
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        let fixture = try Fixture { $0.webhookSecret = secretText }
        defer { fixture.stop() }

        let id = Self.uniqueID("acc")
        let started = ContinuousClock.now
        let reply = try await fixture.submit(asyncBody(requestID: id, callback: receiver.url(), message: passingMessage(["delay_ms": .number(Double(TestTiming.milliseconds(5000)))])))
        let elapsed = ContinuousClock.now - started
        let deliveredBefore202 = recorder.count
        #expect(reply.status == 202, "body: \(reply.text)")
        // The answer takes 5 s; a 202 well before that did not wait for it (generous bound: the
        // machine may be busy with the rest of the suite). Nothing delivered yet says the same.
        #expect(elapsed < TestTiming.bound(.milliseconds(4500)), "202 must not wait for the answer (took \(elapsed))")
        #expect(deliveredBefore202 == 0, "the answer cannot have been delivered before the 202")
        #expect(reply.json == ["status": "accepted", "request_id": .string(id)], "body: \(reply.text)")
        #expect(reply.headers["Location"] == "/requests/\(id)")

        // Right after the 202 the request is logged and not yet finished.
        let early = try await fixture.client.call("GET", "/requests/\(id)")
        #expect(early.status == 200)
        #expect(["queued", "processing"].contains(early.json?["status"]?.stringValue ?? ""), "body: \(early.text)")

        #expect(await eventually(seconds: 20) { recorder.count >= 1 }, "no delivery within 20 s")
        try await Task.sleep(for: .milliseconds(400))
        let deliveries = recorder.all
        #expect(deliveries.count == 1, "exactly one POST expected, got \(deliveries.count)")
        let delivery = try #require(deliveries.first)
        #expect(delivery.signatureError == nil, "signature: \(delivery.signatureError ?? "")")
        #expect(delivery.path == "/hooks/hook")
        #expect(delivery.headers["Content-Type"]?.hasPrefix("application/json") == true)
        let answer = try #require(delivery.message, "body is not a BridgeMessage: \(String(decoding: delivery.body, as: UTF8.self))")
        #expect(answer.requestID == id)
        #expect(answer.type == "VALIDATION_RESPONSE")
        #expect(answer.attributes["result"] == "PASS")
        #expect(!answer.messageID.isEmpty && answer.messageID != id, "the answer carries a fresh message_id")

        // The signature, recomputed independently of StandardWebhooks: HMAC-SHA256 over
        // "id.timestamp.body", keyed with the decoded bytes of a whsec_ secret, else the UTF-8 bytes.
        let webhookID = try #require(delivery.webhookID)
        let timestamp = try #require(delivery.headers[StandardWebhooks.timestampHeader])
        let signature = try #require(delivery.headers[StandardWebhooks.signatureHeader])
        let now = Clocks.unixMilliseconds() / 1000
        #expect(abs((Int64(timestamp) ?? 0) - now) <= 5 * Int64(TestTiming.scale), "webhook-timestamp \(timestamp) is Unix seconds, now \(now)")
        let key = secretKind == "whsec" ? try #require(Base64.decode(secretText.dropFirst(6))) : Array(secretText.utf8)
        let expected = "v1," + Base64.encode(HMAC.sha256(key: key, message: Array("\(webhookID).\(timestamp).".utf8) + delivery.body))
        #expect(signature.split(separator: " ").contains { $0 == expected }, "signature \(signature), expected \(expected)")
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try StandardWebhooks.verify(secret: try WebhookSecret("some other secret"), id: webhookID, timestamp: timestamp,
                                        signatureHeader: signature, body: delivery.body, now: now)
        }

        let record = await Self.waitForStatus(fixture.client, id, "delivered")
        #expect(record?["status"] == "delivered", "record: \(String(describing: record))")
        #expect(record?["request_id"]?.stringValue == id)
        #expect(record?["answer"]?["request_id"]?.stringValue == id)
        #expect(record?["answer"]?["message_id"]?.stringValue == answer.messageID, "the log holds the answer that was delivered")
        let attempts = record?["attempts"]?.arrayValue ?? []
        #expect(attempts.count == 1)
        #expect(attempts.first?["http_status"]?.intValue == 200)
    }

    @Test("the answer's request_id is the accepted request_id even when the message has its own message_id")
    func answerCarriesAcceptedID() async throws {
        let recorder = WebhookRecorder()
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        let fixture = try Fixture()
        defer { fixture.stop() }

        // request_id given and different from message_id.
        let id = Self.uniqueID("given")
        let ownMessageID = Self.uniqueID("msg")
        let reply = try await fixture.submit(asyncBody(requestID: id, callback: receiver.url("a"),
                                                       message: passingMessage(messageID: ownMessageID)))
        #expect(reply.status == 202)
        #expect(reply.json?["request_id"]?.stringValue == id)
        // Neither given: the server makes one up and the answer carries it.
        let made = try await fixture.submit(asyncBody(callback: receiver.url("b"), message: passingMessage()))
        #expect(made.status == 202)
        let madeID = try #require(made.json?["request_id"]?.stringValue)
        #expect(!madeID.isEmpty)
        #expect(made.headers["Location"] == "/requests/\(madeID)")

        #expect(await eventually(seconds: 5) { recorder.count >= 2 })
        let byPath = Dictionary(recorder.all.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byPath["/hooks/a"]?.message?.requestID == id,
                "callback body request_id must be the accepted id \(id), got \(byPath["/hooks/a"]?.message?.requestID ?? "nil")")
        #expect(byPath["/hooks/b"]?.message?.requestID == madeID)
    }

    // MARK: - retries and failure

    @Test("receiver answers 500, 500, 200: three attempts, the same webhook-id and body, delivered")
    func retriedUntilDelivered() async throws {
        let secret = randomWhsecSecret()
        let recorder = WebhookRecorder(secret: try WebhookSecret(secret), script: [500, 500])
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        let fixture = try Fixture { $0.webhookSecret = secret }
        defer { fixture.stop() }

        let id = Self.uniqueID("retry")
        let reply = try await fixture.submit(asyncBody(requestID: id, callback: receiver.url(), message: passingMessage()))
        #expect(reply.status == 202)
        let record = await Self.waitForStatus(fixture.client, id, "delivered", timeout: .seconds(15))
        #expect(record?["status"] == "delivered", "record: \(String(describing: record))")
        let attempts = record?["attempts"]?.arrayValue ?? []
        #expect(attempts.map { $0["http_status"]?.intValue } == [500, 500, 200], "attempts: \(attempts)")
        let times = attempts.compactMap { $0["at_ms"]?.intValue }
        #expect(times.count == 3 && times == times.sorted(), "attempt times in order: \(times)")

        try await Task.sleep(for: .milliseconds(300))
        let deliveries = recorder.deliveries(of: id)
        #expect(deliveries.map(\.answeredStatus) == [500, 500, 200])
        #expect(Set(deliveries.compactMap(\.webhookID)).count == 1, "one webhook-id on every retry: \(deliveries.map(\.webhookID))")
        #expect(deliveries.allSatisfy { $0.signatureError == nil })
        #expect(Set(deliveries.map(\.body)).count == 1, "every retry carries the same stored answer")
    }

    @Test("receiver always 500 with 3 delivery attempts: status failed after exactly 3")
    func failedAfterAttempts() async throws {
        let recorder = WebhookRecorder(secret: try WebhookSecret("plain-secret"), defaultStatus: 500)
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        // AsyncConfiguration's attempt and backoff knobs are not on ServerHost.Configuration.
        let group = try EventLoopGroup(threads: 2, name: "async-test")
        let service = ValidationService()
        let async = try AsyncRequests(service: service, group: group, configuration: AsyncConfiguration(
            workers: 2, queueSize: 10, deliveryAttempts: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50),
            deliveryTimeout: .seconds(2), webhookSecret: try WebhookSecret("plain-secret"),
            policy: try CallbackURLPolicy(allowPrivate: true)))
        let server = try HTTPServer(address: .ipv4(host: "127.0.0.1", port: 0), group: group,
                                    handler: HTTPRoutes(service: service, token: nil, async: async))
        let client = HTTPClient(address: server.address)
        defer {
            client.close()
            server.shutdown(grace: .milliseconds(200))
            async.stop()
            group.shutdown()
        }

        let id = Self.uniqueID("fail")
        let reply = try await client.call("POST", "/validate-async", body: asyncBody(requestID: id, callback: receiver.url(), message: passingMessage()))
        #expect(reply.status == 202)
        let record = await Self.waitForStatus(client, id, "failed")
        #expect(record?["status"] == "failed", "record: \(String(describing: record))")
        #expect(record?["attempts"]?.arrayValue?.map { $0["http_status"]?.intValue } == [500, 500, 500])
        #expect(record?["failure_reason"]?.stringValue?.isEmpty == false)
        #expect(record?["answer"]?["request_id"]?.stringValue == id, "the answer is kept even when delivery failed")
        try await Task.sleep(for: .milliseconds(300))
        #expect(recorder.deliveries(of: id).count == 3, "no attempt after giving up")
        #expect(recorder.all.allSatisfy { $0.signatureError == nil })
    }

    // MARK: - bad input

    @Test("refused input: private callback without opt-in, https, no callback_url, malformed JSON -> 400, nothing logged")
    func badInput() async throws {
        let fixture = try Fixture { $0.allowPrivateCallbacks = false }
        defer { fixture.stop() }

        let loopback = try await fixture.submit(asyncBody(requestID: "p1", callback: "http://127.0.0.1:9/hook", message: passingMessage()))
        Self.expectError(loopback, status: 400, code: "INVALID_ARGUMENT", mentioning: "127.0.0.1")
        let privateNet = try await fixture.submit(asyncBody(requestID: "p2", callback: "http://10.1.2.3/hook", message: passingMessage()))
        Self.expectError(privateNet, status: 400, code: "INVALID_ARGUMENT", mentioning: "10.1.2.3")
        let https = try await fixture.submit(asyncBody(requestID: "p3", callback: "https://93.184.216.34/hook", message: passingMessage()))
        Self.expectError(https, status: 400, code: "INVALID_ARGUMENT", mentioning: "https")
        let missing = try await fixture.submit(asyncBody(requestID: "p4", callback: nil, message: passingMessage()))
        Self.expectError(missing, status: 400, code: "INVALID_ARGUMENT", mentioning: "callback_url")
        let malformed = try await fixture.submit(Array(#"{"callback_url": "http://93.184.216.34/x", "message": {"#.utf8))
        Self.expectError(malformed, status: 400, code: "INVALID_ARGUMENT")
        let noMessage = try await fixture.submit(Array(#"{"callback_url": "http://93.184.216.34/x"}"#.utf8))
        Self.expectError(noMessage, status: 400, code: "INVALID_ARGUMENT")

        let list = try await fixture.client.call("GET", "/requests")
        #expect(list.status == 200)
        #expect(list.json?["requests"]?.arrayValue?.isEmpty == true, "refused requests must not be logged: \(list.text)")
    }

    @Test("queue full (1 worker, queue 1): the third request gets 503 with Retry-After and is not logged")
    func queueFull() async throws {
        let recorder = WebhookRecorder()
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        let fixture = try Fixture {
            $0.workers = 1
            $0.queueSize = 1
        }
        defer { fixture.stop() }

        let slow = passingMessage(["delay_ms": 1500])
        let first = try await fixture.submit(asyncBody(requestID: Self.uniqueID("q1"), callback: receiver.url(), message: slow))
        let second = try await fixture.submit(asyncBody(requestID: Self.uniqueID("q2"), callback: receiver.url(), message: slow))
        let thirdID = Self.uniqueID("q3")
        let third = try await fixture.submit(asyncBody(requestID: thirdID, callback: receiver.url(), message: slow))
        #expect(first.status == 202)
        #expect(second.status == 202)
        Self.expectError(third, status: 503, code: "UNAVAILABLE")
        let retryAfter = third.headers["Retry-After"].flatMap { Int($0) }
        #expect(retryAfter.map { $0 >= 1 } == true, "Retry-After: \(third.headers["Retry-After"] ?? "missing")")

        let health = try await fixture.client.call("GET", "/healthz")
        #expect(health.json?["queue_depth"]?.intValue == 1, "health: \(health.text)")
        #expect(health.json?["active_workers"]?.intValue == 1, "health: \(health.text)")
        let refused = try await fixture.client.call("GET", "/requests/\(thirdID)")
        #expect(refused.status == 404, "a request answered 503 is not in the log")
    }

    // MARK: - the request log

    @Test("GET /requests?status=delivered&limit=2 lists newest first; GET /requests/{unknown} is 404")
    func listing() async throws {
        let recorder = WebhookRecorder()
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        let fixture = try Fixture()
        defer { fixture.stop() }

        var ids: [String] = []
        for index in 0..<3 {
            let id = Self.uniqueID("list\(index)")
            ids.append(id)
            let reply = try await fixture.submit(asyncBody(requestID: id, callback: receiver.url(), message: passingMessage()))
            #expect(reply.status == 202)
            let record = await Self.waitForStatus(fixture.client, id, "delivered")
            #expect(record?["status"] == "delivered")
            try await Task.sleep(for: .milliseconds(5))  // distinct acceptance times
        }
        // The newest request overall is still in progress.
        let pendingID = Self.uniqueID("pending")
        #expect(try await fixture.submit(asyncBody(requestID: pendingID, callback: receiver.url(), message: passingMessage(["delay_ms": 2000]))).status == 202)

        let delivered = try await fixture.client.call("GET", "/requests?status=delivered&limit=2")
        #expect(delivered.status == 200)
        let listed = delivered.json?["requests"]?.arrayValue ?? []
        #expect(listed.map { $0["request_id"]?.stringValue } == [ids[2], ids[1]], "body: \(delivered.text)")
        #expect(listed.allSatisfy { $0["status"] == "delivered" })

        let newest = try await fixture.client.call("GET", "/requests?limit=1")
        #expect(newest.json?["requests"]?.arrayValue?.first?["request_id"]?.stringValue == pendingID, "body: \(newest.text)")

        let unknown = try await fixture.client.call("GET", "/requests/no-such-request")
        Self.expectError(unknown, status: 404, code: "NOT_FOUND")
    }

    // MARK: - rate limit and token

    @Test("rate limit 3/10 s: the 4th request is 429 with Retry-After; /healthz is exempt")
    func rateLimited() async throws {
        let recorder = WebhookRecorder()
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        let fixture = try Fixture { $0.rateLimit = (limit: 3, window: .seconds(10)) }
        defer { fixture.stop() }

        for _ in 0..<5 { #expect(try await fixture.client.call("GET", "/healthz").status == 200) }
        for index in 0..<3 {
            let reply = try await fixture.submit(asyncBody(requestID: Self.uniqueID("rl\(index)"), callback: receiver.url(), message: passingMessage()))
            #expect(reply.status == 202, "request \(index + 1): \(reply.text)")
        }
        let fourth = try await fixture.submit(asyncBody(requestID: Self.uniqueID("rl3"), callback: receiver.url(), message: passingMessage()))
        Self.expectError(fourth, status: 429, code: "RESOURCE_EXHAUSTED")
        let retryAfter = fourth.headers["Retry-After"].flatMap { Int($0) }
        #expect(retryAfter.map { (1...10).contains($0) } == true, "Retry-After: \(fourth.headers["Retry-After"] ?? "missing")")
        let health = try await fixture.client.call("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.json?["status"] == "ok")
    }

    @Test("with a token, /validate-async and /requests need the bearer token (401 without or wrong)")
    func tokenRequired() async throws {
        let recorder = WebhookRecorder()
        let receiver = try WebhookReceiver(recorder)
        defer { receiver.stop() }
        let fixture = try Fixture { $0.token = "s3cret" }
        defer { fixture.stop() }

        let body = asyncBody(requestID: Self.uniqueID("tok"), callback: receiver.url(), message: passingMessage())
        Self.expectError(try await fixture.submit(body), status: 401, code: "UNAUTHENTICATED")
        Self.expectError(try await fixture.submit(body, headers: ["Authorization": "Bearer wrong"]), status: 401, code: "UNAUTHENTICATED")
        Self.expectError(try await fixture.client.call("GET", "/requests"), status: 401, code: "UNAUTHENTICATED")
        let accepted = try await fixture.submit(body, headers: ["Authorization": "Bearer s3cret"])
        #expect(accepted.status == 202, "body: \(accepted.text)")
        #expect(try await fixture.client.call("GET", "/healthz").status == 200)
    }
}
