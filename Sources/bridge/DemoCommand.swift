import CommandLineSupport
import Foundation
import IPCBridge
import Synchronization
import ValidationService

/// `bridge demo`: the validation server in-process, called in every style over each transport.
enum DemoCommand: CLICommand {
    static let usage = """
        usage: bridge demo

        Starts the validation server in-process on free ports (HTTP, framed TCP, a Unix socket
        and gRPC), then over each transport makes a blocking call, an async call, a callback call,
        and (HTTP) a signed webhook round trip and a subscription to pushed deliveries, (framed
        TCP) a WATCH stream and a subscription, (gRPC) a Watch stream and a bidi stream, and
        prints a table of what happened with latencies.
        example: swift run bridge demo
        """
    static let options: Set<String> = []
    static let switches: Set<String> = []

    struct Row {
        let transport: String
        let style: String
        let outcome: String
        let milliseconds: Double?
        var pending = false
    }

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        let socketPath = "/tmp/ipcbridge-demo-\(getpid()).sock"
        let host: ServerHost
        let unixHost: ServerHost
        do {
            var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0", http: "127.0.0.1:0", threads: 1)
            configuration.grpc = "127.0.0.1:0"
            configuration.webhookSecret = demoSecret
            configuration.allowPrivateCallbacks = true  // the demo's webhook receiver is on loopback
            host = try ServerHost(configuration: configuration)
            unixHost = try ServerHost(configuration: .init(tcp: "unix:\(socketPath)", threads: 1))
        } catch {
            CLI.printError("cannot start the demo servers: \(error)")
            return 1
        }
        defer {
            host.shutdown(grace: .seconds(1))
            unixHost.shutdown(grace: .seconds(1))
        }
        print("servers: \(host.listeningLine) and \(unixHost.listeningLine)\n")

