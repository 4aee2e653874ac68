import Foundation
import IPCBridge
import Synchronization
import Testing
import ValidationService

// HTTP/1.1 interop (CONTRACT.md sections 1 and 2) with peers nobody on the team wrote:
// - httpx (python/http_client.py) and curl against our in-process ServerHost;
// - our HTTPBridge against an aiohttp server (python/aiohttp_server.py).
//
// A missing peer (python3 that cannot import httpx or aiohttp, or no curl) prints a loud
// `SKIPPED (...)` line to stderr and the test returns; with IPCBRIDGE_REQUIRE_PEERS=1 (as CI
// sets) it records an issue instead. scripts/install-test-deps.sh installs all of them.

@Suite("HTTP peers: httpx, curl, aiohttp", .serialized, .timeLimit(.minutes(2)))
struct HTTPPeerTests {
    /// The checks http_client.py runs, by the names it prints.
    private static let clientChecks: Set<String> = [
        "ping", "validation_pass", "validation_fail", "keep_alive", "malformed_json", "unknown_route",
        "wrong_method", "unknown_type", "echo_route", "healthz", "chunked_body",
    ]

    private static let callOptions = CallOptions.timeout(.seconds(10))

    // MARK: httpx -> our server

    @Test("http_client.py (httpx) passes every check against ServerHost")
    func httpxClientAgainstServerHost() async throws {
        guard let python = await InteropPeers.python3(importing: ["httpx"], for: "httpxClientAgainstServerHost") else { return }
        let host = try ServerHost(configuration: .init(http: "127.0.0.1:0"))
        defer { host.shutdown() }
        let address = try #require(host.httpAddress)
        try await InteropPeers.runCheckClient(python, script: "http_client.py", arguments: ["http://\(address.description)"],
                                              expected: Self.clientChecks, timeout: .seconds(60))
    }

    // MARK: curl -> our server

    @Test("curl: POST /validate over HTTP/1.1 answers PONG and VALIDATION_RESPONSE")
    func curlPostValidate() async throws {
        guard let curl = await InteropPeers.curl(for: "curlPostValidate") else { return }
        let host = try ServerHost(configuration: .init(http: "127.0.0.1:0"))
        defer { host.shutdown() }
        let url = "http://\(try #require(host.httpAddress).description)/validate"

        let ping = BridgeMessage.request(MessageType.ping)
        let pingRun = try await Self.curl(curl, ["-i", "-X", "POST", "-H", "Content-Type: application/json",
                                                 "--data-binary", ping.jsonString, url])
        let pong = try #require(try Curl.responses(pingRun.stdoutBytes).only, "output:\n\(pingRun.stdout)")
        #expect(pong.version == "HTTP/1.1")
        #expect(pong.status == 200, "\(pong)")
        #expect(pong.header("Content-Type")?.hasPrefix("application/json") == true, "\(pong)")
        let pongMessage = try BridgeMessage(json: pong.body)
        #expect(pongMessage.type == MessageType.pong)
        #expect(pongMessage.requestID == ping.messageID)

        let good = BridgeMessage.request(MessageType.validationRequest, attributes: [
            "board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto",
        ])
        let goodRun = try await Self.curl(curl, ["-i", "-H", "Content-Type: application/json",
                                                 "--data-binary", good.jsonString, url])
        let verdict = try #require(try Curl.responses(goodRun.stdoutBytes).only, "output:\n\(goodRun.stdout)")
        #expect(verdict.status == 200, "\(verdict)")
        let answer = try BridgeMessage(json: verdict.body)
        #expect(answer.type == MessageType.validationResponse)
        #expect(answer.requestID == good.messageID)
        #expect(answer.attributes["result"]?.stringValue == "PASS", "\(answer)")
    }

    @Test("curl --http1.0: POST /validate answers 200 PONG, delimited for an HTTP/1.0 client")
    func curlHTTP10() async throws {
        guard let curl = await InteropPeers.curl(for: "curlHTTP10") else { return }
        let host = try ServerHost(configuration: .init(http: "127.0.0.1:0"))
        defer { host.shutdown() }
        let url = "http://\(try #require(host.httpAddress).description)/validate"

        let ping = BridgeMessage.request(MessageType.ping)
        let run = try await Self.curl(curl, ["-v", "-i", "--http1.0", "-H", "Content-Type: application/json",
                                             "--data-binary", ping.jsonString, url])
        #expect(run.stderr.contains("> POST /validate HTTP/1.0"), "curl did not send HTTP/1.0:\n\(run.stderr)")
        let response = try #require(try Curl.responses(run.stdoutBytes).only, "output:\n\(run.stdout)")
        #expect(response.status == 200, "\(response)")
        // An HTTP/1.0 client cannot read chunked framing: the body is Content-Length or close delimited.
        #expect(response.header("Transfer-Encoding") == nil, "\(response)")
        if response.header("Content-Length") == nil {
            #expect(response.header("Connection")?.lowercased() == "close", "\(response)")
        }
        let answer = try BridgeMessage(json: response.body)
        #expect(answer.type == MessageType.pong)
        #expect(answer.requestID == ping.messageID)
    }

