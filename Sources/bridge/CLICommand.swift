import CommandLineSupport
import Foundation
import IPCBridge

/// One `bridge` subcommand: its flags, its help text, and what it does.
protocol CLICommand: SendableMetatype {
    static var usage: String { get }
    static var options: Set<String> { get }
    static var switches: Set<String> { get }
    /// Runs the command; returns the process exit status.
    static func run(_ arguments: ParsedArguments) async -> Int32
}

enum CLI {
    /// Prints one clear line to standard error and exits non-zero.
    static func fail(_ message: String, status: Int32 = 2) -> Never {
        FileHandle.standardError.write(Data("bridge: \(message)\n".utf8))
        exit(status)
    }

    /// Runs `command` as a task and parks the main thread until it returns its exit status.
    ///
    /// Why not top-level `await`: on Linux an async `main` hands the main thread to
    /// `dispatchMain()`, which ends it with `pthread_exit`, and valgrind 3.19 dies on that
    /// (an internal SIGSEGV in any Swift program that calls `dispatchMain()`). Parked on a
    /// semaphore instead, the client runs under callgrind and DHAT like bridge-server does.
    /// Nothing in the CLI is main-actor isolated, so nothing waits for the parked thread.
    static func runToCompletion(_ command: @escaping @Sendable () async -> Int32) -> Int32 {
        let status = Locked<Int32>(0)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result = await command()
            status.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return status.withLock { $0 }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("bridge: \(message)\n".utf8))
    }

    /// A bridge for `--transport` and `--target`.
    /// The bridge `--transport` and `--target` name; `httpConnections` overrides an HTTPBridge's
    /// pool size (`bridge load` opens one connection per call in flight, as wrk -c does).
    static func makeBridge(_ arguments: ParsedArguments, httpConnections: Int? = nil) throws -> any Bridge {
        let transport = arguments.value("transport") ?? "tcp"
        guard let target = arguments.value("target") else { throw UsageError("--target is required") }
        switch transport {
        case "tcp":
            var configuration = TCPBridgeConfiguration.defaults
            configuration.token = arguments.value("token")
            return try TCPBridge(target: target, configuration: configuration)
        case "http":
            var configuration = HTTPBridgeConfiguration.defaults
            configuration.token = arguments.value("token")
            configuration.webhookSecret = arguments.value("webhook-secret")
            if let httpConnections { configuration.maxConnections = httpConnections }
            return try HTTPBridge(target: target, configuration: configuration)
        case "grpc":
            return try GRPCBridge(target: target, configuration: GRPCBridgeConfiguration(token: arguments.value("token")))
        default:
            throw UsageError("--transport must be http, tcp or grpc, got '\(transport)'")
        }
    }

    /// The message from `--json` (a BridgeMessage in its JSON form), or a PING.
    static func message(_ arguments: ParsedArguments) throws -> BridgeMessage {
        guard let json = arguments.value("json") else { return .request(MessageType.ping) }
        var message = try BridgeMessage(jsonString: json)
        if message.messageID.isEmpty { message.messageID = MessageID.next() }
        if message.type.isEmpty { message.type = MessageType.validationRequest }
        return message
    }

    /// The error's one line (status, message, where, and a hint: BridgeError's description),
    /// naming the transport when the error did not.
    static func explain(_ error: BridgeError, transport: String) -> String {
        error.at(transport: transport, target: error.target ?? "").description
    }
}
