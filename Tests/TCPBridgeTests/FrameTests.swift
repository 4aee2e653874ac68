import Testing
@testable import IPCBridge

@Suite("Frame: 4-byte big-endian length + JSON (pure)")
struct FrameTests {
    func parse(_ bytes: [UInt8], at offset: Int = 0, max: Int = 100) -> Frame.Parse {
        bytes.withUnsafeBytes { Frame.parse($0, at: offset, maxBytes: max) }
    }

    @Test("a whole frame, then the next offset")
    func whole() {
        #expect(parse([0, 0, 0, 2, 0x7B, 0x7D, 0, 0]) == .frame(body: 4..<6, next: 6))
        #expect(parse([0, 0, 0, 2, 0x7B, 0x7D, 0, 0, 0, 0], at: 6) == .frame(body: 10..<10, next: 10))
    }

    @Test("needs more until every byte of header and body is there")
    func partial() {
        let frame: [UInt8] = [0, 0, 0, 3, 1, 2, 3]
        for cut in 0..<frame.count {
            #expect(parse(Array(frame[0..<cut])) == .needMore)
        }
    }

    @Test("a length over the limit is reported before any body arrives")
    func tooLarge() {
        #expect(parse([0, 0, 0, 101]) == .tooLarge(length: 101))
        #expect(parse([0xFF, 0xFF, 0xFF, 0xFF]) == .tooLarge(length: 4_294_967_295))
        #expect(parse([0, 0, 0, 100]) == .needMore)
    }

    @Test("encoding writes the length of the JSON body")
    func encoding() throws {
        let message = BridgeMessage(messageID: "m", type: "PING")
        let frame = Frame.encode(message)
        let length = Int(frame[0]) << 24 | Int(frame[1]) << 16 | Int(frame[2]) << 8 | Int(frame[3])
        #expect(length == frame.count - 4)
        #expect(try BridgeMessage(json: Array(frame[4...])) == message)
        #expect(Frame.wrap([1, 2, 3]) == [0, 0, 0, 3, 1, 2, 3])
    }
}
