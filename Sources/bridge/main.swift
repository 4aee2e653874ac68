// bridge: the client side of IPCBridge: call, load, conformance, demo.
import CommandLineSupport
import Foundation
import IPCBridge

let topUsage = """
    usage: bridge <command> [options]

    commands:
      demo          start the validation server in-process and call it in every style
      call          send one message and print the answer
      load          drive a server with N requests at concurrency C; prints req/s and p50/p95/p99
                    (--report FILE.html draws the run as a page)
      report        draw runs saved by `load --report-json` side by side on one HTML page
      conformance   check any server against the contract, one line per check
      interop-client  run gRPC's interop client cases against a grpc.testing.TestService
      generate      turn a .proto file into Swift message types and service descriptors
      bench-codec   time BridgeMessage's binary and JSON encode and decode (ns per operation)

    `bridge <command> --help` documents each command's flags with an example.
    """

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first, command != "--help", command != "-h" else {
    print(topUsage)
    exit(arguments.isEmpty ? 2 : 0)
}
let rest = Array(arguments.dropFirst())

let commands: [String: any CLICommand.Type] = [
    "demo": DemoCommand.self,
    "call": CallCommand.self,
    "load": LoadCommand.self,
    "report": ReportCommand.self,
    "conformance": ConformanceCommand.self,
    "interop-client": InteropClientCommand.self,
    "generate": GenerateCommand.self,
    "bench-codec": BenchCodecCommand.self,
]

guard let selected = commands[command] else {
    CLI.fail("unknown command '\(command)'\n\(topUsage)")
}
if rest.contains("--help") || rest.contains("-h") {
    print(selected.usage)
    exit(0)
}
do {
    let parsed = try ParsedArguments(rest, options: selected.options, switches: selected.switches)
    exit(CLI.runToCompletion { await selected.run(parsed) })
} catch {
    CLI.fail("\(error)\n\(selected.usage)")
}
