import Testing
@testable import TCPBridge

@Suite("CallTable: the calls in flight by message id (pure)")
struct CallTableTests {
    @Test("an id is stored once, found, and gone after removal")
    func basics() {
        var table = CallTable<Int>()
        let first = table.insertIfAbsent("a", 1)
        let again = table.insertIfAbsent("a", 2)
        #expect(first && !again)
        #expect(table.count == 1)
        #expect(table.index(forKey: "a").flatMap(table.entry(at:)) == 1)
        #expect(table.index(forKey: "b") == nil)
        let removed = table.removeValue(forKey: "a")
        let removedAgain = table.removeValue(forKey: "a")
        #expect(removed == 1 && removedAgain == nil)
        #expect(table.isEmpty)
    }

    @Test("200,000 random inserts and removals agree with a Dictionary, ids of every length")
    func agreesWithDictionary() {
        var table = CallTable<Int>()
        var model: [String: Int] = [:]
        var random = SplitMix(seed: 42)
        // Few distinct ids, so that inserts collide with live ones and removals hit and miss;
        // ids short and long (a heap string past 15 bytes), like MessageID's and callers' own.
        for step in 0..<200_000 {
            let n = random.next() % 3000
            let id = n % 2 == 0 ? "0a1b2c3d-\(n)" : "caller-chosen-request-id-\(n)"
            if random.next() % 2 == 0 {
                let inserted = table.insertIfAbsent(id, step)
                #expect(inserted == (model[id] == nil))
                if inserted { model[id] = step }
            } else {
                let removed = table.removeValue(forKey: id)
                #expect(removed == model.removeValue(forKey: id))
            }
            if step % 20_000 == 0 {
                for (key, value) in model { #expect(table.index(forKey: key).flatMap(table.entry(at:)) == value) }
            }
        }
        #expect(table.count == model.count)
        let held = table.removeAll()
        #expect(held.sorted() == model.values.sorted())
        #expect(table.isEmpty && table.index(forKey: "0a1b2c3d-0") == nil)
    }

    @Test("the hash is never 0, the empty-slot mark, and tells ids apart by every byte and the length")
    func hash() {
        #expect(CallTable<Int>.hash("") != 0)
        #expect(CallTable<Int>.hash("a") == CallTable<Int>.hash(String("ab".prefix(1))))
        var seen = Set<UInt64>()
        for n in 0..<100_000 {
            // MessageID's shape, long caller ids, and ids that differ only in a trailing NUL.
            for id in ["0a1b2c3d-\(String(n, radix: 36))", "caller-chosen-request-id-\(n)", "\(n)", "\(n)\u{0}"] {
                seen.insert(CallTable<Int>.hash(id))
            }
        }
        #expect(seen.count == 400_000)
        #expect(!seen.contains(0))
    }
}

/// A small deterministic generator, so that a failure replays.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Int {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
    }
}
