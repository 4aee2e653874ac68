// example-callback-client: the callback style over framed TCP. A completion handler, a stream
// observer, a subscription to EVENTs the server pushes, and a cancelled call, all run on a
// callback pool of our own.
//
//   swift run bridge-server --tcp 127.0.0.1:9001 &
//   swift run example-callback-client --tcp 127.0.0.1:9001        (or BRIDGE_TCP=127.0.0.1:9001)
//
// Exits 0 when every callback saw what it should, else prints one line and exits 1.
import Dispatch
import Foundation
import IPCBridge

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("example-callback-client: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
let flag = arguments.firstIndex(of: "--tcp").map { arguments.index(after: $0) }
guard let address = flag.flatMap({ $0 < arguments.count ? arguments[$0] : nil }) ?? ProcessInfo.processInfo.environment["BRIDGE_TCP"]
else { fail("no server address: pass --tcp HOST:PORT (see the top of this file)") }

// Every handler below runs on this pool, never on the connection's I/O thread: at most two at
// once, so slow or blocking user code can neither stall the connection nor take over the machine.
let pool = CallbackPool(maxConcurrent: 2)
let bridge: TCPBridge
do { bridge = try TCPBridge(target: address, configuration: TCPBridgeConfiguration(callbackPool: pool)) } catch { fail("\(error)") }

let outstanding = DispatchGroup()          // one enter() per callback we are waiting for
let problems = Locked<[String]>([])        // handlers run on other threads: share state under a lock
@Sendable func expect(_ ok: Bool, _ problem: String) { if !ok { problems.withLock { $0.append(problem) } } }

// 1. A completion handler: called once with the answer or the error.
outstanding.enter()
bridge.call(.request(MessageType.ping)) { result in
    expect((try? result.get().type) == MessageType.pong, "PING answered \(result)")
    outstanding.leave()
}

// 2. A stream observer: onMessage per EVENT in order, then onComplete (or onError) once.
let observed = Locked<[Int]>([])
outstanding.enter()
bridge.watch(.request(MessageType.watch, attributes: ["event_count": 3, "event_interval_ms": 10])).observe(
    onMessage: { event in observed.withLock { $0.append(event.attributes["seq"]?.intValue ?? -1) } },
    onError: { error in expect(false, "the WATCH stream failed: \(error)"); outstanding.leave() },
    onComplete: { expect(observed.withLock { $0 } == [0, 1, 2], "observer saw \(observed.withLock { $0 })"); outstanding.leave() })

// 3. A subscription: messages the server pushes that answer no pending call. `send` fires a
//    WATCH without waiting for answers, so its three EVENTs go to the subscriber (in any order:
//    the pool runs two handlers at once).
for _ in 0..<3 { outstanding.enter() }
let subscription = bridge.subscribe(to: MessageType.event) { event in
    print("pushed EVENT seq \(event.attributes["seq"]?.intValue ?? -1)")
    outstanding.leave()
}
do { try await bridge.send(.request(MessageType.watch, attributes: ["event_count": 3])) } catch { fail("\(error)") }

// 4. Cancellation: the handle a callback call returns stops it; the handler gets CANCELLED at
//    once and the late answer is dropped (TCP has no cancel frame: the server still answers).
outstanding.enter()
let slow = bridge.call(.request(MessageType.ping, attributes: ["delay_ms": 500])) { result in
    expect(result.errorCode == .cancelled, "the cancelled call ended with \(result)")
    outstanding.leave()
}
slow.cancel()

let finished = outstanding.wait(timeout: .now() + 10) == .success
subscription.cancel()                       // no more pushed messages to this handler
bridge.close()
if let problem = problems.withLock({ $0.first }) { fail(problem) }
if !finished { fail("callbacks still outstanding after 10 s (did the server push the EVENTs?)") }
print("callback client: completion handler, observer, 3 pushed EVENTs and a cancellation on \(pool.completedCount) pool callbacks")

extension Result where Failure == BridgeError {
    /// The status code of a failure (nil on success).
    var errorCode: StatusCode? { if case .failure(let error) = self { return error.code } else { return nil } }
}