    @Test("curl: HEAD /healthz gives the headers and no body (a GET after it on the same connection parses)")
    func curlHeadHealthz() async throws {
        guard let curl = await InteropPeers.curl(for: "curlHeadHealthz") else { return }
        let host = try ServerHost(configuration: .init(http: "127.0.0.1:0"))
        defer { host.shutdown() }
        let url = "http://\(try #require(host.httpAddress).description)/healthz"

        // HEAD then GET on one kept-alive connection: had the server written a body after the
        // HEAD answer, curl would read those bytes as the GET's status line and fail.
        let run = try await Self.curl(curl, ["-v", "-I", url, "--next", "-sS", "--max-time", "10", "-i", url])
        let responses = try Curl.responses(run.stdoutBytes, methods: ["HEAD", "GET"]).final
        try #require(responses.count == 2, "output:\n\(run.stdout)\nstderr:\n\(run.stderr)")
        let head = responses[0], get = responses[1]
        #expect(head.status == 200, "\(head)")
        #expect(head.header("Content-Type")?.hasPrefix("application/json") == true, "\(head)")
        #expect(head.body.isEmpty)
        #expect(run.stderr.contains("Re-using existing connection"), "the GET did not reuse the HEAD's connection:\n\(run.stderr)")
        #expect(get.status == 200, "\(get)")
        let health = try #require(try JSONSerialization.jsonObject(with: Data(get.body)) as? [String: Any], "\(get)")
        #expect(health["status"] as? String == "ok", "\(health)")
        for field in ["queue_depth", "active_workers", "uptime_s"] {
            #expect(health[field] is NSNumber, "\(field) missing in \(health)")
        }
    }

    @Test("curl -H 'Expect: 100-continue': the server answers 100 Continue at once, then 200")
    func curlExpectContinue() async throws {
        guard let curl = await InteropPeers.curl(for: "curlExpectContinue") else { return }
        let host = try ServerHost(configuration: .init(http: "127.0.0.1:0"))
        defer { host.shutdown() }
        let url = "http://\(try #require(host.httpAddress).description)/validate"

        let text = String(repeating: "0123456789abcdef", count: 2048)  // 32 KiB
        let echo = BridgeMessage.request(MessageType.echo, attributes: ["text": .string(text)])
        // curl waits --expect100-timeout (5 s here) for the 100 before sending the body anyway.
        let run = try await Self.curl(curl, ["-i", "-H", "Expect: 100-continue", "--expect100-timeout", "5",
                                             "-H", "Content-Type: application/json", "--data-binary", echo.jsonString, url])
        let parsed = try Curl.responses(run.stdoutBytes)
        #expect(parsed.informational == [100], "RFC 9110 10.1.1: answer 100 or a final status at once; output:\n\(run.stdout.prefix(400))")
        #expect(run.elapsed < .seconds(4), "took \(run.elapsed): curl waited out its 100-continue timeout")
        let response = try #require(parsed.only, "output:\n\(run.stdout.prefix(400))")
        #expect(response.status == 200, "\(response)")
        let answer = try BridgeMessage(json: response.body)
        #expect(answer.type == MessageType.echo)
        #expect(answer.requestID == echo.messageID)
        #expect(answer.attributes["text"]?.stringValue == text)
    }

    @Test("curl with two URLs reuses one kept-alive connection")
    func curlConnectionReuse() async throws {
        guard let curl = await InteropPeers.curl(for: "curlConnectionReuse") else { return }
        let host = try ServerHost(configuration: .init(http: "127.0.0.1:0"))
        defer { host.shutdown() }
        let url = "http://\(try #require(host.httpAddress).description)/validate"

        let ping = BridgeMessage.request(MessageType.ping)
        let run = try await Self.curl(curl, ["-v", "-i", "-H", "Content-Type: application/json",
                                             "--data-binary", ping.jsonString, url, url])
        #expect(run.stderr.contains("Re-using existing connection"), "curl opened a second connection:\n\(run.stderr)")
        let responses = try Curl.responses(run.stdoutBytes).final
        try #require(responses.count == 2, "output:\n\(run.stdout)")
        let answers = try responses.map { response in
            #expect(response.status == 200, "\(response)")
            return try BridgeMessage(json: response.body)
        }
        #expect(answers.allSatisfy { $0.type == MessageType.pong && $0.requestID == ping.messageID }, "\(answers)")
        #expect(answers[0].messageID != answers[1].messageID)
    }

    // MARK: our HTTPBridge -> aiohttp server

