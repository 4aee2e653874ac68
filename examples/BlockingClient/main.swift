// example-blocking-client: blocking calls over framed TCP, HTTP and gRPC to a running server.
//
//   swift run bridge-server --tcp 127.0.0.1:9001 --http 127.0.0.1:8080 --grpc 127.0.0.1:50051 &
//   swift run example-blocking-client --tcp 127.0.0.1:9001 --http 127.0.0.1:8080 --grpc 127.0.0.1:50051
//
// An address may also come from the environment (BRIDGE_TCP, BRIDGE_HTTP, BRIDGE_GRPC); a
// transport without one is skipped. Exits 0 when every answer is the expected one, else prints
// one line saying what went wrong and exits 1.
import Foundation
import IPCBridge

/// `--NAME VALUE` from the command line, else the environment variable `BRIDGE_NAME`.
func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count { return arguments[index + 1] }
    return ProcessInfo.processInfo.environment["BRIDGE_\(name.uppercased())"]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("example-blocking-client: \(message)\n".utf8))
    exit(1)
}

// One bridge per transport. They all conform to `Bridge`, so the code below is written once.
// Creating a bridge only parses the address: the first call connects.
var bridges: [any Bridge] = []
do {
    if let address = option("tcp") { bridges.append(try TCPBridge(target: address)) }      // or "unix:/path.sock"
    if let address = option("http") { bridges.append(try HTTPBridge(target: address)) }    // "http://" is optional
    if let address = option("grpc") { bridges.append(try GRPCBridge(target: address)) }
} catch {
    fail("bad address: \(error)")
}
if bridges.isEmpty { fail("no server address: pass --tcp, --http and/or --grpc (see the top of this file)") }

let board: [String: JSONValue] = ["board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"]
for bridge in bridges {
    defer { bridge.close() }
    do {
        // 1. callBlocking parks this thread until the answer arrives; the timeout bounds the wait.
        //    (Never call it on an event-loop thread: it throws FAILED_PRECONDITION there.)
        let verdict = try bridge.callBlocking(.request(MessageType.validationRequest, attributes: board),
                                              options: .timeout(.seconds(5)))
        guard verdict.attributes["result"]?.stringValue == "PASS" else { fail("\(bridge.transport): expected PASS, got \(verdict)") }

        // 2. A board that breaks a rule is still a successful call: the verdict is in the answer.
        var broken = board
        broken["voltage"] = 60
        let rejected = try bridge.callBlocking(.request(MessageType.validationRequest, attributes: broken))
        let violations = rejected.attributes["violations"]?.arrayValue ?? []
        guard rejected.attributes["result"]?.stringValue == "FAIL", violations.count == 1 else {
            fail("\(bridge.transport): expected FAIL with one violation, got \(rejected)")
        }

        // 3. An ERROR answer is thrown as a BridgeError carrying the server's status code, on every transport.
        do {
            _ = try bridge.callBlocking(.request("NO_SUCH_TYPE"))
            fail("\(bridge.transport): an unknown type was answered")
        } catch where error.code == .unimplemented {
            print("\(bridge.transport)  \(bridge.target)  PASS, then FAIL: \(rejected.attributes["message"]?.stringValue ?? ""), then \(error.code.name)")
        }
    } catch {
        fail("\(error)")   // one line: status, message, transport and address, and a hint
    }
}
print("blocking client: \(bridges.count) transports OK")
