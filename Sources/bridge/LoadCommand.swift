import CommandLineSupport
import Dispatch
import Foundation
import IPCBridge
import LoadReport
import Synchronization

/// `bridge load`: N requests at concurrency C through a Bridge, in one calling style.
enum LoadCommand: CLICommand {
    static let usage = """
        usage: bridge load --transport http|tcp|grpc --target ADDR --requests N --concurrency C [--connections K]
                           [--mode sync|async|callback|inline|webhook|stream] [--json MESSAGE] [--seconds S] [--warmup S]
                           [--token T]
                           [--report FILE.html] [--report-json FILE.json] [--report-label TEXT]

          --requests N      how many calls to make in all
          --concurrency C   calls in flight at once (threads in sync mode, tasks in async mode,
                            callback chains in callback and inline modes)
          --connections K   spread the callers over K bridges (default 1): for tcp and grpc, K
                            connections, as a loader such as tcpload or h2load -cK would open; for
                            http, K keep-alive pools, each with a connection per caller (HTTP/1.1
                            carries one exchange at a time), so C calls are in flight as with wrk -cC
          --mode M          sync: blocking calls; async: async/await; callback: completion handlers
                            (on the bridge's callback pool); inline: completion handlers run on the
                            event loop (whenCompleteInline), each starting the next call there;
                            webhook (HTTP): POST /validate-async, answered by signed webhook to an
                            embedded receiver (server needs --allow-private-callbacks); latency is
                            time to answer, and `lost` counts 202s never answered (default async)
                            stream (gRPC): C ValidateStream calls, each ping-ponging one message at a time
          --answer-timeout S  webhook mode: how long an accepted request may take (default 60)
          --webhook-secret S  webhook mode: the server's --webhook-secret
          --json MESSAGE    the message to send (default: a passing VALIDATION_REQUEST); each
                            call gets a fresh message_id
          --seconds S       stop issuing after S seconds even if N is not reached
          --warmup S        call for S seconds first without counting (connections open, caches
                            warm), as tcpload's --warmup and h2load's --warm-up-time: results,
                            --requests and --seconds count from its end (default 0)
          --token T         the server's token
          --report FILE     also write a self-contained HTML page (no script, no network): latency
                            percentiles, histogram and CDF, throughput and latency over time, errors
          --report-json FILE  save the run (histogram and per-100 ms counts) for `bridge report`,
                            which draws several runs side by side
          --report-label T  the run's name in the report (default: transport, mode, concurrency)

        Shows a live progress line, then prints req/s, errors and latency p50/p95/p99.
        example: bridge load --transport tcp --target 127.0.0.1:9001 --requests 100000 --concurrency 64
        example: bridge load --transport tcp --target 127.0.0.1:9001 --requests 1000000 --concurrency 256 --connections 4 --mode inline
        example: bridge load --transport http --target 127.0.0.1:8080 --requests 20000 --report load.html
        """
    static let options: Set<String> = ["transport", "target", "requests", "concurrency", "connections", "mode", "json", "seconds", "warmup", "token",
                                       "answer-timeout", "webhook-secret", "report", "report-json", "report-label"]
    static let switches: Set<String> = []

