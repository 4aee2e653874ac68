import CommandLineSupport
import Foundation
import IPCBridge

/// `bridge call`: one message, one answer.
enum CallCommand: CLICommand {
    static let usage = """
        usage: bridge call --transport http|tcp|grpc --target ADDR [--json MESSAGE] [--timeout S] [--token T]

          --transport T   http, tcp or grpc
          --target ADDR   HOST:PORT or unix:PATH
          --json MESSAGE  a BridgeMessage in its JSON form (default: a PING); a missing
                          message_id is filled in, a missing type is VALIDATION_REQUEST
          --timeout S     give up after S seconds (fractions allowed)
          --token T       the server's token (HTTP bearer token; TCP HELLO)
          --async         HTTP only: POST /validate-async with an embedded webhook receiver on a
                          loopback port as callback_url, and print the answer when it is delivered
                          (the server needs --allow-private-callbacks or --allow-callback 127.0.0.1)
          --webhook-secret S  verify the delivery's signature with the server's --webhook-secret

        Prints the answer as JSON. Exits 1 when the answer is an ERROR or the call fails.
        example: bridge call --transport tcp --target 127.0.0.1:9001 \\
                   --json '{"type":"VALIDATION_REQUEST","attributes":{"board_id":"b1","voltage":12}}'
        """
    static let options: Set<String> = ["transport", "target", "json", "timeout", "token", "webhook-secret"]
    static let switches: Set<String> = ["async"]

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        let transport = arguments.value("transport") ?? "tcp"
        do {
            let bridge = try CLI.makeBridge(arguments)
            defer { bridge.close() }
            let request = try CLI.message(arguments)
            let options = CallOptions(timeout: try arguments.seconds("timeout"))
            let answer: BridgeMessage
            if arguments.has("async") {
                guard let http = bridge as? HTTPBridge else { throw UsageError("--async needs --transport http") }
                answer = try await http.callAsync(request, options: CallOptions(timeout: try arguments.seconds("timeout") ?? .seconds(30)))
            } else {
                answer = try await bridge.call(request, options: options)
            }
            print(answer.jsonString)
            return 0
        } catch let error as BridgeError {
            CLI.printError(CLI.explain(error, transport: transport))
            return 1
        } catch {
            CLI.printError("\(error)")
            return 2
        }
    }
}
