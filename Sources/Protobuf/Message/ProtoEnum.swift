/// A proto3 enum: open, so any `int32` read from the wire is kept, including numbers the
/// schema does not name (an `unrecognized(n)` case in the conforming Swift enum), and written
/// back unchanged. Only the numeric value is ever on the wire.
public protocol ProtoEnum: Sendable, Hashable {
    /// The value for a wire number: the named case, or `unrecognized(n)` for a number the schema
    /// does not name, so reading never fails and the number survives a round trip.
    init(rawValue: Int32)
    /// The number written on the wire (for `unrecognized(n)`, `n` as read).
    var rawValue: Int32 { get }
}