    static let defaultMessage = #"{"type":"VALIDATION_REQUEST","attributes":{"board_id":"board-7","voltage":12.5,"current":3,"mode":"auto"}}"#

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        do {
            let requests = try arguments.integer("requests", default: 10_000, range: 1...1_000_000_000) ?? 10_000
            let concurrency = try arguments.integer("concurrency", default: 16, range: 1...100_000) ?? 16
            let connections = try arguments.integer("connections", default: 1, range: 1...10_000) ?? 1
            let mode = arguments.value("mode") ?? "async"
            guard ["sync", "async", "callback", "inline", "webhook", "stream"].contains(mode) else {
                throw UsageError("--mode must be sync, async, callback, inline, webhook or stream")
            }
            var template = try BridgeMessage(jsonString: arguments.value("json") ?? defaultMessage)
            if template.type.isEmpty { template.type = MessageType.validationRequest }
            let stopAfter = try arguments.seconds("seconds")
            let warmup = try arguments.seconds("warmup", allowingZero: true) ?? .zero
            let reportFiles = try LoadReportFiles(arguments)
            // HTTP/1.1 carries one exchange at a time per connection: each bridge's pool gets
            // as many connections as it has callers, so C calls are really in flight.
            let callersPerBridge = (concurrency + connections - 1) / connections
            let bridges = try (0..<connections).map { _ in
                try CLI.makeBridge(arguments, httpConnections: max(HTTPBridgeConfiguration.defaults.maxConnections, callersPerBridge))
            }
            defer { for bridge in bridges { bridge.close() } }
            let bridge = bridges[0]

            // One call first, so a wrong address fails with one clear line instead of N errors.
            var probe = template
            probe.messageID = MessageID.next()
            _ = try await bridge.call(probe, options: .timeout(.seconds(10)))

            let answerTimeout = try arguments.seconds("answer-timeout") ?? .seconds(60)
            if mode == "webhook" && !(bridge is HTTPBridge) { throw UsageError("--mode webhook needs --transport http") }
            if mode == "stream" && !(bridge is GRPCBridge) { throw UsageError("--mode stream needs --transport grpc") }
            let reportRun = reportFiles?.newRun(transport: bridge.transport, mode: mode, concurrency: concurrency)
            let measuredFrom = ContinuousClock.now + warmup
            let run = LoadRun(bridges: bridges, template: template, total: requests, measuredFrom: measuredFrom,
                              deadline: stopAfter.map { measuredFrom + $0 }, answerTimeout: answerTimeout, report: reportRun)
            let progress = ProgressLine(recorder: run.recorder, total: requests)
            progress.start()
            switch mode {
            case "sync": run.runBlocking(concurrency: concurrency)
            case "callback": await run.runCallbacks(concurrency: concurrency)
            case "inline": await run.runInline(concurrency: concurrency)
            case "webhook": await run.runAsync(concurrency: concurrency, viaWebhook: true)
            case "stream": await run.runStreams(concurrency: concurrency)
            default: await run.runAsync(concurrency: concurrency)
            }
            let elapsed = ContinuousClock.now - measuredFrom
            progress.stop()
            report(run.recorder, elapsed: elapsed, mode: mode, concurrency: concurrency, transport: bridge.transport)
            if let reportFiles, let record = run.recorder.reportRecord(duration: elapsed) {
                guard reportFiles.write(record) else { return 2 }
            }
            return run.recorder.failed.load(ordering: .relaxed) == 0 ? 0 : 1
        } catch let error as BridgeError {
            CLI.printError(CLI.explain(error, transport: arguments.value("transport") ?? "tcp"))
            return 1
        } catch {
            CLI.printError("\(error)")
            return 2
        }
    }

    private static func report(_ recorder: LatencyRecorder, elapsed: Duration, mode: String, concurrency: Int, transport: String) {
        let completed = recorder.completed.load(ordering: .relaxed)
        let failed = recorder.failed.load(ordering: .relaxed)
        let seconds = elapsed.secondsDouble
        print(String(format: "transport=%@ mode=%@ concurrency=%d requests=%d errors=%d seconds=%.2f req/s=%.0f",
                     transport, mode, concurrency, completed + failed, failed, seconds, Double(completed) / max(seconds, 1e-9)))
        if let p = recorder.percentiles() {
            print(String(format: "latency_ms p50=%.3f p95=%.3f p99=%.3f max=%.3f", p.p50, p.p95, p.p99, p.max))
        }
        let first = recorder.firstErrorDescriptions
        for (name, count) in recorder.errors.sorted(by: { $0.key < $1.key }) {
            print("errors \(name)=\(count)" + (first[name].map { " first: \($0)" } ?? ""))
        }
        if mode == "webhook" {
            // A webhook call that times out was accepted (202) and never answered.
            print("lost=\(recorder.errors["DEADLINE_EXCEEDED"] ?? 0) rejected_503=\(recorder.errors["UNAVAILABLE"] ?? 0) rejected_429=\(recorder.errors["RESOURCE_EXHAUSTED"] ?? 0)")
        }
    }
}

