import BridgeCore

/// Checks of the message contract (CONTRACT.md section 1), made through a ``Bridge`` so they
/// hold for every transport.
enum MessageChecks {
    static let passingAttributes: [String: JSONValue] = ["board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"]

    static func validate(_ context: ConformanceContext, _ attributes: [String: JSONValue],
                         options: CallOptions = .defaults) async throws -> BridgeMessage {
        let answer = try await context.bridge.call(.request(MessageType.validationRequest, attributes: attributes), options: options)
        try expect(answer.type == MessageType.validationResponse, "expected VALIDATION_RESPONSE, got \(answer.type)")
        return answer
    }

    static func violations(of answer: BridgeMessage) -> [(field: String, rule: String)] {
        (answer.attributes["violations"]?.arrayValue ?? []).map {
            ($0["field"]?.stringValue ?? "?", $0["rule"]?.stringValue ?? "?")
        }
    }

    static let all: [ConformanceCheck] = [
        ConformanceCheck("ping", "PING gets PONG answering its message_id, with a fresh message_id") { context in
            let request = BridgeMessage.request(MessageType.ping)
            let answer = try await context.bridge.call(request)
            try expect(answer.type == MessageType.pong, "expected PONG, got \(answer.type)")
            try expect(answer.requestID == request.messageID, "request_id \(answer.requestID) != \(request.messageID)")
            try expect(!answer.messageID.isEmpty && answer.messageID != request.messageID, "answer needs a fresh message_id")
        },
        ConformanceCheck("validation-pass", "a request meeting every built-in rule gets PASS and no violations") { context in
            let answer = try await validate(context, passingAttributes)
            try expect(answer.attributes["result"] == "PASS", "expected PASS, got \(answer.attributes)")
            try expect(violations(of: answer).isEmpty, "PASS must carry an empty violations list")
            try expect(answer.attributes["message"]?.stringValue != nil, "a response carries a message")
        },
        ConformanceCheck("validation-fail-max", "voltage 60 fails rule max on field voltage") { context in
            var attributes = passingAttributes
            attributes["voltage"] = 60
            let answer = try await validate(context, attributes)
            try expect(answer.attributes["result"] == "FAIL", "expected FAIL")
            let found = violations(of: answer)
            try expect(found.count == 1 && found[0] == ("voltage", "max"), "expected [voltage max], got \(found)")
        },
        ConformanceCheck("validation-rule-order", "several violations come back in rule order with the rule names") { context in
            let answer = try await validate(context, ["voltage": -1, "current": "high", "mode": "turbo"])
            let found = violations(of: answer).map { "\($0.field):\($0.rule)" }
            let expected = ["board_id:required", "voltage:min", "current:kind", "mode:one_of"]
            try expect(found == expected, "expected \(expected), got \(found)")
        },
        ConformanceCheck("echo", "ECHO comes back as ECHO carrying the same attributes and payload") { context in
            let request = BridgeMessage.request(MessageType.echo, attributes: ["nested": ["list": [1, "two", true, nil]]],
                                                payload: [0, 1, 2, 255])
            let answer = try await context.bridge.call(request)
            try expect(answer.type == MessageType.echo, "expected ECHO, got \(answer.type)")
            try expect(answer.attributes == request.attributes, "attributes changed: \(answer.attributes)")
            try expect(answer.payload == request.payload, "payload changed: \(answer.payload)")
            if context.transport == "grpc" {
                // Over gRPC, Echo returns the request bytes unchanged (CONTRACT.md section 1).
                try expect(answer == request, "gRPC Echo must return the request unchanged")
            } else {
                try expect(answer.requestID == request.messageID, "request_id must answer the ECHO")
            }
        },
        ConformanceCheck("unknown-type", "an unknown type is UNIMPLEMENTED") { context in
            try await expectError(.unimplemented, "type NO_SUCH_TYPE") {
                try await context.bridge.call(.request("NO_SUCH_TYPE"))
            }
        },
        ConformanceCheck("fail-with", "fail_with ABORTED answers with that error code") { context in
            try await expectError(.aborted, "fail_with ABORTED") {
                try await context.bridge.call(.request(MessageType.ping, attributes: ["fail_with": "ABORTED"]))
            }
        },
        ConformanceCheck("delay", "delay_ms 100 answers no sooner than 100 ms") { context in
            let start = ContinuousClock.now
            _ = try await context.bridge.call(.request(MessageType.ping, attributes: ["delay_ms": 100]))
            let elapsed = ContinuousClock.now - start
            try expect(elapsed >= .milliseconds(100), "answered after \(elapsed)")
        },
        ConformanceCheck("work-iterations", "work_iterations 5 answers the chained SHA-256 digest of message_id") { context in
            let request = BridgeMessage.request(MessageType.validationRequest,
                                                attributes: passingAttributes.merging(["work_iterations": 5]) { $1 })
            let answer = try await context.bridge.call(request)
            let expected = Hex.encode(chainedSHA256(seed: Array(request.messageID.utf8), rounds: 5))
            try expect(answer.attributes["digest"]?.stringValue == expected, "digest \(String(describing: answer.attributes["digest"])) != \(expected)")
        },
        ConformanceCheck("response-bytes", "response_bytes 3000 puts 3000 bytes in the payload") { context in
            let answer = try await context.bridge.call(.request(MessageType.ping, attributes: ["response_bytes": 3000]))
            try expect(answer.payload.count == 3000, "payload has \(answer.payload.count) bytes")
        },
        ConformanceCheck("bad-reserved-value", "a malformed reserved attribute is INVALID_ARGUMENT") { context in
            try await expectError(.invalidArgument, "delay_ms -5") {
                try await context.bridge.call(.request(MessageType.ping, attributes: ["delay_ms": -5]))
            }
        },
        ConformanceCheck("watch", "WATCH with event_count 4 streams EVENT seq 0,1,2,3 then ends", transports: ["tcp", "grpc"]) { context in
            var sequence: [Int] = []
            for try await event in context.bridge.watch(.request(MessageType.watch, attributes: ["event_count": 4, "event_interval_ms": 5])) {
                try expect(event.type == MessageType.event, "expected EVENT, got \(event.type)")
                sequence.append(event.attributes["seq"]?.intValue ?? -1)
            }
            try expect(sequence == [0, 1, 2, 3], "seq values \(sequence)")
        },
        ConformanceCheck("concurrent-out-of-order", "20 concurrent calls with falling delays are all answered and matched") { context in
            let bridge = context.bridge
            try await withThrowingTaskGroup(of: (String, BridgeMessage).self) { group in
                for index in 0..<20 {
                    let request = BridgeMessage.request(MessageType.ping, attributes: ["delay_ms": .number(Double((20 - index) * 5))])
                    group.addTask { (request.messageID, try await bridge.call(request)) }
                }
                var answered = 0
                for try await (id, answer) in group {
                    try expect(answer.requestID == id, "answer for \(answer.requestID) returned to the call \(id)")
                    answered += 1
                }
                try expect(answered == 20, "only \(answered) of 20 answered")
            }
        },
        ConformanceCheck("client-deadline", "a 100 ms timeout on a 10 s delay fails with DEADLINE_EXCEEDED long before the answer") { context in
            let start = ContinuousClock.now
            try await expectError(.deadlineExceeded, "timeout 100 ms") {
                try await context.bridge.call(.request(MessageType.ping, attributes: ["delay_ms": 10_000]),
                                              options: .timeout(.milliseconds(100)))
            }
            try expect(ContinuousClock.now - start < .seconds(8), "the deadline fired late")
        },
    ]
}
