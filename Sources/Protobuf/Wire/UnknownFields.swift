/// Fields a decoder did not recognise, kept as the raw bytes they arrived as (key and value).
///
/// Keeping them lets a program that only knows an older schema pass a newer peer's message on
/// without losing data: the Validation service's `Echo` must hand a message back with its
/// unknown fields unchanged. The encoder writes them after the known fields, in arrival order,
/// byte for byte (so a message whose unknown fields came last re-encodes to the same bytes).
public struct UnknownFields: Sendable, Hashable {
    /// Concatenated raw fields, each a key followed by its value.
    public private(set) var bytes: [UInt8]

    /// No unknown fields.
    public init() {
        bytes = []
    }

    /// Raw fields from elsewhere (they must be whole, well-formed fields to re-encode cleanly).
    public init(rawBytes: [UInt8]) {
        bytes = rawBytes
    }

    /// True when no unknown field was kept.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Appends one raw field (key and value).
    public mutating func append(_ rawField: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: rawField)
    }

    /// Appends raw fields (each key and value).
    public mutating func append(contentsOf rawFields: [UInt8]) {
        bytes.append(contentsOf: rawFields)
    }

    /// Drops them all.
    public mutating func removeAll() {
        bytes.removeAll()
    }
}
