/// A proto3 enum: open, so any `int32` read from the wire is kept, including numbers the
/// schema does not name (an `unrecognized(n)` case in the conforming Swift enum), and written
/// back unchanged. Only the numeric value is ever on the wire.
public protocol ProtoEnum: Sendable, Hashable {
    init(rawValue: Int32)
    var rawValue: Int32 { get }
}
