import BridgeCore
import TCPBridge

/// Checks of the framed TCP wire (CONTRACT.md section 3) with exact bytes.
enum FramingChecks {
    static let all: [ConformanceCheck] = [
        ConformanceCheck("frame-bad-json", "a frame that does not parse gets ERROR INVALID_ARGUMENT and the connection stays open",
                         transports: ["tcp"]) { context in
            let client = try RawFramedClient(target: context.target, token: context.token)
            try client.sendFrame(body: Array("{not json".utf8))
            let error = try client.receive()
            try expect(error.type == MessageType.error && error.attributes["error_code"] == "INVALID_ARGUMENT",
                       "expected ERROR INVALID_ARGUMENT, got \(error.type) \(error.attributes)")
            try expect(error.requestID.isEmpty, "the ERROR for an unreadable frame has an empty request_id")
            let ping = BridgeMessage.request(MessageType.ping)
            try client.send(ping)
            let pong = try client.receive()
            try expect(pong.type == MessageType.pong && pong.requestID == ping.messageID, "connection did not stay usable")
        },
        ConformanceCheck("frame-zero-length", "a zero-length frame gets ERROR INVALID_ARGUMENT", transports: ["tcp"]) { context in
            let client = try RawFramedClient(target: context.target, token: context.token)
            try client.sendFrame(body: [])
            let error = try client.receive()
            try expect(error.attributes["error_code"] == "INVALID_ARGUMENT", "got \(error.type) \(error.attributes)")
        },
        ConformanceCheck("frame-oversize", "a length over the limit gets ERROR RESOURCE_EXHAUSTED and a close", transports: ["tcp"]) { context in
            let client = try RawFramedClient(target: context.target, token: context.token)
            try client.socket.send([0xFF, 0xFF, 0xFF, 0xF0])
            let error = try client.receive()
            try expect(error.attributes["error_code"] == "RESOURCE_EXHAUSTED", "got \(error.type) \(error.attributes)")
            try expect(client.socket.peerClosed(), "the server must close the connection")
        },
        ConformanceCheck("frame-dribbled", "a frame sent one byte at a time is answered", transports: ["tcp"]) { context in
            let client = try RawFramedClient(target: context.target, token: context.token)
            let ping = BridgeMessage.request(MessageType.ping)
            for byte in Frame.encode(ping) { try client.socket.send([byte]) }
            let pong = try client.receive()
            try expect(pong.type == MessageType.pong && pong.requestID == ping.messageID, "dribbled frame answered by \(pong.type)")
        },
        ConformanceCheck("frame-timestamp-string", "timestamp_ms written as a decimal string is accepted", transports: ["tcp"]) { context in
            let client = try RawFramedClient(target: context.target, token: context.token)
            try client.sendFrame(body: Array(#"{"message_id":"ts-1","type":"PING","timestamp_ms":"1700000000000"}"#.utf8))
            let pong = try client.receive()
            try expect(pong.type == MessageType.pong && pong.requestID == "ts-1", "got \(pong.type) for ts-1")
        },
        ConformanceCheck("frame-pipelined", "frames written back to back in one write are each answered", transports: ["tcp"]) { context in
            let client = try RawFramedClient(target: context.target, token: context.token)
            let pings = (0..<10).map { _ in BridgeMessage.request(MessageType.ping) }
            try client.socket.send(pings.flatMap(Frame.encode))
            var answered = Set<String>()
            for _ in pings {
                let answer = try client.receive()
                try expect(answer.type == MessageType.pong, "expected PONG, got \(answer.type)")
                answered.insert(answer.requestID)
            }
            try expect(answered == Set(pings.map(\.messageID)), "answers \(answered.count) of 10")
        },
    ]
}
