import BridgeTestSupport
import Foundation
import Testing
import IPCBridge

/// The `bridge` CLI as a user runs it, against a real `bridge-server` process.
@Suite("bridge CLI", .serialized)
struct BridgeCLIProcessTests {
    typealias Server = BridgeServerProcessTests.Server

    /// Runs `bridge ARGS...` to completion; returns status, stdout and stderr.
    static func bridge(_ arguments: [String]) async throws -> (status: Int32?, out: String, err: String) {
        let process = try Server(arguments, executable: builtExecutable("bridge"))
        return try await onDedicatedThread {
            let out = process.output.fileHandleForReading.readAllText()
            let err = process.errors.fileHandleForReading.readAllText()
            return (process.waitForExit(timeout: .seconds(60)), out, err)
        }
    }

    static func withServer(_ extra: [String] = [], listener: [String] = ["--tcp", "127.0.0.1:0"],
                           _ body: (String) async throws -> Void) async throws {
        let server = try Server(listener + extra)
        _ = try await onDedicatedThread { server.readLine() }
        defer { kill(server.process.processIdentifier, SIGTERM) }
        try await body(server.target)
    }

    @Test("bridge generate writes FILE.pb.swift; a broken .proto fails naming FILE:LINE:COLUMN")
    func generate() async throws {
        let directory = NSTemporaryDirectory() + "gen-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = try await Self.bridge(["generate", "Protos/ipcbridge/v1/bridge.proto", "-o", directory])
        #expect(good.status == 0, "stderr: \(good.err)")
        let swift = try String(contentsOfFile: directory + "/bridge.pb.swift", encoding: .utf8)
        #expect(swift.contains("struct Ipcbridge_V1_"), "generated message types")
        #expect(swift.contains("\"/ipcbridge.v1.Validation/Validate\""), "and the service's method paths")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "syntax = \"proto3\";\nmessage Broken {\n  string name = ;\n}\n".write(toFile: directory + "/broken.proto", atomically: true, encoding: .utf8)
        let bad = try await Self.bridge(["generate", directory + "/broken.proto", "-o", directory])
        #expect(bad.status == 1)
        #expect(bad.err.contains("broken.proto:3:"), "stderr: \(bad.err)")
    }

    @Test("bridge conformance prints one line per check and `N passed, 0 failed`")
    func conformance() async throws {
        try await Self.withServer(["--token", "tk"]) { target in
            let run = try await Self.bridge(["conformance", "--transport", "tcp", "--target", target, "--token", "tk"])
            let lines = run.out.split(separator: "\n").map(String.init)
            #expect(run.status == 0, "stderr: \(run.err)")
            #expect(lines.dropLast().allSatisfy { $0.hasPrefix("PASS ") }, "\(run.out)")
            #expect(lines.last == "\(lines.count - 1) passed, 0 failed")
            #expect(lines.count > 15)
        }
    }

    @Test("bridge conformance over HTTP passes against bridge-server --http, with a token")
    func conformanceHTTP() async throws {
        let server = try Server(["--http", "127.0.0.1:0", "--token", "tk"])
        let line = try await onDedicatedThread { server.readLine() }
        defer { kill(server.process.processIdentifier, SIGTERM) }
        let target = String(line.split(separator: " ").first { $0.hasPrefix("http=") }?.dropFirst(5) ?? "")
        let run = try await Self.bridge(["conformance", "--transport", "http", "--target", target, "--token", "tk"])
        let lines = run.out.split(separator: "\n").map(String.init)
        #expect(run.status == 0, "\(run.out) \(run.err)")
        #expect(lines.contains { $0.hasPrefix("PASS http-pipelining") })
        #expect(lines.last == "\(lines.count - 1) passed, 0 failed")
    }

    @Test("over gRPC: conformance passes and load runs in unary and bidi stream modes")
    func grpc() async throws {
        let server = try Server(["--grpc", "127.0.0.1:0"])
        let line = try await onDedicatedThread { server.readLine() }
        defer { kill(server.process.processIdentifier, SIGTERM) }
        let target = String(line.split(separator: " ").first { $0.hasPrefix("grpc=") }?.dropFirst(5) ?? "")
        let conformance = try await Self.bridge(["conformance", "--transport", "grpc", "--target", target])
        #expect(conformance.status == 0, "\(conformance.out) \(conformance.err)")
        #expect(conformance.out.split(separator: "\n").last?.hasSuffix("passed, 0 failed") == true)
        for mode in ["async", "stream"] {
            let load = try await Self.bridge(["load", "--transport", "grpc", "--target", target, "--requests", "1000",
                                              "--concurrency", "8", "--mode", mode])
            #expect(load.status == 0, "\(load.out) \(load.err)")
            #expect(load.out.contains("transport=grpc mode=\(mode) concurrency=8 requests=1000 errors=0"), "\(load.out)")
        }
    }