/// The shared state of one load run: which request is next, and where results go.
final class LoadRun: Sendable {
    /// The bridges the callers share, caller `i` using `bridges[i % count]`.
    let bridges: [any Bridge]
    let template: BridgeMessage
    let total: Int
    /// The end of the warm-up: calls completing earlier are not counted.
    let measuredFrom: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant?
    let answerTimeout: Duration
    let recorder: LatencyRecorder
    private let issued = Atomic<Int>(0)
    private let ended = Atomic<Bool>(false)

    init(bridges: [any Bridge], template: BridgeMessage, total: Int, measuredFrom: ContinuousClock.Instant = .now,
         deadline: ContinuousClock.Instant?, answerTimeout: Duration, report: LoadRunRecord? = nil) {
        self.bridges = bridges
        self.template = template
        self.total = total
        self.measuredFrom = measuredFrom
        self.deadline = deadline
        self.answerTimeout = answerTimeout
        self.recorder = LatencyRecorder(expected: total, origin: measuredFrom, report: report)
    }

    /// The bridge caller (thread, task or chain) number `caller` uses.
    func bridge(for caller: Int) -> any Bridge {
        bridges[caller % bridges.count]
    }

    /// Makes `request`, a caller's own copy of ``template``, the next request by giving it a
    /// fresh id; false when the run is over. (Each caller reusing one message, rather than
    /// copying the template for every call, saves copying and destroying a whole message.)
    func nextRequest(_ request: inout BridgeMessage) -> Bool {
        // `--seconds` is checked against the clock reading `record` takes anyway: every call
        // after the first of each caller follows a recorded one (a clock read of its own was
        // ~2% of a pipelined run's client time).
        if ended.load(ordering: .relaxed) { return false }
        guard issued.add(1, ordering: .relaxed).oldValue < total else { return false }
        request.messageID = MessageID.next()
        return true
    }

    /// Records a call that started at `start` and ended now; returns now, which a caller
    /// going straight on to its next call can take as that call's start.
    @discardableResult
    func record(_ result: Result<BridgeMessage, BridgeError>, since start: ContinuousClock.Instant) -> ContinuousClock.Instant {
        switch result {
        case .success: recordSuccess(since: start)
        case .failure(let error): recordFailure(error, since: start)
        }
    }

    /// Records an answered call (the answer itself is not needed: passing it along as a
    /// `Result` cost a copy of the whole message per call).
    @discardableResult
    func recordSuccess(since start: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let end = ContinuousClock.now
        guard counts(end) else { return end }
        recorder.record(.success(BridgeMessageLatency(duration: end - start)), completedAt: end)
        return end
    }

    /// Records a failed call.
    @discardableResult
    func recordFailure(_ error: BridgeError, since start: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let end = ContinuousClock.now
        guard counts(end) else { return end }
        recorder.noteFirst(error.code.name, error.description)
        recorder.record(.failure(BridgeErrorName(name: error.code.name)), completedAt: end)
        return end
    }

    /// Whether a call ending at `end` is counted: a warm-up call is not, and its place in
    /// `--requests` goes back. Ends the run once `end` is past the deadline.
    private func counts(_ end: ContinuousClock.Instant) -> Bool {
        if end < measuredFrom {
            issued.subtract(1, ordering: .relaxed)
            return false
        }
        if let deadline, end >= deadline { ended.store(true, ordering: .relaxed) }
        return true
    }

