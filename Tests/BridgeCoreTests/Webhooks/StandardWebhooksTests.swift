import Testing
import BridgeCore

@Suite("Standard Webhooks")
struct StandardWebhooksTests {
    // The Standard Webhooks reference example (checked against Python hmac/base64).
    private static let secretText = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    private static let id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    private static let timestamp: Int64 = 1614265330
    private static let body = Array(#"{"test": 2432232314}"#.utf8)
    private static let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    private static func secret() throws -> WebhookSecret { try WebhookSecret(secretText) }

    private static func verify(id: String? = id, timestamp: String? = String(timestamp), signature: String? = expected,
                               body: [UInt8] = body, now: Int64 = timestamp, tolerance: Int64 = 300) throws {
        try StandardWebhooks.verify(secret: secret(), id: id, timestamp: timestamp, signatureHeader: signature,
                                    body: body, now: now, tolerance: tolerance)
    }

    @Test func referenceExampleSignature() throws {
        let signature = StandardWebhooks.signature(secret: try Self.secret(), id: Self.id, timestamp: Self.timestamp, body: Self.body)
        #expect(signature == Self.expected)
    }

    @Test func headersCarryIdTimestampAndSignature() throws {
        let headers = StandardWebhooks.headers(secret: try Self.secret(), id: Self.id, timestamp: Self.timestamp, body: Self.body)
        #expect(headers.map(\.0) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers.map(\.1) == [Self.id, "1614265330", Self.expected])
    }

    @Test func plainSecretKeysWithUTF8Bytes() throws {
        // Python: base64(hmac.new(b"plain-secret", b"msg_1.1700000000.hello", sha256).digest())
        let secret = try WebhookSecret("plain-secret")
        #expect(secret.key == Array("plain-secret".utf8))
        let signature = StandardWebhooks.signature(secret: secret, id: "msg_1", timestamp: 1_700_000_000, body: Array("hello".utf8))
        #expect(signature == "v1,/2/EnnRK+APzMK/A+8/zG91ylE27Ks1PEE5hXCd1Mm8=")
    }

    @Test func whsecSecretKeysWithDecodedBytes() throws {
        let secret = try Self.secret()
        #expect(secret.key == Base64.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        #expect(secret.key.count == 24)
    }

    @Test func badSecretsAreRefused() {
        #expect(throws: WebhookSecretError.empty) { try WebhookSecret("") }
        #expect(throws: WebhookSecretError.empty) { try WebhookSecret("whsec_") }
        #expect(throws: WebhookSecretError.invalidBase64) { try WebhookSecret("whsec_not base64!") }
    }

    @Test func referenceExampleVerifies() throws {
        try Self.verify()
        // At the edges of the tolerance window, both sides.
        try Self.verify(now: Self.timestamp + 300)
        try Self.verify(now: Self.timestamp - 300)
    }

    @Test func tamperedBodyIdOrTimestampIsRefused() {
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try Self.verify(body: Array(#"{"test": 2432232315}"#.utf8))
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try Self.verify(id: "msg_p5jXN8AQM9LWM0D4loKWxJeK")
        }
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try Self.verify(timestamp: String(Self.timestamp + 1), now: Self.timestamp)
        }
        // One flipped bit in the signature itself.
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try Self.verify(signature: "v1,h0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        }
    }

    @Test func wrongSecretIsRefused() throws {
        let other = try WebhookSecret("whsec_" + Base64.encode(Array("another key entirely".utf8)))
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try StandardWebhooks.verify(secret: other, id: Self.id, timestamp: String(Self.timestamp),
                                        signatureHeader: Self.expected, body: Self.body, now: Self.timestamp)
        }
    }

    @Test func replayOutsideToleranceIsRefused() {
        #expect(throws: WebhookVerificationError.timestampTooOld(timestamp: Self.timestamp, now: Self.timestamp + 301, tolerance: 300)) {
            try Self.verify(now: Self.timestamp + 301)
        }
        #expect(throws: WebhookVerificationError.timestampTooNew(timestamp: Self.timestamp, now: Self.timestamp - 301, tolerance: 300)) {
            try Self.verify(now: Self.timestamp - 301)
        }
        // A tighter tolerance is honoured.
        #expect(throws: WebhookVerificationError.timestampTooOld(timestamp: Self.timestamp, now: Self.timestamp + 11, tolerance: 10)) {
            try Self.verify(now: Self.timestamp + 11, tolerance: 10)
        }
        // Extreme values are refused rather than overflowing.
        #expect(throws: WebhookVerificationError.timestampTooOld(timestamp: Int64.min, now: Self.timestamp, tolerance: 300)) {
            try Self.verify(timestamp: String(Int64.min))
        }
        #expect(throws: WebhookVerificationError.timestampTooNew(timestamp: Int64.max, now: -5, tolerance: 300)) {
            try Self.verify(timestamp: String(Int64.max), now: -5)
        }
    }

    @Test func missingHeadersAreNamed() {
        #expect(throws: WebhookVerificationError.missingHeader("webhook-id")) { try Self.verify(id: nil) }
        #expect(throws: WebhookVerificationError.missingHeader("webhook-id")) { try Self.verify(id: "") }
        #expect(throws: WebhookVerificationError.missingHeader("webhook-timestamp")) { try Self.verify(timestamp: nil) }
        #expect(throws: WebhookVerificationError.missingHeader("webhook-signature")) { try Self.verify(signature: nil) }
    }

    @Test(arguments: ["1614265330.0", "+1614265330", "16142a65330", " 1614265330", "-", "99999999999999999999"])
    func nonIntegerTimestampIsRefused(text: String) {
        #expect(throws: WebhookVerificationError.invalidTimestamp(text)) { try Self.verify(timestamp: text) }
    }

    @Test func anyOfSeveralSignaturesMayMatch() throws {
        let rotatedOut = StandardWebhooks.signature(secret: try WebhookSecret("old secret"), id: Self.id,
                                                    timestamp: Self.timestamp, body: Self.body)
        // The valid entry last, first, and between an unknown version and garbage.
        try Self.verify(signature: "\(rotatedOut) \(Self.expected)")
        try Self.verify(signature: "\(Self.expected) \(rotatedOut)")
        try Self.verify(signature: "v1a,AAAA  not-a-signature \(Self.expected) v1,%%%")
        // The right MAC under another version tag does not count.
        let mac = Self.expected.dropFirst(3)
        #expect(throws: WebhookVerificationError.noMatchingSignature) {
            try Self.verify(signature: "v2,\(mac) \(rotatedOut)")
        }
    }

    @Test func roundTripThroughHeaders() throws {
        let secret = try WebhookSecret("whsec_" + Base64.encode((0..<32).map { UInt8($0) }))
        let body = Array(#"{"message_id":"m-1","type":"VALIDATION_RESPONSE"}"#.utf8)
        let headers = Dictionary(uniqueKeysWithValues: StandardWebhooks.headers(secret: secret, id: "req-9", timestamp: 1_000, body: body))
        try StandardWebhooks.verify(secret: secret, id: headers["webhook-id"], timestamp: headers["webhook-timestamp"],
                                    signatureHeader: headers["webhook-signature"], body: body, now: 1_100)
    }

    @Test func errorMessagesSayWhatIsWrong() {
        #expect(WebhookVerificationError.missingHeader("webhook-id").description == "webhook header webhook-id is missing")
        #expect(WebhookVerificationError.timestampTooOld(timestamp: 100, now: 500, tolerance: 300).description
            == "webhook-timestamp 100 is 400 s old, more than the 300 s tolerance")
        #expect(WebhookSecretError.invalidBase64.description.contains("whsec_"))
    }
}
