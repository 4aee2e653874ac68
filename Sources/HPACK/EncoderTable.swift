// The encoder's dynamic table with reverse lookups.

/// The encoder's copy of the dynamic table, with dictionaries from field and from
/// name to the id of the newest entry holding it, so lookups are O(1).
///
/// A dictionary entry is dropped when the entry it names is evicted, unless a newer
/// entry with the same key has replaced it, so the dictionaries stay as small as the
/// table.
struct EncoderTable: Sendable {
    private(set) var table: DynamicTable
    private var fieldIDs: [FieldKey: Int] = [:]
    private var nameIDs: [String: Int] = [:]

    /// An empty table of maximum size `maxSize`.
    init(maxSize: Int) {
        table = DynamicTable(maxSize: maxSize)
    }

    /// The HPACK index (62 and up) of an entry equal to `key`, if any.
    func index(of key: FieldKey) -> Int? {
        guard let id = fieldIDs[key], let position = table.position(ofID: id) else { return nil }
        return StaticTable.count + 1 + position
    }

    /// The HPACK index (62 and up) of an entry named `name`, if any.
    func index(ofName name: String) -> Int? {
        guard let id = nameIDs[name], let position = table.position(ofID: id) else { return nil }
        return StaticTable.count + 1 + position
    }

    /// Inserts a field per RFC 7541 section 4.4 (evicting as needed; an entry larger
    /// than the maximum size empties the table and is not added).
    mutating func insert(_ key: FieldKey) {
        let entry = DynamicTable.Entry(name: key.name, value: key.value)
        evict(downTo: table.maxSize - entry.size)
        guard entry.size <= table.maxSize else { return }
        let id = table.appendWithoutEviction(entry)
        fieldIDs[key] = id
        nameIDs[key.name] = id
    }

    /// Changes the maximum size, evicting until the table fits.
    mutating func resize(_ newMaxSize: Int) {
        table.setMaxSizeWithoutEviction(newMaxSize)
        evict(downTo: table.maxSize)
    }

    /// Evicts oldest entries until the table's size is at most `limit` (or it is empty).
    private mutating func evict(downTo limit: Int) {
        while table.size > limit, let (entry, id) = table.removeOldest() {
            let key = FieldKey(name: entry.name, value: entry.value)
            if fieldIDs[key] == id { fieldIDs[key] = nil }
            if nameIDs[entry.name] == id { nameIDs[entry.name] = nil }
        }
    }
}