    @Test("bridge interop-client passes every case against bridge-server's grpc.testing.TestService")
    func interopClientAgainstOurServer() async throws {
        let server = try Server(["--grpc", "127.0.0.1:0"])
        let line = try await onDedicatedThread { server.readLine() }
        defer { kill(server.process.processIdentifier, SIGTERM) }
        let port = String(line.split(separator: ":").last ?? "")
        let run = try await Self.bridge(["interop-client", "--server_host", "127.0.0.1", "--server_port", port, "--test_case", "all_cases"])
        #expect(run.status == 0, "\(run.out) \(run.err)")
        #expect(run.out.contains("14 passed, 0 failed"), "\(run.out)")
    }

    @Test("bridge load --mode webhook answers every request by signed webhook, none lost")
    func loadWebhook() async throws {
        let secret = "whsec_" + Base64.encode(Array("cli webhook test".utf8))
        let server = try Server(["--http", "127.0.0.1:0", "--allow-private-callbacks", "--webhook-secret", secret])
        let line = try await onDedicatedThread { server.readLine() }
        defer { kill(server.process.processIdentifier, SIGTERM) }
        let target = String(line.split(separator: " ").first { $0.hasPrefix("http=") }?.dropFirst(5) ?? "")
        let run = try await Self.bridge(["load", "--transport", "http", "--target", target, "--requests", "300", "--concurrency", "16",
                                         "--mode", "webhook", "--webhook-secret", secret])
        #expect(run.status == 0, "\(run.out) \(run.err)")
        #expect(run.out.contains("mode=webhook concurrency=16 requests=300 errors=0"), "\(run.out)")
        #expect(run.out.contains("lost=0 rejected_503=0 rejected_429=0"))
    }

    @Test("bridge conformance fails, naming the checks, against a server that wants a token it was not given")
    func conformanceFails() async throws {
        try await Self.withServer(["--token", "tk"]) { target in
            let run = try await Self.bridge(["conformance", "--transport", "tcp", "--target", target])
            #expect(run.status == 1)
            #expect(run.out.contains("FAIL ping: UNAUTHENTICATED"))
            #expect(run.out.split(separator: "\n").last?.hasSuffix("failed") == true)
        }
    }

