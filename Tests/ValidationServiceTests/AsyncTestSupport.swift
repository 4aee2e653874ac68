import BridgeTestSupport
import Foundation
import IPCBridge
import Synchronization
import ValidationService

// Shared by AsyncRequestTests and JournalDurabilityTests: an in-process webhook receiver,
// raw HTTP calls with bounded waits, and `bridge-server` as a real process with --http.

/// One POST the receiver got, with how the signature check went (nil: no secret to check with).
struct ReceivedWebhook: Sendable {
    let path: String
    let headers: HTTPHeaders
    let body: [UInt8]
    let signatureError: String?
    let answeredStatus: Int

    var webhookID: String? { headers[StandardWebhooks.idHeader] }
    var message: BridgeMessage? { try? BridgeMessage(json: body) }
}

/// The receiver's handler: answers each POST with the next scripted status (then `defaultStatus`),
/// verifies Standard Webhooks signatures when given a secret, records everything and dedupes by
/// `webhook-id`.
final class WebhookRecorder: HTTPRequestHandler {
    struct Dedupe: Sendable {
        /// webhook-id -> the body's request_id, for the first delivery of each webhook-id.
        var firstSeen: [String: String] = [:]
        /// Deliveries whose webhook-id had been seen before.
        var duplicates = 0
        /// Duplicates whose body's request_id differed from the first delivery's (must stay 0).
        var duplicateMismatches = 0
        /// request_id -> every webhook-id it arrived under (must be one each).
        var webhookIDsByRequest: [String: Set<String>] = [:]
    }

    let secret: WebhookSecret?
    private let script: Locked<[Int]>
    private let defaultStatus: Int
    private let log = Locked<[ReceivedWebhook]>([])
    private let dedupe = Locked(Dedupe())

    init(secret: WebhookSecret? = nil, script: [Int] = [], defaultStatus: Int = 200) {
        self.secret = secret
        self.script = Locked(script)
        self.defaultStatus = defaultStatus
    }

    func handle(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder) {
        var signatureError: String?
        if let secret {
            do {
                try StandardWebhooks.verify(secret: secret, id: request.head.headers[StandardWebhooks.idHeader],
                                            timestamp: request.head.headers[StandardWebhooks.timestampHeader],
                                            signatureHeader: request.head.headers[StandardWebhooks.signatureHeader],
                                            body: request.body, now: Clocks.unixMilliseconds() / 1000)
            } catch {
                signatureError = error.description
            }
        }
        let status = script.withLock { $0.isEmpty ? defaultStatus : $0.removeFirst() }
        let received = ReceivedWebhook(path: request.head.target, headers: request.head.headers, body: request.body,
                                       signatureError: signatureError, answeredStatus: status)
        log.withLock { $0.append(received) }
        if (200..<300).contains(status), signatureError == nil, let id = received.webhookID {
            let requestID = received.message?.requestID ?? "<unparsable body>"
            dedupe.withLock { state in
                if let first = state.firstSeen[id] {
                    state.duplicates += 1
                    if first != requestID { state.duplicateMismatches += 1 }
                } else {
                    state.firstSeen[id] = requestID
                }
                state.webhookIDsByRequest[requestID, default: []].insert(id)
            }
        }
        responder.respond(HTTPResponse(status: status))
    }

    var all: [ReceivedWebhook] { log.withLock { $0 } }
    var count: Int { log.withLock { $0.count } }
    var deduped: Dedupe { dedupe.withLock { $0 } }
    /// The request ids delivered (2xx, valid signature), once each.
    var deliveredRequestIDs: Set<String> { dedupe.withLock { Set($0.firstSeen.values) } }
    func deliveries(of requestID: String) -> [ReceivedWebhook] { all.filter { $0.message?.requestID == requestID } }
}

/// An HTTP server on 127.0.0.1:0 in this process, on loops of its own.
struct WebhookReceiver {
    let recorder: WebhookRecorder
    let group: EventLoopGroup
    let server: HTTPServer

