import BridgeCore

/// Checks of the HTTP/1.1 transport (CONTRACT.md section 2) with exact bytes.
enum HTTPChecks {
    static let sample = #"{"type":"VALIDATION_REQUEST","attributes":{"board_id":"b","voltage":1}}"#

    static func client(_ context: ConformanceContext) throws -> RawHTTPClient {
        try RawHTTPClient(target: context.target)
    }

    static func auth(_ context: ConformanceContext) -> String {
        context.token.map { "Authorization: Bearer \($0)\r\n" } ?? ""
    }

    static func expectError(_ response: RawHTTPClient.Response, status: Int, code: String, _ what: String) throws {
        try expect(response.status == status, "\(what): expected HTTP \(status), got \(response.status)")
        let message = response.message
        try expect(message?.type == "ERROR" && message?.attributes["error_code"] == .string(code),
                   "\(what): expected an ERROR \(code) body, got \(String(decoding: response.body, as: UTF8.self))")
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("http-bad-json", "malformed JSON is 400 with ERROR INVALID_ARGUMENT", transports: ["http"]) { context in
            let client = try client(context)
            try client.request("POST", "/validate", body: "{not json", extraHeaders: auth(context))
            try expectError(try client.receive(), status: 400, code: "INVALID_ARGUMENT", "malformed JSON")
        },
        ConformanceCheck("http-unknown-route", "an unknown route is 404", transports: ["http"]) { context in
            let client = try client(context)
            try client.request("POST", "/no/such/route", body: sample, extraHeaders: auth(context))
            try expect(try client.receive().status == 404, "expected 404")
        },
        ConformanceCheck("http-wrong-method", "the wrong method is 405 with Allow", transports: ["http"]) { context in
            let client = try client(context)
            try client.request("GET", "/validate", extraHeaders: auth(context))
            let response = try client.receive()
            try expect(response.status == 405, "expected 405, got \(response.status)")
            try expect(response.headers["allow"]?.contains("POST") == true, "405 must say Allow: POST")
        },
        ConformanceCheck("http-body-too-large", "a Content-Length over the limit is 413 before the body is sent", transports: ["http"]) { context in
            let client = try client(context)
            try client.send("POST /validate HTTP/1.1\r\nHost: x\r\n\(auth(context))Content-Length: 4000000000\r\n\r\n")
            try expect(try client.receive().status == 413, "expected 413")
        },
        ConformanceCheck("http-error-status", "ERROR answers carry the contract's status: UNAVAILABLE 503, unknown type 404", transports: ["http"]) { context in
            let client = try client(context)
            try client.request("POST", "/validate", body: #"{"type":"PING","attributes":{"fail_with":"UNAVAILABLE"}}"#, extraHeaders: auth(context))
            try expectError(try client.receive(), status: 503, code: "UNAVAILABLE", "fail_with UNAVAILABLE")
            try client.request("POST", "/validate", body: #"{"type":"NO_SUCH"}"#, extraHeaders: auth(context))
            try expectError(try client.receive(), status: 404, code: "UNIMPLEMENTED", "unknown type")
        },
        ConformanceCheck("http-pipelining", "two requests in one write get two answers, in order, on one connection", transports: ["http"]) { context in
            let client = try client(context)
            let first = #"{"message_id":"pipe-1","type":"PING","attributes":{"delay_ms":50}}"#
            let second = #"{"message_id":"pipe-2","type":"PING"}"#
            let headers = "Host: x\r\nContent-Type: application/json\r\n\(auth(context))"
            try client.send("POST /validate HTTP/1.1\r\n\(headers)Content-Length: \(first.utf8.count)\r\n\r\n\(first)"
                            + "POST /validate HTTP/1.1\r\n\(headers)Content-Length: \(second.utf8.count)\r\n\r\n\(second)")
            let one = try client.receive()
            let two = try client.receive()
            try expect(one.message?.requestID == "pipe-1" && two.message?.requestID == "pipe-2",
                       "answers out of order: \(one.message?.requestID ?? "?"), \(two.message?.requestID ?? "?")")
        },
        ConformanceCheck("http-chunked-body", "a chunked request body is read", transports: ["http"]) { context in
            let client = try client(context)
            let body = #"{"message_id":"chunky","type":"PING"}"#
            let split = body.index(body.startIndex, offsetBy: 10)
            let a = String(body[..<split]), b = String(body[split...])
            try client.send("POST /validate HTTP/1.1\r\nHost: x\r\n\(auth(context))Transfer-Encoding: chunked\r\n\r\n"
                            + String(a.utf8.count, radix: 16) + "\r\n\(a)\r\n" + String(b.utf8.count, radix: 16) + "\r\n\(b)\r\n0\r\n\r\n")
            let response = try client.receive()
            try expect(response.status == 200 && response.message?.requestID == "chunky", "got \(response.status)")
        },
        ConformanceCheck("http-method-routes", "POST /ipcbridge.v1.Validation/Echo answers ECHO", transports: ["http"]) { context in
            let client = try client(context)
            try client.request("POST", "/ipcbridge.v1.Validation/Echo", body: #"{"message_id":"e1","attributes":{"k":"v"}}"#, extraHeaders: auth(context))
            let response = try client.receive()
            try expect(response.status == 200 && response.message?.type == "ECHO" && response.message?.attributes["k"] == "v",
                       "got \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        },
        ConformanceCheck("http-healthz", "GET /healthz reports status, queue depth, workers and uptime", transports: ["http"]) { context in
            let client = try client(context)
            try client.request("GET", "/healthz")
            let response = try client.receive()
            let health = try? JSONParser.parse(response.body)
            try expect(response.status == 200 && health?["status"] == "ok", "got \(response.status)")
            for key in ["queue_depth", "active_workers", "uptime_s"] {
                try expect(health?[key]?.doubleValue != nil, "healthz lacks \(key)")
            }
        },
        ConformanceCheck("http-auth", "with a token, a missing or wrong bearer token is 401", transports: ["http"]) { context in
            let client = try client(context)
            try client.request("POST", "/validate", body: sample, extraHeaders: "Authorization: Bearer wrong-\(context.token ?? "")\r\n")
            let wrong = try client.receive()
            if context.token == nil {
                try expect(wrong.status == 200, "a server without a token must ignore Authorization, got \(wrong.status)")
            } else {
                try expectError(wrong, status: 401, code: "UNAUTHENTICATED", "wrong token")
                try client.request("POST", "/validate", body: sample)
                try expectError(try client.receive(), status: 401, code: "UNAUTHENTICATED", "no token")
            }
        },
    ]
}