    func runBlocking(concurrency: Int) {
        let group = DispatchGroup()
        for caller in 0..<concurrency {
            group.enter()
            let bridge = bridge(for: caller)
            let thread = Thread { [self] in
                var start = ContinuousClock.now  // then each call starts when the previous one is recorded
                var request = self.template
                while self.nextRequest(&request) {
                    do {
                        _ = try bridge.callBlocking(request)
                        start = self.recordSuccess(since: start)
                    } catch {
                        start = self.recordFailure(BridgeError(wrapping: error), since: start)
                    }
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
    }

    func runAsync(concurrency: Int, viaWebhook: Bool = false) async {
        let options = CallOptions(timeout: answerTimeout)
        // The callers run on an event loop of the bridges' group: an answer resumes its caller
        // on the thread that read it, with no hop to the global pool (see EventLoop+TaskExecutor).
        await withTaskExecutorPreference(EventLoopGroup.shared.next()) {
            await runCallers(concurrency: concurrency, viaWebhook: viaWebhook, options: options)
        }
    }

    private func runCallers(concurrency: Int, viaWebhook: Bool, options: CallOptions) async {
        await withTaskGroup(of: Void.self) { group in
            for caller in 0..<concurrency {
                let bridge = bridge(for: caller)
                let webhookBridge = viaWebhook ? bridge as? HTTPBridge : nil
                group.addTask {
                    // Each call starts when the previous one is recorded: one clock read per call.
                    var start = ContinuousClock.now
                    var request = self.template
                    while self.nextRequest(&request) {
                        do {
                            if let webhookBridge {
                                _ = try await webhookBridge.callAsync(request, options: options)
                            } else {
                                _ = try await bridge.call(request)
                            }
                            start = self.recordSuccess(since: start)
                        } catch {
                            start = self.recordFailure(BridgeError(wrapping: error), since: start)
                        }
                    }
                }
            }
        }
    }

    /// Bidirectional streams: each worker keeps one ValidateStream and sends the next request
    /// when the previous answer is back.
    func runStreams(concurrency: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for caller in 0..<concurrency {
                guard let grpc = bridge(for: caller) as? GRPCBridge else { return }
                group.addTask {
                    let stream = grpc.stream()
                    var answers = stream.responses.makeAsyncIterator()
                    var start = ContinuousClock.now  // then each message starts when the previous answer is recorded
                    var request = self.template
                    while self.nextRequest(&request) {
                        stream.send(request)
                        do {
                            guard try await answers.next() != nil else {
                                self.recordFailure(BridgeError(.unavailable, "stream ended"), since: start)
                                break
                            }
                            start = self.recordSuccess(since: start)
                        } catch {
                            self.recordFailure(BridgeError(wrapping: error), since: start)
                            break
                        }
                    }
                    stream.finish()
                }
            }
        }
    }

    /// Completion handlers run inline on the event loop that read the answer
    /// (`whenCompleteInline`), each issuing its chain's next call right there: no task, no
    /// callback pool and no thread hop per call; what a pipelined client costs.
    func runInline(concurrency: Int) async {
        await runChains(concurrency: concurrency, style: .inline)
    }

    /// Completion handlers on the bridge's callback pool (each runs on a pool thread).
    func runCallbacks(concurrency: Int) async {
        await runChains(concurrency: concurrency, style: .callback)
    }

    /// `concurrency` chains of calls, each starting its next call when the previous one completes.
    private func runChains(concurrency: Int, style: CallChain.Style) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let chainsLeft = Atomic<Int>(concurrency)
            let chainEnded: @Sendable () -> Void = {
                if chainsLeft.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { continuation.resume() }
            }
            for caller in 0..<concurrency {
                CallChain(run: self, bridge: bridge(for: caller), style: style, ended: chainEnded).issue(at: .now)
            }
        }
    }
}

/// A progress line on standard error, rewritten in place on a terminal.
final class ProgressLine: @unchecked Sendable {  // the timer is only started and cancelled, from one task
    private let recorder: LatencyRecorder
    private let total: Int
    private let timer: DispatchSourceTimer
    private let interactive = isatty(2) != 0

    init(recorder: LatencyRecorder, total: Int) {
        self.recorder = recorder
        self.total = total
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "progress"))
    }

    func start() {
        let started = ContinuousClock.now
        let interval: Duration = interactive ? .milliseconds(250) : .seconds(2)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(Int(interval.secondsDouble * 1000)))
        timer.setEventHandler { [recorder, total, interactive] in
            let done = recorder.completed.load(ordering: .relaxed)
            let failed = recorder.failed.load(ordering: .relaxed)
            let rate = Double(done) / max((ContinuousClock.now - started).secondsDouble, 1e-9)
            let line = String(format: "  %d/%d calls  %.0f req/s  %d errors", done + failed, total, rate, failed)
            FileHandle.standardError.write(Data((interactive ? "\r" + line : line + "\n").utf8))
        }
        timer.resume()
    }

    func stop() {
        timer.cancel()
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
