// bridge-server: the validation service on the listeners its flags name (CONTRACT.md section 5).
import BridgeCore
import CBridgeSystem
import CommandLineSupport
import Foundation
import ValidationService

let usage = """
    usage: bridge-server [--http HOST:PORT] [--tcp HOST:PORT | --tcp unix:PATH] [--grpc HOST:PORT] [--token SECRET]
                         [--rules FILE] [--max-frame-bytes N] [--max-body-bytes N] [--threads N]
                         [--webhook-secret S] [--journal PATH] [--workers N] [--queue-size N]
                         [--rate-limit N/SECONDS] [--allow-private-callbacks] [--allow-callback LIST]
                         [--allowed-uid LIST] [--max-connections N] [--idle-timeout SECS] [--stall-timeout SECS]
                         [--max-concurrent-streams N] [--max-header-list-bytes N] [--max-message-bytes N]
                         [--max-resets-per-second N] [--max-pings-per-second N] [--max-settings-per-second N]
                         [--log-level debug|info|error]

      --http ADDR            HTTP/1.1 listener (POST /validate, GET /healthz, ...); port 0 picks one
      --tcp ADDR             framed TCP listener (port 0 picks a free port), or a Unix socket
      --grpc ADDR            gRPC over h2c: ipcbridge.v1.Validation, grpc.health.v1.Health, and
                             grpc.testing.TestService (for gRPC's interop clients)
      --token SECRET         require it on every transport: HTTP `Authorization: Bearer SECRET`, TCP a first
                             HELLO frame, gRPC `authorization: Bearer SECRET` metadata (health checks stay open)
      --rules FILE           replace the built-in rules with a JSON list of rules
      --max-frame-bytes N    largest TCP frame accepted (default 16777216)
      --max-body-bytes N     largest HTTP request body accepted (default 4194304; 413 past it)
      --webhook-secret S     sign webhook deliveries (Standard Webhooks; whsec_<base64> or any text)
      --journal PATH         SQLite request log: requests answered 202 survive a restart
      --workers N            async requests processed at once (default 8)
      --queue-size N         async requests waiting at most (default 1000; 503 past it)
      --rate-limit N/SECS    per-client sliding window on HTTP (429 with Retry-After past it)
      --allow-private-callbacks  accept callback URLs on loopback/private/link-local addresses
      --allow-callback LIST  comma-separated hosts or CIDRs callback URLs may resolve to
      --allowed-uid LIST     Unix sockets: only these user ids may connect (SO_PEERCRED; the
                             socket file is already mode 0600)
      --threads N            event loops (default: one per CPU this process may use)
      --log-level LEVEL      debug: a logfmt line per request (transport, request_id, type, status,
                             latency_ms) on stderr; info/error: only failed requests (default info)

    Limits on what a peer controls (defaults in parentheses; docs/RELIABILITY.md explains each):
      --max-connections N    open connections per listener; past it new ones are closed at once (16384)
      --idle-timeout SECS    close connections with no traffic and nothing in flight; 0 = never (300);
                             HTTP keep-alive connections also close after 60 s between requests
      --stall-timeout SECS   cut off a peer that leaves a message half-sent, reads none of our output,
                             or keeps an HTTP/2 window shut, for this long; 0 = never (30)
      --max-concurrent-streams N  gRPC: HTTP/2 streams per connection; more are refused (100)
      --max-header-list-bytes N   gRPC: decoded header list size; larger blocks end the connection (16384)
      --max-message-bytes N       gRPC: largest request message, RESOURCE_EXHAUSTED past it (4194304)
      --max-resets-per-second N   gRPC: streams a client may reset, or have refused, per second,
                                  with a burst of 4x; past it GOAWAY(ENHANCE_YOUR_CALM) (50)
      --max-pings-per-second N    gRPC: PINGs a client may send per second, burst 4x (50)
      --max-settings-per-second N gRPC: SETTINGS a client may send per second, burst 4x (10)

    GET /metrics on the HTTP listener: Prometheus text (requests, errors and latency per transport,
    connections per transport, async queue depth).

    Prints `listening http=H:P tcp=H:P grpc=H:P` (the listeners asked for) when ready. SIGTERM or SIGINT: stop accepting, finish what is
    in flight, exit 0.
    example: bridge-server --http 127.0.0.1:8080 --tcp 127.0.0.1:9001 --grpc 127.0.0.1:50051
    """

/// Options the contract names for transports that have not landed yet: refused clearly.
let notYetAvailable: [String: String] = [:]

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bridge-server: \(message)\n".utf8))
    exit(2)
}

// Before any thread starts, so every thread inherits the mask and only the waiter sees them.
cb_block_termination_signals()

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}

