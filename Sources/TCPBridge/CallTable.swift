/// The calls in flight on one connection, by message id: what a framed TCP answer's
/// `request_id` is looked up in.
///
/// An open-addressing table (linear probing, at most half full, backward-shift deletion) with
/// a cheap unkeyed hash of the id's UTF-8. A pipelined client inserts and removes one entry per
/// call, and `Dictionary`'s seeded SipHash cost ~3% of such a client's time (a hash per insert
/// and per lookup, and rehashing the neighbours of every removed entry). An unkeyed hash is
/// safe here because only this side chooses the keys: ids come from ``MessageID`` or from the
/// caller, and a server's `request_id` is only ever looked up, never stored, so an answer
/// cannot lengthen a probe chain.
struct CallTable<Entry> {
    /// A hash of 0 marks an empty slot (``hash(_:)`` never returns 0); only a matching hash
    /// compares the key.
    private struct Slot {
        var hash: UInt64 = 0
        var key = ""
        var entry: Entry?
    }

    private var slots: [Slot] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Stores `entry` under `key` unless the key is already in flight; returns whether it did.
    mutating func insertIfAbsent(_ key: String, _ entry: Entry) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(key)
        let inserted = slots.withUnsafeMutableBufferPointer { slots -> Bool in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index].hash != 0 {
                if slots[index].hash == hash && slots[index].key == key { return false }
                index = (index + 1) & mask
            }
            slots[index] = Slot(hash: hash, key: key, entry: entry)
            return true
        }
        if inserted { count += 1 }
        return inserted
    }

    /// Where `key`'s entry is, for ``entry(at:)`` and ``remove(at:)``: one probe for a look
    /// that may end in a removal.
    func index(forKey key: String) -> Int? {
        guard count > 0 else { return nil }
        let hash = Self.hash(key)
        return slots.withUnsafeBufferPointer { slots -> Int? in
            let mask = slots.count - 1
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index].hash != 0 {
                if slots[index].hash == hash && slots[index].key == key { return index }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    /// The entry at an index ``index(forKey:)`` returned (and nothing has moved since).
    func entry(at index: Int) -> Entry? { slots[index].entry }

    /// Takes the entry at an index ``index(forKey:)`` returned out of the table, then moves
    /// later entries of its probe run back so that every entry stays reachable from its home
    /// slot, with no tombstones left behind.
    @discardableResult
    mutating func remove(at index: Int) -> Entry? {
        count -= 1
        return slots.withUnsafeMutableBufferPointer { slots -> Entry? in
            let removed = slots[index].entry
            slots[index] = Slot()
            let mask = slots.count - 1
            var gap = index
            var next = (index + 1) & mask
            while slots[next].hash != 0 {
                // The entry may move into the gap unless its home lies cyclically in (gap, next].
                let home = Int(truncatingIfNeeded: slots[next].hash) & mask
                if (next - home) & mask >= (next - gap) & mask {
                    slots.swapAt(gap, next)
                    gap = next
                }
                next = (next + 1) & mask
            }
            return removed
        }
    }

    /// Takes the entry stored under `key` out of the table.
    @discardableResult
    mutating func removeValue(forKey key: String) -> Entry? {
        guard let index = index(forKey: key) else { return nil }
        return remove(at: index)
    }

    /// Empties the table, handing back what it held (in no particular order).
    mutating func removeAll() -> [Entry] {
        let held = slots.compactMap(\.entry)
        slots = []
        count = 0
        return held
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(), count: max(16, old.count * 2))
        let mask = slots.count - 1
        for slot in old where slot.hash != 0 {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index].hash != 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// The UTF-8 bytes taken eight at a time, each word multiplied in (a multiply per word
    /// rather than per byte, as in FNV), then the length; never 0.
    static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { bytes -> UInt64 in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var word: UInt64 = 0
            var shift: UInt64 = 0
            for byte in bytes {
                word |= UInt64(byte) << shift
                shift += 8
                if shift == 64 {
                    hash = mix(hash ^ word)
                    word = 0
                    shift = 0
                }
            }
            hash = mix(hash ^ word ^ (UInt64(truncatingIfNeeded: bytes.count) << 56))
            return hash == 0 ? 1 : hash
        }
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        let product = value &* 0x9e37_79b9_7f4a_7c15
        return product ^ (product >> 29)
    }
}
