// The dynamic table (RFC 7541 sections 2.3.2 and 4).

/// A FIFO of header fields bounded by size, newest first in index order.
///
/// The size of an entry is its name's and value's octet lengths plus 32 (RFC 7541
/// section 4.1). Entries live in a ring buffer that grows by doubling, so insertion
/// and eviction are O(1) amortised. Every entry ever inserted has an id (0, 1, ...);
/// the encoder keys its lookups by id, which stays valid while the entry is present.
struct DynamicTable: Sendable {
    /// One field with its octet lengths (which differ from the `String`s' UTF-8
    /// lengths when the decoder met invalid UTF-8).
    struct Entry: Sendable {
        var name: String
        var value: String
        var nameOctets: Int
        var valueOctets: Int

        /// An entry whose octet lengths are those of the strings' UTF-8.
        init(name: String, value: String) {
            self.init(name: name, value: value, nameOctets: name.utf8.count, valueOctets: value.utf8.count)
        }

        /// An entry with explicit octet lengths.
        init(name: String, value: String, nameOctets: Int, valueOctets: Int) {
            self.name = name
            self.value = value
            self.nameOctets = nameOctets
            self.valueOctets = valueOctets
        }

        /// The entry's size: name and value octets plus 32.
        var size: Int { nameOctets + valueOctets + 32 }
    }

    /// The per-entry overhead of RFC 7541 section 4.1.
    static let entryOverhead = 32

    private var ring: [Entry] = []
    /// Ring position of the oldest entry.
    private var oldest = 0
    /// The number of entries.
    private(set) var count = 0
    /// The sum of the entries' sizes.
    private(set) var size = 0
    /// The current maximum size; `size` never exceeds it.
    private(set) var maxSize: Int
    /// How many entries were ever inserted; the newest entry's id is `insertions - 1`.
    private(set) var insertions = 0

    /// An empty table of maximum size `maxSize`.
    init(maxSize: Int) {
        self.maxSize = max(0, maxSize)
    }

    /// The id of the oldest entry present (equal to `insertions` when empty).
    var oldestID: Int { insertions - count }

    /// The entry `position` places from the newest (0 is the newest, HPACK index 62).
    /// `position` must be in `0..<count`.
    func entry(at position: Int) -> Entry {
        var slot = oldest + count - 1 - position
        if slot >= ring.count { slot -= ring.count }
        return ring[slot]
    }

    /// The position (0 = newest) of the entry with `id`, or nil if it was evicted.
    func position(ofID id: Int) -> Int? {
        guard id >= oldestID, id < insertions else { return nil }
        return insertions - 1 - id
    }

    /// The entries, newest first.
    var entries: [Entry] {
        (0..<count).map { entry(at: $0) }
    }

    /// Removes and returns the oldest entry and its id, or nil when empty.
    mutating func removeOldest() -> (entry: Entry, id: Int)? {
        guard count > 0 else { return nil }
        let entry = ring[oldest]
        let id = oldestID
        ring[oldest] = Entry(name: "", value: "", nameOctets: 0, valueOctets: 0)
        oldest += 1
        if oldest == ring.count { oldest = 0 }
        count -= 1
        size -= entry.size
        return (entry, id)
    }

    /// Appends `entry` as the newest without evicting; the caller has made room
    /// (`size + entry.size <= maxSize`). Returns its id.
    @discardableResult
    mutating func appendWithoutEviction(_ entry: Entry) -> Int {
        if count == ring.count { grow() }
        var slot = oldest + count
        if slot >= ring.count { slot -= ring.count }
        ring[slot] = entry
        count += 1
        size += entry.size
        insertions += 1
        return insertions - 1
    }

    /// Sets the maximum size without evicting; the caller evicts down to it.
    mutating func setMaxSizeWithoutEviction(_ newMaxSize: Int) {
        maxSize = max(0, newMaxSize)
    }

    /// Inserts `entry` per RFC 7541 section 4.4: evicts oldest entries until it fits;
    /// an entry larger than the maximum size empties the table and is not added.
    mutating func insert(_ entry: Entry) {
        while count > 0 && size + entry.size > maxSize { _ = removeOldest() }
        if entry.size <= maxSize { appendWithoutEviction(entry) }
    }

    /// Changes the maximum size, evicting oldest entries until the table fits.
    mutating func resize(_ newMaxSize: Int) {
        setMaxSizeWithoutEviction(newMaxSize)
        while size > maxSize { _ = removeOldest() }
    }

    /// Doubles the ring's capacity, laying entries out oldest first from slot 0.
    private mutating func grow() {
        let filler = Entry(name: "", value: "", nameOctets: 0, valueOctets: 0)
        let capacity = max(16, ring.count * 2)
        var newRing: [Entry] = []
        newRing.reserveCapacity(capacity)
        for position in stride(from: count - 1, through: 0, by: -1) {
            newRing.append(entry(at: position))
        }
        while newRing.count < capacity { newRing.append(filler) }
        ring = newRing
        oldest = 0
    }
}
