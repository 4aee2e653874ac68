import Testing
@testable import BridgeCore

/// Message ids are a per-process hex prefix, a dash and a base-36 counter, short enough to
/// live inside the String value for the first 36^6 ids.
@Suite("Message ids")
struct MessageIDTests {
    @Test("ids are fresh, share this process's prefix and read as hex, dash, base 36")
    func shape() {
        let ids = (0..<10_000).map { _ in MessageID.next() }
        #expect(Set(ids).count == ids.count)
        let prefixes = Set(ids.map { $0.prefix(while: { $0 != "-" }) })
        #expect(prefixes.count == 1)
        for id in ids.prefix(100) + ids.suffix(100) {
            let parts = id.split(separator: "-", omittingEmptySubsequences: false)
            #expect(parts.count == 2, "\(id)")
            #expect(parts[0].count == 8 && parts[0].allSatisfy(\.isHexDigit) && parts[0] == parts[0].lowercased(), "\(id)")
            #expect(!parts[1].isEmpty && parts[1].allSatisfy { $0.isASCII && ($0.isNumber || $0.isLowercase) }, "\(id)")
            #expect(id.utf8.count <= 15, "\(id) no longer fits in a small string")
        }
    }

    @Test("the counter is written in base 36, from 0 to UInt64.max")
    func counterDigits() {
        let cases: [(UInt64, String)] = [(0, "0"), (9, "9"), (10, "a"), (35, "z"), (36, "10"), (1_295, "zz"),
                                         (2_176_782_335, "zzzzzz"), (2_176_782_336, "1000000"),
                                         (UInt64.max, "3w5e11264sgsf")]
        for (value, digits) in cases {
            let id = MessageID.make(counter: value)
            #expect(id.split(separator: "-").last.map(String.init) == digits, "\(value) -> \(id)")
            let parsed = UInt64(digits, radix: 36) ?? 0   // (no Optional<UInt64> inside #expect: see TimerQueueTests)
            #expect(parsed == value)
        }
        #expect(MessageID.make(counter: 2_176_782_335).utf8.count == 15)
        #expect(MessageID.make(counter: UInt64.max).utf8.count == 22)
    }
}