    @Test("bridge call prints the answer as JSON, and exits 1 with one clear line on failure")
    func call() async throws {
        try await Self.withServer { target in
            let ok = try await Self.bridge(["call", "--transport", "tcp", "--target", target,
                                            "--json", #"{"type":"VALIDATION_REQUEST","attributes":{"board_id":"b","voltage":99}}"#])
            #expect(ok.status == 0)
            let answer = try BridgeMessage(jsonString: ok.out.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(answer.attributes["result"] == "FAIL")
            let error = try await Self.bridge(["call", "--transport", "tcp", "--target", target, "--json", #"{"type":"NOPE"}"#])
            #expect(error.status == 1)
            #expect(error.err.contains("UNIMPLEMENTED"))
        }
        let refused = try await Self.bridge(["call", "--transport", "tcp", "--target", "127.0.0.1:1"])
        #expect(refused.status == 1)
        #expect(refused.err.split(separator: "\n").count == 1)
        #expect(refused.err.contains("is bridge-server running with --tcp"))
    }

    @Test("bridge load reports req/s and p50/p95/p99 in every mode", arguments: ["sync", "async", "callback"])
    func load(mode: String) async throws {
        try await Self.withServer { target in
            let run = try await Self.bridge(["load", "--transport", "tcp", "--target", target, "--requests", "2000",
                                             "--concurrency", "8", "--mode", mode])
            #expect(run.status == 0, "stderr: \(run.err)")
            #expect(run.out.contains("mode=\(mode) concurrency=8 requests=2000 errors=0"), "\(run.out)")
            #expect(run.out.range(of: #"req/s=[0-9]+"#, options: .regularExpression) != nil)
            #expect(run.out.range(of: #"latency_ms p50=[0-9.]+ p95=[0-9.]+ p99=[0-9.]+"#, options: .regularExpression) != nil)
        }
    }

    @Test("bridge load --warmup calls first without counting: results, --requests and --seconds count from its end")
    func loadWarmup() async throws {
        try await Self.withServer { target in
            let counted = try await Self.bridge(["load", "--transport", "tcp", "--target", target, "--requests", "300",
                                                 "--concurrency", "4", "--mode", "inline", "--warmup", "0.3"])
            #expect(counted.status == 0, "stderr: \(counted.err)")
            #expect(counted.out.contains("requests=300 errors=0"), "\(counted.out)")
            let none = try await Self.bridge(["load", "--transport", "tcp", "--target", target, "--requests", "100", "--warmup", "0"])
            #expect(none.status == 0 && none.out.contains("requests=100 errors=0"), "\(none.out) \(none.err)")

            let started = ContinuousClock.now
            let timed = try await Self.bridge(["load", "--transport", "tcp", "--target", target, "--requests", "100000000",
                                               "--concurrency", "4", "--mode", "inline", "--warmup", "0.6", "--seconds", "0.4"])
            let wall = ContinuousClock.now - started
            #expect(timed.status == 0, "stderr: \(timed.err)")
            // Counted from the end of the warm-up: ~0.4 s measured of a run of at least 1 s.
            let measured = timed.out.firstMatch(of: /seconds=([0-9.]+)/).flatMap { Double($0.1) } ?? 0
            #expect(measured >= 0.4 && measured < 0.9, "\(timed.out)")
            #expect(wall >= .seconds(1))
        }
    }

    @Test("bridge load --report writes a self-contained page; bridge report draws saved runs side by side")
    func loadReport() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bridge-report-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.withServer { target in
            for mode in ["sync", "async"] {
                let run = try await Self.bridge(["load", "--transport", "tcp", "--target", target, "--requests", "500", "--concurrency", "4",
                                                 "--mode", mode, "--report", "\(folder)/\(mode).html", "--report-json", "\(folder)/\(mode).json",
                                                 "--report-label", "\(mode) <run>"])
                #expect(run.status == 0, "stderr: \(run.err)")
                #expect(run.out.contains("report: \(folder)/\(mode).html"), "\(run.out)")
                let page = try String(contentsOfFile: "\(folder)/\(mode).html", encoding: .utf8)
                #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
                #expect(page.contains("<svg") && page.contains("\(mode) &lt;run&gt;") && !page.contains("<script"))
            }
            let combined = try await Self.bridge(["report", "\(folder)/sync.json", "\(folder)/async.json", "-o", "\(folder)/both.html",
                                                  "--title", "sync vs async"])
            #expect(combined.status == 0, "stderr: \(combined.err)")
            let page = try String(contentsOfFile: "\(folder)/both.html", encoding: .utf8)
            #expect(page.contains("sync &lt;run&gt;") && page.contains("async &lt;run&gt;") && page.contains("2 runs, side by side"))
            let missing = try await Self.bridge(["load", "--transport", "tcp", "--target", target, "--report", "/no/such/folder/x.html"])
            #expect(missing.status == 2 && missing.err.contains("no folder"), "\(missing.err)")
        }
    }

    @Test("every command documents its flags with an example")
    func help() async throws {
        for command in ["call", "load", "report", "conformance", "demo", "generate", "bench-codec"] {
            let run = try await Self.bridge([command, "--help"])
            #expect(run.status == 0)
            #expect(run.out.contains("usage: bridge \(command)"))
            #expect(run.out.contains("example:"))
        }
        let unknown = try await Self.bridge(["frobnicate"])
        #expect(unknown.status != 0)
        #expect(unknown.err.contains("unknown command"))
    }

    @Test("bridge demo calls every transport in every style it lists, and says so")
    func demo() async throws {
        let run = try await Self.bridge(["demo"])
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("all calls succeeded"))
        let rows = Set(run.out.split(separator: "\n").compactMap { line -> String? in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count > 2, ["http", "tcp", "unix", "grpc"].contains(String(columns[0])) else { return nil }
            // transport and style (styles are one or two words before the latency column).
            let style = columns[1...].prefix { !$0.hasSuffix("ms") && Double($0) == nil }.joined(separator: " ")
            return "\(columns[0]) \(style)"
        })
        for transport in ["http", "tcp", "unix", "grpc"] {
            for style in ["blocking", "async/await", "callback"] { #expect(rows.contains("\(transport) \(style)"), "\(transport) \(style)") }
        }
        for expected in ["http webhook (signed)", "http subscription", "tcp stream (WATCH)", "tcp subscription",
                         "unix stream (WATCH)", "unix subscription", "grpc stream (Watch)", "grpc bidi (ValidateStream)"] {
            #expect(rows.contains(expected), "\(expected) in \(rows.sorted())")
        }
    }
}