    init(_ recorder: WebhookRecorder, threads: Int = 1) throws {
        self.recorder = recorder
        group = try EventLoopGroup(threads: threads, name: "webhook-receiver")
        server = try HTTPServer(address: .ipv4(host: "127.0.0.1", port: 0), group: group, handler: recorder)
    }

    /// `http://127.0.0.1:PORT/hooks/<path>`
    func url(_ path: String = "hook") -> String { "http://\(server.address)/hooks/\(path)" }

    func stop() {
        server.shutdown(grace: .milliseconds(200))
        group.shutdown()
    }
}

/// A response as the tests look at it.
struct RawReply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    var json: JSONValue? { try? JSONParser.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension HTTPClient {
    /// One exchange, waiting at most `timeout`.
    func exchange(_ method: String, _ path: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
                  timeout: Duration = .seconds(5)) async -> Result<RawReply, BridgeError> {
        var headers = headers
        if !body.isEmpty && headers["Content-Type"] == nil { headers.add("Content-Type", "application/json") }
        return await withCheckedContinuation { continuation in
            send(method: method, path: path, headers: headers, body: body, deadline: .now + timeout) { result in
                continuation.resume(returning: result.map { RawReply(status: $0.status, headers: $0.head.headers, body: $0.body) })
            }
        }
    }

    /// Like ``exchange`` but a transport failure is a thrown error.
    func call(_ method: String, _ path: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
              timeout: Duration = .seconds(5)) async throws -> RawReply {
        try await exchange(method, path, headers: headers, body: body, timeout: timeout).get()
    }
}

/// The body of `POST /validate-async`.
func asyncBody(requestID: String? = nil, callback: String?, message: JSONValue) -> [UInt8] {
    var object: [String: JSONValue] = ["message": message]
    if let requestID { object["request_id"] = .string(requestID) }
    if let callback { object["callback_url"] = .string(callback) }
    return JSONWriter.encode(.object(object))
}

/// A VALIDATION_REQUEST that passes, with extra attributes (e.g. `delay_ms`).
func passingMessage(_ extra: [String: JSONValue] = [:], messageID: String? = nil) -> JSONValue {
    var attributes: [String: JSONValue] = ["board_id": "board-7", "voltage": 12, "current": 1.5, "mode": "auto"]
    for (key, value) in extra { attributes[key] = value }
    var object: [String: JSONValue] = ["type": "VALIDATION_REQUEST", "attributes": .object(attributes)]
    if let messageID { object["message_id"] = .string(messageID) }
    return .object(object)
}

/// A fresh `whsec_` secret (24 random bytes).
func randomWhsecSecret() -> String {
    "whsec_" + Base64.encode((0..<24).map { _ in UInt8.random(in: 0...255) })
}

/// `bridge-server` as a child process serving HTTP; stderr goes to a file for diagnostics.
final class HTTPServerProcess: @unchecked Sendable {  // touched by one test task at a time
    let process = Process()
    let output = Pipe()
    let stderrPath: String
    private(set) var line = ""

    init(_ arguments: [String]) throws {
        stderrPath = "/tmp/ipcbridge-server-\(UInt32.random(in: 0...UInt32.max)).stderr"
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = builtExecutable("bridge-server")
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
    }

    /// Reads the listening line (bounded by `timeout`, and by the process closing stdout).
    func readLine(timeout: Duration = .seconds(10)) -> String {
        let bytes = output.fileHandleForReading.readLineBytes(until: ContinuousClock.now + timeout)
        line = String(decoding: bytes, as: UTF8.self)
        return line
    }

    /// The `http=H:P` part of the listening line.
    var httpTarget: String? {
        line.split(separator: " ").first { $0.hasPrefix("http=") }.map { String($0.dropFirst(5)) }
    }

    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) { if process.isRunning { kill(process.processIdentifier, number) } }

    /// The exit status, or nil if it had not exited within `timeout` (then it is SIGKILLed).
    func waitForExit(timeout: Duration = .seconds(10)) -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: stderrPath)
    }
}
