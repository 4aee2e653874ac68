import BridgeIO
import Testing
@testable import BridgeCore

@Suite("MessageStream: cancelling ends iteration at once")
struct MessageStreamTests {
    @Test("messages buffered before cancel() are not read: the next step throws CANCELLED, and the producer hears it once")
    func cancelDropsBufferedMessages() async throws {
        let stream = BridgeStream()
        let producerTold = Locked(0)
        stream.setCancelHandler { producerTold.withLock { $0 += 1 } }
        for seq in 0..<100 { stream.yield(BridgeMessage(messageID: "e\(seq)", type: "EVENT")) }   // a consumer far behind

        var seen: [String] = []
        var ending: BridgeError?
        do {
            for try await event in stream {
                seen.append(event.messageID)
                if seen.count == 3 { stream.cancel() }
            }
        } catch {
            ending = error
        }
        #expect(seen == ["e0", "e1", "e2"])
        #expect(ending?.code == .cancelled)
        stream.yield(BridgeMessage(messageID: "late", type: "EVENT"))   // ignored after cancel
        stream.cancel()
        #expect(producerTold.withLock { $0 } == 1)
    }

    @Test("without cancel, a finished stream still delivers everything it buffered, then ends cleanly")
    func finishKeepsBufferedMessages() async throws {
        let stream = BridgeStream()
        for seq in 0..<5 { stream.yield(BridgeMessage(messageID: "e\(seq)", type: "EVENT")) }
        stream.finish()
        var seen = 0
        for try await _ in stream { seen += 1 }
        #expect(seen == 5)
    }
}
