import BridgeCore
import HPACK
import Testing
@testable import GRPC

@Suite("gRPC wire pieces (PROTOCOL-HTTP2.md)")
struct GRPCWireTests {
    @Test("length-prefixed messages: framed, split anywhere, several per DATA frame")
    func framing() throws {
        let messages: [[UInt8]] = [[], [1, 2, 3], Array(repeating: 9, count: 70_000)]
        let wire = messages.flatMap(GRPCMessageFramer.frame)
        #expect(Array(GRPCMessageFramer.frame([1, 2, 3])) == [0, 0, 0, 0, 3, 1, 2, 3])
        for split in [1, 2, 5, 7, 1000] {
            var deframer = GRPCMessageDeframer()
            var got: [[UInt8]] = []
            var offset = 0
            while offset < wire.count {
                let end = min(wire.count, offset + split)
                got += try deframer.append(Array(wire[offset..<end]))
                offset = end
            }
            #expect(got == messages)
            #expect(!deframer.hasPartialMessage)
        }
    }

    @Test("a compressed message and one over the limit are refused from the prefix alone")
    func framingLimits() {
        var compressed = GRPCMessageDeframer()
        #expect(throws: GRPCMessageDeframer.Failure.compressed) { try compressed.append([1, 0, 0, 0, 1, 7]) }
        var limited = GRPCMessageDeframer(maxMessageBytes: 10)
        #expect(throws: GRPCMessageDeframer.Failure.tooLarge(11)) { try limited.append([0, 0, 0, 0, 11]) }
    }

    @Test("grpc-timeout parses every unit and rejects malformed values", arguments: [
        ("1H", Duration.seconds(3600)), ("2M", .seconds(120)), ("3S", .seconds(3)), ("100m", .milliseconds(100)),
        ("250u", .microseconds(250)), ("99999999n", .nanoseconds(99_999_999)),
    ])
    func timeoutParse(text: String, duration: Duration) {
        #expect(GRPCTimeout.parse(text) == duration)
    }

    @Test("malformed grpc-timeout values are nil", arguments: ["", "S", "1", "123456789S", "1s", "-1S", "1.5S"])
    func timeoutRejects(text: String) {
        #expect(GRPCTimeout.parse(text) == nil)
    }

    @Test("grpc-timeout formatting fits 8 digits and never shortens the deadline")
    func timeoutFormat() {
        #expect(GRPCTimeout.format(.milliseconds(250)) == "250000000n" || GRPCTimeout.format(.milliseconds(250)) == "250000u")
        #expect(GRPCTimeout.parse(GRPCTimeout.format(.milliseconds(250))) == .milliseconds(250))
        #expect(GRPCTimeout.format(.seconds(1000)) == "1000000m")
        let long = GRPCTimeout.format(.seconds(10_000_000))
        #expect((GRPCTimeout.parse(long) ?? .zero) >= .seconds(10_000_000))
    }

    @Test("grpc-message is percent-encoded and decoded leniently")
    func statusMessage() {
        let text = "bad value: 50% ✓\nnext"
        let encoded = GRPCStatusMessage.encode(text)
        #expect(encoded == "bad value: 50%25 %E2%9C%93%0Anext")
        #expect(GRPCStatusMessage.decode(encoded) == text)
        #expect(GRPCStatusMessage.decode("broken %ZZ escape %4") == "broken %ZZ escape %4")
    }

    @Test("status travels in trailers; a missing grpc-status is UNKNOWN")
    func status() {
        let status = GRPCStatus(.invalidArgument, "voltage ≥ 48")
        #expect(GRPCStatus(trailers: status.trailers) == status)
        #expect(GRPCStatus(trailers: []).code == .unknown)
        #expect(GRPCStatus(trailers: [HPACKHeader(name: "grpc-status", value: "x")]).code == .unknown)
    }

    @Test("metadata: -bin values are base64 on the wire; reserved headers are not metadata")
    func metadata() {
        var metadata = GRPCMetadata()
        metadata.add("X-Trace", "abc")
        metadata.add("blob-bin", binary: [0, 1, 255])
        let headers = metadata.headers
        #expect(headers == [HPACKHeader(name: "x-trace", value: "abc"), HPACKHeader(name: "blob-bin", value: "AAH/")])
        let received = GRPCMetadata(headers: [HPACKHeader(name: ":path", value: "/x"), HPACKHeader(name: "te", value: "trailers"),
                                              HPACKHeader(name: "grpc-timeout", value: "1S")] + headers)
        #expect(received == metadata)
        #expect(received["blob-bin"] == .binary([0, 1, 255]))
        #expect(GRPCMetadata(headers: [HPACKHeader(name: "k-bin", value: "AAH")])["k-bin"] == .binary([0, 1]), "padding is optional")
    }
}
