import CommandLineSupport
import Foundation
import IPCBridge

/// `bridge interop-client`: gRPC's interop client cases, with gRPC's own flag names.
enum InteropClientCommand: CLICommand {
    static let usage = """
        usage: bridge interop-client --server_host H --server_port P --test_case NAME[,NAME...]

          --server_host H   the TestService host (default localhost)
          --server_port P   its port
          --test_case NAME  one case, a comma-separated list, or all_cases: \(InteropCases.all.map(\.0).joined(separator: ", "))
          --use_tls B       only false is supported: TLS belongs to a proxy in front

        Runs grpc.testing.TestService interop cases (compression cases excepted) and prints
        `PASS name` / `FAIL name: why` per case; exits 1 when any failed.
        example: bridge interop-client --server_host 127.0.0.1 --server_port 50051 --test_case large_unary
        """
    static let options: Set<String> = ["server_host", "server_port", "test_case", "use_tls"]
    static let switches: Set<String> = []

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        do {
            let host = arguments.value("server_host") ?? "localhost"
            guard let port = try arguments.integer("server_port", range: 1...65_535) else { throw UsageError("--server_port is required") }
            if let tls = arguments.value("use_tls"), tls != "false" { throw UsageError("--use_tls true is not supported (TLS belongs to a proxy in front)") }
            let requested = (arguments.value("test_case") ?? "all_cases").split(separator: ",").map(String.init)
            let names = requested == ["all_cases"] ? InteropCases.all.map(\.0) : requested
            let known = Dictionary(uniqueKeysWithValues: InteropCases.all.map { ($0.0, $0.1) })
            for name in names where known[name] == nil { throw UsageError("unknown --test_case \(name)") }
            let address = try SocketAddress(parsing: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
            let client = GRPCClient(address: address)
            defer { client.close() }
            let caller = InteropCaller(client: client)
            var failed = 0
            for name in names {
                guard let body = known[name] else { continue }
                do {
                    try await body(caller)
                    print("PASS \(name)")
                } catch {
                    failed += 1
                    print("FAIL \(name): \(error)")
                }
            }
            print("\(names.count - failed) passed, \(failed) failed")
            return failed == 0 ? 0 : 1
        } catch {
            CLI.printError("\(error)")
            return 2
        }
    }
}