do {
    let parsed = try ParsedArguments(
        arguments,
        options: Set(["tcp", "http", "grpc", "token", "rules", "max-frame-bytes", "max-body-bytes", "threads", "webhook-secret",
                      "journal", "workers", "queue-size", "rate-limit", "allow-callback", "allowed-uid",
                      "max-connections", "idle-timeout", "stall-timeout", "max-concurrent-streams", "max-header-list-bytes",
                      "max-message-bytes", "max-resets-per-second", "max-pings-per-second", "max-settings-per-second",
                      "log-level"])
            .union(notYetAvailable.keys),
        switches: ["allow-private-callbacks"])
    for (option, feature) in notYetAvailable where parsed.value(option) != nil {
        fail("--\(option): \(feature) is not implemented in this build yet")
    }
    guard parsed.value("tcp") != nil || parsed.value("http") != nil || parsed.value("grpc") != nil else {
        fail("nothing to serve: give --http HOST:PORT, --tcp HOST:PORT (or unix:PATH) and/or --grpc HOST:PORT\n\(usage)")
    }

    var configuration = ServerHost.Configuration(tcp: parsed.value("tcp"), http: parsed.value("http"), token: parsed.value("token"))
    configuration.grpc = parsed.value("grpc")
    if let path = parsed.value("rules") {
        do {
            configuration.rules = try RuleSet(contentsOfFile: path)
        } catch {
            fail("--rules \(path): \(error)")
        }
    }
    if let bytes = try parsed.integer("max-frame-bytes", range: 1...Int(UInt32.max)) { configuration.maxFrameBytes = bytes }
    if let bytes = try parsed.integer("max-body-bytes", range: 1...Int(UInt32.max)) { configuration.maxBodyBytes = bytes }
    if let threads = try parsed.integer("threads", range: 1...256) { configuration.threads = threads }
    configuration.webhookSecret = parsed.value("webhook-secret")
    configuration.journal = parsed.value("journal")
    configuration.allowPrivateCallbacks = parsed.has("allow-private-callbacks")
    if let list = parsed.value("allowed-uid") {
        let uids = list.split(separator: ",").compactMap { UInt32($0) }
        guard !uids.isEmpty, uids.count == list.split(separator: ",").count else { fail("--allowed-uid takes user ids, e.g. 1000,1001") }
        configuration.allowedPeerUIDs = Set(uids)
    }
    if let list = parsed.value("allow-callback") { configuration.callbackAllowList = list.split(separator: ",").map(String.init) }
    if let workers = try parsed.integer("workers", range: 1...10_000) { configuration.workers = workers }
    if let size = try parsed.integer("queue-size", range: 1...10_000_000) { configuration.queueSize = size }
    if let text = parsed.value("rate-limit") {
        do {
            configuration.rateLimit = try SlidingWindowRateLimiter.parse(text)
        } catch {
            fail("--rate-limit: \(error)")
        }
    }

    if let count = try parsed.integer("max-connections", range: 1...1_000_000) { configuration.connectionLimits.maxConnections = count }
    if let seconds = try parsed.integer("idle-timeout", range: 0...86_400) {
        configuration.connectionLimits.idleTimeout = seconds == 0 ? nil : .seconds(seconds)
    }
    if let seconds = try parsed.integer("stall-timeout", range: 0...86_400) {
        configuration.connectionLimits.stallTimeout = seconds == 0 ? nil : .seconds(seconds)
    }
    if let count = try parsed.integer("max-concurrent-streams", range: 1...100_000) {
        configuration.grpcSettings.http2Settings.maxConcurrentStreams = count
    }
    if let bytes = try parsed.integer("max-header-list-bytes", range: 1024...(16 << 20)) {
        configuration.grpcSettings.http2Settings.maxHeaderListSize = bytes
    }
    if let bytes = try parsed.integer("max-message-bytes", range: 1...(1 << 30)) { configuration.grpcSettings.maxMessageBytes = bytes }
    if let rate = try parsed.integer("max-resets-per-second", range: 1...1_000_000) { configuration.grpcSettings.floodLimits.resets = .perSecond(rate) }
    if let rate = try parsed.integer("max-pings-per-second", range: 1...1_000_000) { configuration.grpcSettings.floodLimits.pings = .perSecond(rate) }
    if let rate = try parsed.integer("max-settings-per-second", range: 1...1_000_000) {
        configuration.grpcSettings.floodLimits.settings = .perSecond(rate)
    }

    if let name = parsed.value("log-level") {
        guard let level = LogLevel(name: name) else { fail("--log-level takes debug, info or error (got '\(name)')") }
        configuration.logLevel = level
    }

    let host: ServerHost
    do {
        host = try ServerHost(configuration: configuration)
    } catch {
        fail("\(error)")
    }

    // Written unbuffered, so a parent process reading the pipe sees it at once.
    FileHandle.standardOutput.write(Data((host.listeningLine + "\n").utf8))

    // Graceful shutdown on SIGTERM and SIGINT: the main thread waits for them with sigwait.
    // They are blocked in every thread (set before any thread started), so no thread can be
    // killed by them, and this works whatever mask or handlers the parent left us.
    _ = cb_wait_termination_signal()
    host.shutdown(grace: .seconds(10))
    exit(0)
} catch {
    fail("\(error)\n\(usage)")
}