    @Test("HTTPBridge: PING, passing and failing validation, unknown type against aiohttp_server.py")
    func bridgeAgainstAiohttpUnary() async throws {
        guard let python = await InteropPeers.python3(importing: ["aiohttp"], for: "bridgeAgainstAiohttpUnary") else { return }
        let (server, target) = try await Self.startAiohttpServer(python: python)
        defer { server.terminate() }
        let bridge = try HTTPBridge(target: target)
        defer { bridge.close() }

        let ping = BridgeMessage.request(MessageType.ping)
        let pong = try await bridge.call(ping, options: Self.callOptions)
        #expect(pong.type == MessageType.pong)
        #expect(pong.requestID == ping.messageID)
        #expect(!pong.messageID.isEmpty && pong.messageID != ping.messageID)

        // The completion-handler form, bounded by the call's own timeout.
        let good = BridgeMessage.request(MessageType.validationRequest, attributes: [
            "board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto",
        ])
        let options = Self.callOptions
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<BridgeMessage, BridgeError>, Never>) in
            bridge.call(good, options: options) { continuation.resume(returning: $0) }
        }
        let passed = try result.get()
        #expect(passed.type == MessageType.validationResponse)
        #expect(passed.requestID == good.messageID)
        #expect(passed.attributes["result"]?.stringValue == "PASS")
        #expect(passed.attributes["violations"]?.arrayValue == [])

        let bad = BridgeMessage.request(MessageType.validationRequest, attributes: [
            "board_id": "board-7", "voltage": 60, "current": 3, "mode": "auto",
        ])
        let failed = try await bridge.call(bad, options: Self.callOptions)
        #expect(failed.type == MessageType.validationResponse)
        #expect(failed.requestID == bad.messageID)
        #expect(failed.attributes["result"]?.stringValue == "FAIL")
        let violations = try #require(failed.attributes["violations"]?.arrayValue)
        #expect(violations.count == 1)
        let violation = try #require(violations.first)
        #expect(violation["field"]?.stringValue == "voltage")
        #expect(violation["rule"]?.stringValue == "max")

        do {
            let answer = try await bridge.call(.request("NO_SUCH_TYPE"), options: Self.callOptions)
            Issue.record("an unknown type should throw, got \(answer.type)")
        } catch {
            #expect(error.code == .unimplemented, "got \(error)")
        }
    }

    @Test("HTTPBridge: 50 concurrent calls with random delay_ms against aiohttp, each matched by request_id")
    func bridgeAgainstAiohttpConcurrent() async throws {
        guard let python = await InteropPeers.python3(importing: ["aiohttp"], for: "bridgeAgainstAiohttpConcurrent") else { return }
        let (server, target) = try await Self.startAiohttpServer(python: python)
        defer { server.terminate() }
        let bridge = try HTTPBridge(target: target)
        defer { bridge.close() }

        let count = 50
        let options = Self.callOptions
        let completions = try await withThrowingTaskGroup(
            of: (index: Int, request: BridgeMessage, answer: BridgeMessage).self
        ) { group in
            for index in 0..<count {
                let request = BridgeMessage.request(MessageType.echo, attributes: [
                    "index": .number(Double(index)),
                    "delay_ms": .number(Double(Int.random(in: 0...30))),
                ])
                group.addTask {
                    (index, request, try await bridge.call(request, options: options))
                }
            }
            var finished: [(index: Int, request: BridgeMessage, answer: BridgeMessage)] = []
            for try await completion in group { finished.append(completion) }
            return finished
        }

        #expect(completions.count == count)
        for completion in completions {
            #expect(completion.answer.requestID == completion.request.messageID, "call \(completion.index)")
            #expect(completion.answer.type == MessageType.echo, "call \(completion.index)")
            #expect(completion.answer.attributes["index"]?.intValue == completion.index, "call \(completion.index)")
        }
        #expect(Set(completions.map(\.index)) == Set(0..<count))
    }

    @Test("HTTPBridge: fail_with UNAVAILABLE throws .unavailable; a 100 ms timeout on delay_ms 8000 throws .deadlineExceeded")
    func bridgeAgainstAiohttpErrors() async throws {
        guard let python = await InteropPeers.python3(importing: ["aiohttp"], for: "bridgeAgainstAiohttpErrors") else { return }
        let (server, target) = try await Self.startAiohttpServer(python: python)
        defer { server.terminate() }
        let bridge = try HTTPBridge(target: target)
        defer { bridge.close() }

        do {
            let answer = try await bridge.call(.request(MessageType.ping, attributes: ["fail_with": "UNAVAILABLE"]),
                                               options: Self.callOptions)
            Issue.record("fail_with UNAVAILABLE should throw, got \(answer.type)")
        } catch {
            #expect(error.code == .unavailable, "got \(error)")
        }

        let started = ContinuousClock.now
        do {
            let answer = try await bridge.call(.request(MessageType.ping, attributes: ["delay_ms": 8000]),
                                               options: .timeout(.milliseconds(100)))
            Issue.record("a 100 ms timeout on delay_ms 8000 should throw, got \(answer.type)")
        } catch {
            #expect(error.code == .deadlineExceeded, "got \(error)")
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(6), "the 100 ms deadline fired after \(elapsed)")

        // The bridge is still usable after a call timed out on one of its connections.
        let ping = BridgeMessage.request(MessageType.ping)
        let pong = try await bridge.call(ping, options: Self.callOptions)
        #expect(pong.type == MessageType.pong)
        #expect(pong.requestID == ping.messageID)
    }

    // MARK: Helpers

    /// Runs curl with `-sS --max-time 10` before `arguments`; fails the test unless it exits 0.
    private static func curl(_ curl: URL, _ arguments: [String]) async throws -> PeerChild.Finished {
        let run = await PeerChild.run(curl, ["-sS", "--max-time", "10"] + arguments, timeout: .seconds(20))
        let finished = try #require(run, "curl \(arguments.joined(separator: " ").prefix(300)) did not finish within 20 s")
        try #require(finished.status == 0, "curl exited \(finished.status)\nstdout:\n\(finished.stdout.prefix(2000))\nstderr:\n\(finished.stderr)")
        return finished
    }

    /// Starts aiohttp_server.py on a free port and returns it with its `http://127.0.0.1:PORT` target.
    private static func startAiohttpServer(python: URL) async throws -> (PeerChild, String) {
        let script = try InteropPeers.script("aiohttp_server.py")
        let server = try PeerChild(python, [script, "--port", "0"])
        let line = await server.waitForLine(prefix: "listening ", timeout: .seconds(15))
        guard let line else {
            server.terminate()
            Issue.record("aiohttp_server.py printed no listening line in 15 s; stderr: \(server.stderr.text)")
            throw HTTPPeerError.notReady
        }
        guard let port = Int(line.dropFirst("listening ".count)), (1...65535).contains(port) else {
            server.terminate()
            Issue.record("unexpected ready line from aiohttp_server.py: \(line)")
            throw HTTPPeerError.notReady
        }
        return (server, "http://127.0.0.1:\(port)")
    }
}

