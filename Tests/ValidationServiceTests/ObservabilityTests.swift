import BridgeTestSupport
import Foundation
import Synchronization
import Testing
import IPCBridge
@testable import ValidationService

@Suite("Observability: logfmt request lines and GET /metrics")
struct ObservabilityTests {
    @Test("the Prometheus text: counters, cumulative histogram buckets with +Inf, gauges, escaped labels")
    func prometheusText() {
        let metrics = RequestMetrics()
        metrics.record(transport: "tcp", seconds: 0.0004, errorCode: nil)
        metrics.record(transport: "tcp", seconds: 0.003, errorCode: "INVALID_ARGUMENT")
        metrics.record(transport: "tcp", seconds: 20, errorCode: nil)
        let text = PrometheusText.render(metrics.snapshot(), gauges: [
            .init(name: "ipcbridge_connections", help: "Connections.", labels: [("transport", "tcp")], value: 3),
            .init(name: "ipcbridge_connections", help: "Connections.", labels: [("transport", "we\"ird")], value: 0),
        ])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("ipcbridge_requests_total{transport=\"tcp\"} 3"))
        #expect(lines.contains("ipcbridge_errors_total{transport=\"tcp\",code=\"INVALID_ARGUMENT\"} 1"))
        #expect(lines.contains("ipcbridge_request_duration_seconds_bucket{transport=\"tcp\",le=\"0.0005\"} 1"))
        #expect(lines.contains("ipcbridge_request_duration_seconds_bucket{transport=\"tcp\",le=\"0.005\"} 2"), "buckets are cumulative")
        #expect(lines.contains("ipcbridge_request_duration_seconds_bucket{transport=\"tcp\",le=\"10\"} 2"))
        #expect(lines.contains("ipcbridge_request_duration_seconds_bucket{transport=\"tcp\",le=\"+Inf\"} 3"))
        #expect(lines.contains("ipcbridge_request_duration_seconds_count{transport=\"tcp\"} 3"))
        #expect(lines.contains("# TYPE ipcbridge_request_duration_seconds histogram"))
        #expect(lines.filter { $0 == "# TYPE ipcbridge_connections gauge" }.count == 1, "one TYPE line per metric name")
        #expect(lines.contains("ipcbridge_connections{transport=\"we\\\"ird\"} 0"))
    }

    @Test("logfmt lines quote what needs quoting and nothing else")
    func logfmt() {
        let line = RequestLogger.line(timestamp: "2026-11-24T16:20:01.123Z", level: .error, message: "request",
                                      fields: [("transport", "tcp"), ("request_id", "r-1"), ("error", "voltage 60 is \"high\"\n")])
        #expect(line == #"ts=2026-11-24T16:20:01.123Z level=error msg=request transport=tcp request_id=r-1 error="voltage 60 is \"high\"\n""#)
        #expect(RequestLogger.timestamp().range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil)
    }

    @Test("every transport's requests are logged with request id and counted in GET /metrics")
    func endToEnd() async throws {
        let lines = Locked<[String]>([])
        var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0", http: "127.0.0.1:0")
        configuration.grpc = "127.0.0.1:0"
        configuration.logLevel = .debug
        configuration.logSink = { line in lines.withLock { $0.append(line) } }
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let tcp = try TCPBridge(target: try #require(host.tcpAddress).description)
        defer { tcp.close() }
        let http = try HTTPBridge(target: try #require(host.httpAddress).description)
        defer { http.close() }
        let grpc = try GRPCBridge(target: try #require(host.grpcAddress).description)
        defer { grpc.close() }

        let ping = BridgeMessage.request("PING")
        _ = try await tcp.call(ping)
        await #expect(throws: BridgeError.self) { try await tcp.call(.request("PING", attributes: ["fail_with": "INVALID_ARGUMENT"])) }
        _ = try await http.call(.request("PING"))
        _ = try await grpc.call(.request("VALIDATION_REQUEST", attributes: ["board_id": "b", "voltage": 12, "current": 1, "mode": "auto"]))

        let logged = lines.withLock { $0 }
        #expect(logged.contains { $0.contains("level=debug") && $0.contains("transport=tcp") && $0.contains("request_id=\(ping.messageID)") })
        #expect(logged.contains { $0.contains("level=error") && $0.contains("transport=tcp") && $0.contains("status=INVALID_ARGUMENT") })
        #expect(logged.contains { $0.contains("transport=http") && $0.contains("type=PING") })
        #expect(logged.contains { $0.contains("transport=grpc") && $0.contains("type=VALIDATION_REQUEST") && $0.contains("status=OK") })

        let address = try #require(host.httpAddress)
        let text = try await onDedicatedThread { () throws -> String in
            let socket = try BlockingSocket(connectingTo: address)
            try socket.send(Array("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            var bytes: [UInt8] = []
            while let byte = try socket.receive(exactly: 1) { bytes += byte }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(text.hasPrefix("HTTP/1.1 200"))
        #expect(text.contains("Content-Type: text/plain; version=0.0.4"))
        #expect(text.contains("ipcbridge_requests_total{transport=\"tcp\"} 2"))
        #expect(text.contains("ipcbridge_requests_total{transport=\"http\"} 1"))
        #expect(text.contains("ipcbridge_requests_total{transport=\"grpc\"} 1"))
        #expect(text.contains("ipcbridge_errors_total{transport=\"tcp\",code=\"INVALID_ARGUMENT\"} 1"))
        #expect(text.contains("ipcbridge_request_duration_seconds_bucket{transport=\"tcp\",le=\"+Inf\"} 2"))
        #expect(text.contains("ipcbridge_connections{transport=\"tcp\"} 1"))
        #expect(text.contains("ipcbridge_connections{transport=\"grpc\"} 1"))
    }

    @Test("a log output nobody reads never blocks the writer: lines past the queue are dropped and counted")
    func logWriterNeverBlocks() async throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let writer = LogWriter(fd: fds[1], capacity: 100)
        let line = String(repeating: "x", count: 100)
        let started = ContinuousClock.now
        for _ in 0..<100_000 { writer.write(line) }  // 10 MB against a 64 KB pipe nobody reads yet
        #expect(ContinuousClock.now - started < TestTiming.bound(.seconds(5)), "writing must not wait for the reader")
        let reader = FileHandle(fileDescriptor: fds[0], closeOnDealloc: false)
        let found = try await onDedicatedThread { () -> Bool in
            var text = ""
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                text += String(decoding: reader.readAvailableBytes(), as: UTF8.self)
                if text.contains("log lines dropped") { return true }
            }
            return false
        }
        #expect(found, "the dropped count is reported once the output drains")
    }

    @Test("at the default level only failures are logged")
    func defaultLevel() async throws {
        let lines = Locked<[String]>([])
        var configuration = ServerHost.Configuration(tcp: "127.0.0.1:0")
        configuration.logSink = { line in lines.withLock { $0.append(line) } }
        let host = try ServerHost(configuration: configuration)
        defer { host.shutdown(grace: .seconds(1)) }
        let tcp = try TCPBridge(target: try #require(host.tcpAddress).description)
        defer { tcp.close() }
        _ = try await tcp.call(.request("PING"))
        await #expect(throws: BridgeError.self) { try await tcp.call(.request("PING", attributes: ["fail_with": "NOT_FOUND"])) }
        let logged = lines.withLock { $0 }
        #expect(logged.count == 1 && logged.first?.contains("status=NOT_FOUND") == true, "\(logged)")
    }
}
