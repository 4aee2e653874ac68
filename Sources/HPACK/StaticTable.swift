// The static table (RFC 7541 Appendix A).

/// A name-value pair used as a dictionary key by the encoder's table lookups.
struct FieldKey: Hashable, Sendable {
    var name: String
    var value: String
}

/// The 61 predefined entries of RFC 7541 Appendix A, indexes 1 to 61.
enum StaticTable {
    /// The entries; index `i` is `entries[i - 1]`.
    static let entries: [(name: String, value: String)] = [
        (":authority", ""),
        (":method", "GET"),
        (":method", "POST"),
        (":path", "/"),
        (":path", "/index.html"),
        (":scheme", "http"),
        (":scheme", "https"),
        (":status", "200"),
        (":status", "204"),
        (":status", "206"),
        (":status", "304"),
        (":status", "400"),
        (":status", "404"),
        (":status", "500"),
        ("accept-charset", ""),
        ("accept-encoding", "gzip, deflate"),
        ("accept-language", ""),
        ("accept-ranges", ""),
        ("accept", ""),
        ("access-control-allow-origin", ""),
        ("age", ""),
        ("allow", ""),
        ("authorization", ""),
        ("cache-control", ""),
        ("content-disposition", ""),
        ("content-encoding", ""),
        ("content-language", ""),
        ("content-length", ""),
        ("content-location", ""),
        ("content-range", ""),
        ("content-type", ""),
        ("cookie", ""),
        ("date", ""),
        ("etag", ""),
        ("expect", ""),
        ("expires", ""),
        ("from", ""),
        ("host", ""),
        ("if-match", ""),
        ("if-modified-since", ""),
        ("if-none-match", ""),
        ("if-range", ""),
        ("if-unmodified-since", ""),
        ("last-modified", ""),
        ("link", ""),
        ("location", ""),
        ("max-forwards", ""),
        ("proxy-authenticate", ""),
        ("proxy-authorization", ""),
        ("range", ""),
        ("referer", ""),
        ("refresh", ""),
        ("retry-after", ""),
        ("server", ""),
        ("set-cookie", ""),
        ("strict-transport-security", ""),
        ("transfer-encoding", ""),
        ("user-agent", ""),
        ("vary", ""),
        ("via", ""),
        ("www-authenticate", ""),
    ]

    /// The number of entries, 61; dynamic table indexes start after it.
    static let count = 61

    /// The decoder's view: entries with their octet lengths, index `i` at `i - 1`.
    static let decodingEntries: [DynamicTable.Entry] = entries.map {
        DynamicTable.Entry(name: $0.name, value: $0.value)
    }

    /// Index of each name-value pair (those with a value, plus empty-valued ones).
    static let fieldIndex: [FieldKey: Int] = {
        var index: [FieldKey: Int] = [:]
        for (offset, entry) in entries.enumerated() where index[FieldKey(name: entry.name, value: entry.value)] == nil {
            index[FieldKey(name: entry.name, value: entry.value)] = offset + 1
        }
        return index
    }()

    /// Lowest index of each name.
    static let nameIndex: [String: Int] = {
        var index: [String: Int] = [:]
        for (offset, entry) in entries.enumerated() where index[entry.name] == nil {
            index[entry.name] = offset + 1
        }
        return index
    }()
}
