import BridgeConformance
import CommandLineSupport
import Foundation
import IPCBridge

/// `bridge conformance`: every contract check against a running server.
enum ConformanceCommand: CLICommand {
    static let usage = """
        usage: bridge conformance --transport http|tcp|grpc --target ADDR [--token T]

          --transport T   http, tcp or grpc
          --target ADDR   HOST:PORT or unix:PATH of the server to check
          --token T       the server's token, if it wants one

        Prints one line per check (PASS name / FAIL name: why) and a last line
        `N passed, N failed`. Exits 1 when any check failed.
        example: bridge conformance --transport tcp --target unix:/tmp/bridge.sock
        """
    static let options: Set<String> = ["transport", "target", "token"]
    static let switches: Set<String> = []

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        do {
            let bridge = try CLI.makeBridge(arguments)
            defer { bridge.close() }
            let context = ConformanceContext(transport: bridge.transport, target: arguments.value("target") ?? "",
                                             token: arguments.value("token"), bridge: bridge)
            let results = await ConformanceSuite.runAll(in: context) { print($0.line) }
            let failed = results.filter { !$0.passed }.count
            print("\(results.count - failed) passed, \(failed) failed")
            return failed == 0 ? 0 : 1
        } catch {
            CLI.printError("\(error)")
            return 2
        }
    }
}
