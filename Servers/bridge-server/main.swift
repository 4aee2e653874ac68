// bridge-server: the validation service on the listeners its flags name (CONTRACT.md section 5).
import CBridgeSystem
import CommandLineSupport
import Foundation
import ValidationService

let usage = """
    usage: bridge-server [--tcp HOST:PORT | --tcp unix:PATH] [--token SECRET] [--rules FILE]
                         [--max-frame-bytes N] [--threads N]

      --tcp ADDR             framed TCP listener (port 0 picks a free port), or a Unix socket
      --token SECRET         require HELLO with this token as the first frame
      --rules FILE           replace the built-in rules with a JSON list of rules
      --max-frame-bytes N    largest frame accepted (default 16777216)
      --threads N            event loops (default: one per CPU this process may use)

    Prints `listening tcp=H:P` when ready. SIGTERM or SIGINT: stop accepting, finish what is
    in flight, exit 0.
    example: bridge-server --tcp 127.0.0.1:9001 --token s3cret
    """

/// Options the contract names for transports that have not landed yet: refused clearly.
let notYetAvailable: [String: String] = [
    "http": "the HTTP transport", "grpc": "the gRPC transport", "webhook-secret": "webhooks",
    "journal": "the request journal", "workers": "the async worker pool", "queue-size": "the async queue",
    "rate-limit": "rate limiting",
]

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
        options: Set(["tcp", "token", "rules", "max-frame-bytes", "threads"]).union(notYetAvailable.keys),
        switches: ["allow-private-callbacks"])
    for (option, feature) in notYetAvailable where parsed.value(option) != nil {
        fail("--\(option): \(feature) is not implemented in this build yet")
    }
    if parsed.has("allow-private-callbacks") { fail("--allow-private-callbacks: webhooks are not implemented in this build yet") }
    guard parsed.value("tcp") != nil else { fail("nothing to serve: give --tcp HOST:PORT or --tcp unix:PATH\n\(usage)") }

    var configuration = ServerHost.Configuration(tcp: parsed.value("tcp"), token: parsed.value("token"))
    if let path = parsed.value("rules") {
        do {
            configuration.rules = try RuleSet(contentsOfFile: path)
        } catch {
            fail("--rules \(path): \(error)")
        }
    }
    if let bytes = try parsed.integer("max-frame-bytes", range: 1...Int(UInt32.max)) { configuration.maxFrameBytes = bytes }
    if let threads = try parsed.integer("threads", range: 1...256) { configuration.threads = threads }

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
