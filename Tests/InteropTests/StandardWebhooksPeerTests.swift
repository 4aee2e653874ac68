import Foundation
import IPCBridge
import Synchronization
import Testing
import ValidationService

// Standard Webhooks interop (CONTRACT.md section 2) with the `standardwebhooks` package from
// PyPI, the spec's reference Python library (python/webhooks_peer.py):
// - our ServerHost signs its validate-async callback deliveries, `standardwebhooks` verifies them;
// - `standardwebhooks` signs deliveries, our WebhookReceiver verifies them (and refuses a
//   forged and a stale one).
//
// A python3 that cannot import standardwebhooks prints a loud `SKIPPED (...)` line to stderr
// and the test returns; with IPCBRIDGE_REQUIRE_PEERS=1 (as CI sets) it records an issue
// instead. scripts/install-test-deps.sh installs the package.
//
// Plain (non-`whsec_`) secrets: our rule keys the HMAC with the secret's UTF-8 bytes. The
// package's string form never does that: `Webhook(str)` strips an optional `whsec_` and then
// always base64-decodes the rest (non-strictly, padding added), so `Webhook("hunter2")` keys
// with b"\x86\xe9\xedz\xbd" and a passphrase with characters outside the base64 alphabet is
// silently mangled or raises. A plain secret therefore cannot be handed to the package as a
// string; its bytes form, `Webhook(secret.encode("utf-8"))`, is exactly our rule, so the
// plain-secret repeat passes the peer `--secret-bytes`.

@Suite("Standard Webhooks peer: standardwebhooks (PyPI)", .serialized, .timeLimit(.minutes(2)))
struct StandardWebhooksPeerTests {
    private static let module = "standardwebhooks"

    // MARK: our server signs, standardwebhooks verifies

    @Test("ServerHost signs 5 callbacks with a whsec_ secret; standardwebhooks verifies every one")
    func serverSignsWhsecSecret() async throws {
        guard let python = await InteropPeers.python3(importing: [Self.module], for: "serverSignsWhsecSecret") else { return }
        try await Self.serverSigns(python: python, secret: Self.whsecSecret(), peerFlags: [])
    }

    @Test("ServerHost signs 5 callbacks with a plain secret; standardwebhooks (bytes key) verifies every one")
    func serverSignsPlainSecret() async throws {
        guard let python = await InteropPeers.python3(importing: [Self.module], for: "serverSignsPlainSecret") else { return }
        let secret = "ipcbridge-plain-passphrase-\(UInt64.random(in: 0...UInt64.max))"
        try await Self.serverSigns(python: python, secret: secret, peerFlags: ["--secret-bytes"])
    }