private enum HTTPPeerError: Error {
    case notReady
    case unparsable(String)
}

/// Responses as `curl -i` (or `-I`) prints them: status line, header lines, blank line, body.
private enum Curl {
    struct Response: CustomStringConvertible {
        var version: String
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        var description: String {
            "\(version) \(status) \(headers.map { "\($0.name): \($0.value)" }) body: \(String(decoding: body.prefix(300), as: UTF8.self))"
        }
    }

    struct Parsed {
        /// The 1xx statuses seen before the final responses.
        var informational: [Int]
        var final: [Response]
        var only: Response? { final.count == 1 ? final[0] : nil }
    }

    /// Splits curl's output into responses; `methods[i]` is the method of the i-th request
    /// (a HEAD answer has no body in the output). A body is Content-Length long, else runs to
    /// the end (close-delimited, or chunked which curl prints decoded): only the last may.
    static func responses(_ bytes: [UInt8], methods: [String] = []) throws -> Parsed {
        var parsed = Parsed(informational: [], final: [])
        var index = 0
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while index < bytes.count {
            guard let end = find(separator, in: bytes, from: index) else {
                throw HTTPPeerError.unparsable("no end of header section at byte \(index)")
            }
            let lines = String(decoding: bytes[index..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let statusLine = lines[0].split(separator: " ", maxSplits: 2)
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
                throw HTTPPeerError.unparsable("bad status line \(lines[0])")
            }
            index = end + separator.count
            if (100..<200).contains(status) {
                parsed.informational.append(status)
                continue
            }
            var response = Response(version: String(statusLine[0]), status: status, headers: [], body: [])
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                response.headers.append((String(line[..<colon]),
                                         line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            let method = parsed.final.count < methods.count ? methods[parsed.final.count] : "POST"
            if method != "HEAD" {
                if let length = response.header("Content-Length").flatMap(Int.init), response.header("Transfer-Encoding") == nil {
                    guard index + length <= bytes.count else {
                        throw HTTPPeerError.unparsable("body shorter than Content-Length \(length)")
                    }
                    response.body = Array(bytes[index..<(index + length)])
                    index += length
                } else {
                    response.body = Array(bytes[index...])
                    index = bytes.count
                }
            }
            parsed.final.append(response)
        }
        return parsed
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var position = start
        while position + needle.count <= haystack.count {
            if haystack[position..<(position + needle.count)].elementsEqual(needle) { return position }
            position += 1
        }
        return nil
    }
}
