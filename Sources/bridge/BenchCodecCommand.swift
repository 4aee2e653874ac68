import CommandLineSupport
import Foundation
import IPCBridge

/// `bridge bench-codec`: the BridgeMessage codec micro-benchmark, printed in the same shape as
/// ../shared/peers' `peer-proto-bench` (`NAME ns/op=X bytes=Y`, best of R rounds of N
/// iterations) so scripts/bench.sh can set the two side by side from one run.
///
/// It measures what a server does per request: decode the request's bytes into a
/// BridgeMessage and encode one back, in the protobuf binary form (gRPC) and the JSON form
/// (HTTP, framed TCP).
enum BenchCodecCommand: CLICommand {
    static let usage = """
        usage: bridge bench-codec [--message FILE] [--iterations N] [--rounds R] [--only NAME]

        Times BridgeMessage's binary (protobuf) and JSON encode and decode; prints one line per
        operation, `NAME ns/op=X bytes=Y`, the best of R rounds of N iterations. A benchmark,
        not a test: compare figures only with ones from the same run (scripts/bench.sh).

        options:
          --message FILE    a BridgeMessage in its JSON form (default: a VALIDATION_REQUEST)
          --iterations N    operations per round (default 200000)
          --rounds R        rounds; the fastest counts (default 5)
          --only NAME       one operation (binary-encode, binary-decode, json-encode, json-decode),
                            for a profiler: `perf record bridge bench-codec --only json-decode`

        example:
          bridge bench-codec --message ../shared/tools/bench/validate.json --iterations 100000
        """
    static let options: Set<String> = ["message", "iterations", "rounds", "only"]
    static let switches: Set<String> = []

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        do {
            let iterations = try arguments.integer("iterations", range: 1...100_000_000) ?? 200_000
            let rounds = try arguments.integer("rounds", range: 1...1000) ?? 5
            let message = try loadMessage(arguments.value("message"))
            let only = arguments.value("only")
            let operations = ["binary-encode", "binary-decode", "json-encode", "json-decode"]
            if let only, !operations.contains(only) {
                throw UsageError("--only must be one of \(operations.joined(separator: ", ")), got '\(only)'")
            }
            let timer = CodecTimer(iterations: iterations, rounds: rounds, only: only)

            let binary = message.protobufBytes()
            timer.measure("ipcbridge binary encode", bytes: binary.count) { message.protobufBytes().count }
            try timer.measure("ipcbridge binary decode", bytes: binary.count) {
                try BridgeMessage(protobuf: binary).messageID.utf8.count
            }
            let json = message.jsonBytes()
            timer.measure("ipcbridge json encode", bytes: json.count) { message.jsonBytes().count }
            try timer.measure("ipcbridge json decode", bytes: json.count) {
                try BridgeMessage(json: json).messageID.utf8.count
            }
            return 0
        } catch {
            CLI.printError("\(error)")
            return 1
        }
    }

    private static func loadMessage(_ path: String?) throws -> BridgeMessage {
        guard let path else {
            return .request(MessageType.validationRequest,
                            attributes: ["board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read --message \(path)")
        }
        return try BridgeMessage(json: Array(data))
    }
}

/// Best-of-rounds timing of one operation, in nanoseconds per operation.
private struct CodecTimer {
    let iterations: Int
    let rounds: Int
    /// When set, only the operation with this name (`json-decode`: "… json decode") runs.
    let only: String?

    /// Runs `body` `iterations` times per round and prints the fastest round. `body` returns a
    /// number folded into a sink so the optimizer cannot drop the work.
    func measure(_ name: String, bytes: Int, _ body: () throws -> Int) rethrows {
        if let only, !name.hasSuffix(only.replacingOccurrences(of: "-", with: " ")) { return }
        var best = Double.infinity
        var sink = 0
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            for _ in 0..<iterations { sink &+= try body() }
            let elapsed = ContinuousClock.now - start
            let nanoseconds = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
            best = min(best, nanoseconds / Double(iterations))
        }
        print("\(name) ns/op=\(String(format: "%.1f", best)) bytes=\(bytes) sink=\(sink & 1)")
    }
}
