// One header field as the encoder takes it and the decoder gives it.

/// A header field: name, value and how it may be indexed by HPACK.
///
/// Names and values are `String`s. Octets on the wire that are not valid UTF-8
/// (obs-text) are decoded with the Unicode replacement character; table sizes and
/// the header list size are always accounted in wire octets.
public struct HPACKHeader: Sendable, Equatable, Hashable {
    /// How a field may be stored in the dynamic tables (RFC 7541 section 6.2).
    public enum Indexing: Sendable, Equatable, Hashable {
        /// May be added to the dynamic table (literal with incremental indexing), or
        /// sent as a reference to a table entry.
        case indexable
        /// Sent as a literal without indexing: not added to the dynamic table.
        case nonIndexed
        /// Sent as a never-indexed literal: not added to the dynamic table here nor
        /// by any intermediary; for sensitive values such as `authorization`.
        case neverIndexed
    }

    /// The field name, lower-case for HTTP/2 (not enforced here).
    public var name: String
    /// The field value.
    public var value: String
    /// How the field may be indexed. Decoded fields carry the representation they
    /// arrived in: indexed fields and incremental-indexing literals are `.indexable`.
    public var indexing: Indexing

    /// A header field, indexable unless told otherwise.
    public init(name: String, value: String, indexing: Indexing = .indexable) {
        self.name = name
        self.value = value
        self.indexing = indexing
    }
}
