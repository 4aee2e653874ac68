/// The low three bits of a field key: how the value that follows is laid out on the wire.
///
/// Groups (3 and 4) are a proto2 feature nothing in IPCBridge's protos uses; the reader refuses
/// them rather than carry the nesting logic they need. Values 6 and 7 are not defined at all.
public enum WireType: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// 0: a base-128 varint (int32, int64, uint*, sint*, bool, enums).
    case varint = 0
    /// 1: eight bytes little-endian (fixed64, sfixed64, double).
    case fixed64 = 1
    /// 2: a varint length, then that many bytes (strings, bytes, messages, packed repeated fields).
    case lengthDelimited = 2
    /// 3: start of a proto2 group; refused.
    case startGroup = 3
    /// 4: end of a proto2 group; refused.
    case endGroup = 4
    /// 5: four bytes little-endian (fixed32, sfixed32, float).
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
    /// How the value after the key is encoded.
    public let wireType: WireType

    /// A key for field `number` with `wireType` (the number is not checked here).
    public init(number: Int, wireType: WireType) {
        self.number = number
        self.wireType = wireType
    }

    /// The key as it goes on the wire: `number << 3 | wireType`.
    public var rawValue: UInt64 { UInt64(truncatingIfNeeded: number) << 3 | UInt64(wireType.rawValue) }

    public var description: String { "field \(number) (\(wireType))" }
}