    /// Starts the python receiver and a ServerHost sharing `secret`, submits 5 validate-async
    /// requests whose callback is the receiver, and checks it verified exactly those 5.
    private static func serverSigns(python: URL, secret: String, peerFlags: [String]) async throws {
        let count = 5
        let script = try InteropPeers.script("webhooks_peer.py")
        let receiver = try PeerChild(python, [script, "receive", "--port", "0", "--secret", secret,
                                              "--expect", String(count), "--timeout", "30"] + peerFlags)
        defer { receiver.terminate() }
        let ready = await receiver.waitForLine(prefix: "listening ", timeout: .seconds(10))
        let line = try #require(ready, "webhooks_peer.py receive printed no listening line in 10 s; stderr: \(receiver.stderr.text)")
        let port = try #require(Int(line.dropFirst("listening ".count)), "unexpected ready line: \(line)")

        var configuration = ServerHost.Configuration(http: "127.0.0.1:0", threads: 1)
        configuration.webhookSecret = secret
        configuration.allowPrivateCallbacks = true  // the receiver is on loopback
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let client = HTTPClient(address: try #require(host.httpAddress))
        defer { client.close() }

        let tag = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let requestIDs = (0..<count).map { "swh-\(tag)-\($0)" }
        for id in requestIDs {
            let submission: [String: Any] = [
                "request_id": id,
                "callback_url": "http://127.0.0.1:\(port)/hook",
                "message": ["type": "PING", "message_id": "ping-\(id)"],
            ]
            let body = [UInt8](try JSONSerialization.data(withJSONObject: submission))
            let response = try await Self.post(client, path: "/validate-async", body: body)
            #expect(response.status == 202, "validate-async \(id): \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }

        let exit = await receiver.waitForExit(timeout: .seconds(40))
        let output = receiver.stdout.text
        let status = try #require(exit, "webhooks_peer.py receive did not finish within 40 s; stdout:\n\(output)\nstderr:\n\(receiver.stderr.text)")
        #expect(status == 0, "webhooks_peer.py receive exited \(status)\nstdout:\n\(output)\nstderr:\n\(receiver.stderr.text)")

        let deliveries = try Self.jsonLines(output).filter { $0["verified"] != nil }
        #expect(deliveries.count == count, "deliveries:\n\(output)")
        let refused = deliveries.filter { $0["verified"] as? Bool != true }
        #expect(refused.isEmpty, "standardwebhooks refused \(refused.count) deliveries ServerHost signed: \(refused)")
        #expect(Set(deliveries.compactMap { $0["request_id"] as? String }) == Set(requestIDs), "deliveries:\n\(output)")
        let webhookIDs = deliveries.compactMap { $0["webhook_id"] as? String }
        #expect(webhookIDs.count == count && Set(webhookIDs).count == count && !webhookIDs.contains(""),
                "one distinct webhook-id per request expected: \(webhookIDs)")
    }

    // MARK: standardwebhooks signs, our receiver verifies

    @Test("standardwebhooks signs 3 deliveries WebhookReceiver accepts; a forged and a stale one get 401")
    func standardWebhooksSignsReceiverVerifies() async throws {
        guard let python = await InteropPeers.python3(importing: [Self.module], for: "standardWebhooksSignsReceiverVerifies") else { return }
        let secret = Self.whsecSecret()
        let receiver = try WebhookReceiver(secret: try WebhookSecret(secret))
        defer { receiver.close() }
        let inbox = Inbox()
        receiver.onUnmatched { inbox.append($0) }

        let script = try InteropPeers.script("webhooks_peer.py")
        let run = await PeerChild.run(python, [script, "send", "--url", receiver.url, "--secret", secret, "--count", "3"],
                                      timeout: .seconds(40))
        let finished = try #require(run, "webhooks_peer.py send did not finish within 40 s")
        #expect(finished.status == 0, "webhooks_peer.py send exited \(finished.status)\nstdout:\n\(finished.stdout)\nstderr:\n\(finished.stderr)")

        let posts = try Self.jsonLines(finished.stdout)
        let genuine = posts.filter { $0["kind"] as? String == "genuine" }
        let forged = posts.filter { $0["kind"] as? String == "forged" }
        let stale = posts.filter { $0["kind"] as? String == "stale" }
        #expect(posts.count == 5 && genuine.count == 3 && forged.count == 1 && stale.count == 1, "posts:\n\(finished.stdout)")
        for post in genuine {
            #expect(post["status"] as? Int == 204, "a delivery standardwebhooks signed was not accepted: \(post)")
        }
        for post in forged + stale {
            #expect(post["status"] as? Int == 401, "a \(post["kind"] ?? "") delivery was not refused with 401: \(post)")
        }

        // The handler runs before the 204 is written; the wait is only a bound.
        let deadline = ContinuousClock.now + .seconds(5)
        while inbox.count < 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let messages = inbox.messages
        #expect(messages.count == 3, "onUnmatched got: \(messages)")
        #expect(Set(messages.map(\.requestID)) == Set(genuine.compactMap { $0["request_id"] as? String }))
        #expect(messages.allSatisfy { $0.type == "PONG" && $0.attributes["from"]?.stringValue == "standardwebhooks" })
        let counts = receiver.counts
        #expect(counts == (3, 0, 2), "counts (delivered, duplicates, refused): \(counts)")
    }

    // MARK: helpers

    /// `whsec_` + base64 of 32 random bytes (the encoding ends in one `=`, which both sides must accept).
    private static func whsecSecret() -> String {
        "whsec_" + Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    }

    /// Every stdout line that is a JSON object (the receiver's `listening` line is not).
    private static func jsonLines(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                         "not a JSON object line: \(line)")
        }
    }

    /// One POST through `client`, bounded by a 10 s deadline.
    private static func post(_ client: HTTPClient, path: String, body: [UInt8]) async throws -> HTTPClientResponse {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPClientResponse, BridgeError>, Never>) in
            client.send(method: "POST", path: path, headers: ["Content-Type": "application/json"], body: body,
                        deadline: .now + .seconds(10)) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}

/// Messages a webhook handler received (it runs on the receiver's connection threads).
private final class Inbox: Sendable {
    private let storage = Locked<[BridgeMessage]>([])

    func append(_ message: BridgeMessage) { storage.withLock { $0.append(message) } }
    var count: Int { storage.withLock { $0.count } }
    var messages: [BridgeMessage] { storage.withLock { $0 } }
}
