// example-streaming-client: a WATCH stream read with `for try await`, over framed TCP and gRPC
// (the same code: `watch` is part of the Bridge protocol), then a stream stopped early.
//
//   swift run bridge-server --tcp 127.0.0.1:9001 --grpc 127.0.0.1:50051 --http 127.0.0.1:8080 &
//   swift run example-streaming-client --tcp 127.0.0.1:9001 --grpc 127.0.0.1:50051 --http 127.0.0.1:8080
//
// An address may also come from the environment (BRIDGE_TCP, BRIDGE_GRPC, BRIDGE_HTTP); a
// transport without one is skipped. HTTP has no server push in the contract, so over HTTP the
// stream fails at once with UNIMPLEMENTED, which the example checks. Exits 0 when every stream
// behaved, else prints one line and exits 1.
import Foundation
import IPCBridge

/// `--NAME VALUE` from the command line, else the environment variable `BRIDGE_NAME`.
func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count { return arguments[index + 1] }
    return ProcessInfo.processInfo.environment["BRIDGE_\(name.uppercased())"]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("example-streaming-client: \(message)\n".utf8))
    exit(1)
}

/// Reads a whole WATCH: `event_count` EVENTs with `seq` 0, 1, 2... The loop ends when the server
/// ends the stream (END over TCP, status OK over gRPC) and throws a BridgeError if it fails.
func watchAll(_ bridge: any Bridge) async throws(BridgeError) -> [Int] {
    var sequence: [Int] = []
    let watch = BridgeMessage.request(MessageType.watch, attributes: ["event_count": 5, "event_interval_ms": 20])
    for try await event in bridge.watch(watch, options: .timeout(.seconds(10))) {
        sequence.append(event.attributes["seq"]?.intValue ?? -1)
    }
    return sequence
}

/// Stops a long stream after two events: cancelling the stream tells the server to stop
/// (RST_STREAM over gRPC; over TCP the client drops the rest), and iteration ends with CANCELLED.
func watchTwoThenCancel(_ bridge: any Bridge) async throws(BridgeError) -> Int {
    let stream = bridge.watch(.request(MessageType.watch, attributes: ["event_count": 1000, "event_interval_ms": 10]))
    var received = 0
    do {
        for try await _ in stream {
            received += 1
            if received == 2 { stream.cancel() }
        }
    } catch where error.code == .cancelled {
        return received
    }
    throw BridgeError(.internal, "the stream ended by itself after \(received) events instead of being cancelled")
}

var bridges: [any Bridge] = []
do {
    if let address = option("tcp") { bridges.append(try TCPBridge(target: address)) }
    if let address = option("grpc") { bridges.append(try GRPCBridge(target: address)) }
    if let address = option("http") {
        do {
            _ = try await watchAll(try HTTPBridge(target: address))
            fail("http: a WATCH stream was served; the contract gives HTTP none")
        } catch where error.code == .unimplemented {
            print("http  \(address)  watch: \(error.code.name), as the contract says (stream over tcp or grpc)")
        }
    }
    if bridges.isEmpty && option("http") == nil { fail("no server address: pass --tcp and/or --grpc (see the top of this file)") }
    for bridge in bridges {
        defer { bridge.close() }
        let sequence = try await watchAll(bridge)
        guard sequence == [0, 1, 2, 3, 4] else { fail("\(bridge.transport): expected EVENT seq 0...4, got \(sequence)") }
        let early = try await watchTwoThenCancel(bridge)
        print("\(bridge.transport)  \(bridge.target)  EVENT seq \(sequence.map(String.init).joined(separator: ",")), then a stream cancelled after \(early)")
    }
} catch {
    fail("\(error)")
}
