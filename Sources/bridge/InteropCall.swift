import Foundation
import IPCBridge
import Synchronization

/// The outcome of one interop RPC: responses, status, and both kinds of metadata.
struct InteropResult: Sendable {
    var responses: [[UInt8]] = []
    var status = GRPCStatus.ok
    var initial = GRPCMetadata()
    var trailing = GRPCMetadata()
}

/// Runs gRPC calls for the interop cases and waits for them, bounded.
struct InteropCaller: Sendable {
    let client: GRPCClient

    /// Starts a call; `drive` sends requests (and may cancel) while responses arrive.
    func run(_ path: String, metadata: GRPCMetadata = GRPCMetadata(), timeout: Duration? = nil,
             drive: @escaping @Sendable (GRPCClientCall, InteropInbox) async -> Void) async -> InteropResult {
        let inbox = InteropInbox()
        let finished = InteropLatch()
        let callBox = Locked<GRPCClientCall?>(nil)
        let call = client.start(path: path, metadata: metadata, timeout: timeout, onMessage: { inbox.append($0) }, onFinish: { status, trailers in
            let initial = callBox.withLock { $0?.initialMetadata } ?? GRPCMetadata()
            finished.resolve(InteropResult(responses: inbox.all, status: status, initial: initial, trailing: trailers))
        })
        callBox.withLock { $0 = call }
        await drive(call, inbox)
        return await finished.value(timeout: .seconds(30))
    }
}

/// Responses as they arrive, with a bounded wait for the n-th.
final class InteropInbox: Sendable {
    private let messages = Locked<[[UInt8]]>([])

    func append(_ message: [UInt8]) { messages.withLock { $0.append(message) } }
    var all: [[UInt8]] { messages.withLock { $0 } }

    /// Waits (up to 10 s) until at least `count` responses arrived.
    func wait(for count: Int) async -> Bool {
        for _ in 0..<1000 {
            if messages.withLock({ $0.count }) >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}

/// A one-shot result shared between the loop (resolve) and a waiting task.
final class InteropLatch: Sendable {
    private let result = Locked<InteropResult?>(nil)

    func resolve(_ value: InteropResult) { result.withLock { if $0 == nil { $0 = value } } }

    func value(timeout: Duration) async -> InteropResult {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = result.withLock({ $0 }) { return value }
            try? await Task.sleep(for: .milliseconds(5))
        }
        var timedOut = InteropResult()
        timedOut.status = GRPCStatus(.deadlineExceeded, "no status within \(timeout)")
        return timedOut
    }
}
