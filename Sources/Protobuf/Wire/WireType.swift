/// The low three bits of a field key: how the value that follows is laid out on the wire.
///
/// Groups (3 and 4) are a proto2 feature nothing in IPCBridge's protos uses; the reader refuses
/// them rather than carry the nesting logic they need. Values 6 and 7 are not defined at all.
public enum WireType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case startGroup = 3
    case endGroup = 4
    case fixed32 = 5

    public var description: String {
        switch self {
        case .varint: return "varint"
        case .fixed64: return "fixed64"
        case .lengthDelimited: return "length-delimited"
        case .startGroup: return "start-group"
        case .endGroup: return "end-group"
        case .fixed32: return "fixed32"
        }
    }
}

/// A decoded field key: the field number and the wire type of the value after it.
public struct FieldKey: Sendable, Hashable, CustomStringConvertible {
    /// 1 ... 2^29 - 1 (the reader refuses 0 and anything that does not fit 29 bits).
    public let number: Int
    public let wireType: WireType

    public init(number: Int, wireType: WireType) {
        self.number = number
        self.wireType = wireType
    }

    /// The key as it goes on the wire: `number << 3 | wireType`.
    public var rawValue: UInt64 { UInt64(truncatingIfNeeded: number) << 3 | UInt64(wireType.rawValue) }

    public var description: String { "field \(number) (\(wireType))" }
}