        var rows: [Row] = []
        var failures = 0
        var bridges: [(String, () throws -> any Bridge)] = []
        if let address = host.httpAddress {
            bridges.append(("http", {
                try HTTPBridge(target: "http://\(address)", configuration: HTTPBridgeConfiguration(webhookSecret: demoSecret))
            }))
        }
        if let address = host.tcpAddress { bridges.append(("tcp", { try TCPBridge(target: address.description) })) }
        if let address = unixHost.tcpAddress { bridges.append(("unix", { try TCPBridge(target: address.description) })) }
        if let address = host.grpcAddress { bridges.append(("grpc", { try GRPCBridge(target: address.description) })) }
        for (name, make) in bridges {
            do {
                let bridge = try make()
                defer { bridge.close() }
                let results = await exercise(bridge, transport: name)
                failures += results.filter { $0.milliseconds == nil && !$0.pending }.count
                rows += results
            } catch {
                rows.append(Row(transport: name, style: "connect", outcome: "\(error)", milliseconds: nil))
                failures += 1
            }
        }
        printTable(rows)
        print(failures == 0 ? "\nall calls succeeded" : "\n\(failures) calls failed")
        return failures == 0 ? 0 : 1
    }

    static let demoSecret = "whsec_" + Base64.encode(Array("ipcbridge demo webhook secret".utf8))

    static let sample: [String: JSONValue] = ["board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"]

    static func exercise(_ bridge: any Bridge, transport: String) async -> [Row] {
        var rows: [Row] = []
        func timed(_ style: String, _ body: () async throws -> String) async {
            let start = ContinuousClock.now
            do {
                let outcome = try await body()
                rows.append(Row(transport: transport, style: style, outcome: outcome, milliseconds: (ContinuousClock.now - start).secondsDouble * 1000))
            } catch {
                rows.append(Row(transport: transport, style: style, outcome: "\(error)", milliseconds: nil))
            }
        }
        await timed("blocking") {
            let answer = try bridge.callBlocking(.request(MessageType.validationRequest, attributes: sample))
            return "\(answer.type) \(answer.attributes["result"]?.stringValue ?? "")"
        }
        await timed("async/await") {
            var failing = sample
            failing["voltage"] = 60
            let answer = try await bridge.call(.request(MessageType.validationRequest, attributes: failing))
            return "\(answer.type) \(answer.attributes["result"]?.stringValue ?? ""): \(answer.attributes["message"]?.stringValue ?? "")"
        }
        await timed("callback") {
            let result = await withCheckedContinuation { continuation in
                bridge.call(.request(MessageType.ping)) { continuation.resume(returning: $0) }
            }
            return "\(try result.get().type) via completion handler"
        }
        if let http = bridge as? HTTPBridge {
            await timed("webhook (signed)") {
                let answer = try await http.callAsync(.request(MessageType.validationRequest, attributes: sample),
                                                      options: .timeout(.seconds(10)))
                let receiver = try http.webhookReceiver()
                return "202, then \(answer.type) \(answer.attributes["result"]?.stringValue ?? "") POSTed to \(receiver.url), signature verified"
            }
            await timed("subscription") {
                // Submitted without waiting: its signed delivery matches no pending call, so it
                // goes to the subscribers of its type.
                let delivered = Locked<[String]>([])
                let subscription = http.subscribe(to: MessageType.pong) { message in
                    delivered.withLock { $0.append(message.requestID) }
                }
                defer { subscription.cancel() }
                let id = try await http.submit(.request(MessageType.ping), callbackURL: try http.webhookReceiver().url)
                for _ in 0..<500 where delivered.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(10)) }
                guard delivered.withLock({ $0 }) == [id] else { throw BridgeError(.internal, "subscriber got \(delivered.withLock { $0 })") }
                return "202, then the signed PONG pushed to a subscriber (no call waiting)"
            }
        }
        if let grpc = bridge as? GRPCBridge {
            await timed("stream (Watch)") {
                var sequence: [Int] = []
                for try await event in grpc.watch(.request(MessageType.watch, attributes: ["event_count": 3, "event_interval_ms": 10])) {
                    sequence.append(event.attributes["seq"]?.intValue ?? -1)
                }
                return "EVENT seq \(sequence.map(String.init).joined(separator: ",")), then status OK"
            }
            await timed("bidi (ValidateStream)") {
                let stream = grpc.stream()
                for voltage in [12, 60, 5] {
                    stream.send(.request(MessageType.validationRequest, attributes: ["board_id": "b", "voltage": .number(Double(voltage))]))
                }
                stream.finish()
                var results: [String] = []
                for try await answer in stream.responses { results.append(answer.attributes["result"]?.stringValue ?? "?") }
                return "3 requests, answers in order: \(results.joined(separator: ","))"
            }
            return rows
        }
        guard let bridge = bridge as? TCPBridge else { return rows }
        await timed("stream (WATCH)") {
            var sequence: [Int] = []
            for try await event in bridge.watch(.request(MessageType.watch, attributes: ["event_count": 3, "event_interval_ms": 10])) {
                sequence.append(event.attributes["seq"]?.intValue ?? -1)
            }
            return "EVENT seq \(sequence.map(String.init).joined(separator: ",")) then END"
        }
        await timed("subscription") {
            let received = Locked<[Int]>([])
            let subscription = bridge.subscribe(to: MessageType.event) { event in
                received.withLock { $0.append(event.attributes["seq"]?.intValue ?? -1) }
            }
            defer { subscription.cancel() }
            try await bridge.send(.request(MessageType.watch, attributes: ["event_count": 3]))
            for _ in 0..<200 where received.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(10)) }
            let events = received.withLock { $0.sorted() }
            guard events == [0, 1, 2] else { throw BridgeError(.internal, "subscriber got \(events)") }
            return "3 pushed EVENTs to the subscriber"
        }
        return rows
    }

    static func printTable(_ rows: [Row]) {
        let header = ["transport", "style", "latency", "outcome"]
        let cells = rows.map { row in
            [row.transport, row.style, row.pending ? "-" : row.milliseconds.map { String(format: "%.2f ms", $0) } ?? "FAILED", row.outcome]
        }
        let widths = (0..<3).map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        func line(_ values: [String]) -> String {
            (0..<3).map { values[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ") + "  " + values[3]
        }
        print(line(header))
        print(line(widths.map { String(repeating: "-", count: $0) } + ["-------"]))
        for row in cells { print(line(row)) }
    }
}
