/// The proto scalar types, each with its own wire encoding.
public enum ProtoScalarType: String, Sendable, Hashable, CaseIterable {
    /// 64-bit IEEE 754, eight bytes on the wire (Swift `Double`).
    case double
    /// 32-bit IEEE 754, four bytes on the wire (Swift `Float`).
    case float
    /// A varint; negative values take ten bytes (Swift `Int32`).
    case int32
    /// A varint; negative values take ten bytes (Swift `Int64`).
    case int64
    /// A varint (Swift `UInt32`).
    case uint32
    /// A varint (Swift `UInt64`).
    case uint64
    /// A ZigZag varint: small negative values stay short (Swift `Int32`).
    case sint32
    /// A ZigZag varint: small negative values stay short (Swift `Int64`).
    case sint64
    /// Always four bytes: cheaper than a varint for large values (Swift `UInt32`).
    case fixed32
    /// Always eight bytes (Swift `UInt64`).
    case fixed64
    /// Always four bytes, signed (Swift `Int32`).
    case sfixed32
    /// Always eight bytes, signed (Swift `Int64`).
    case sfixed64
    /// A varint 0 or 1 (Swift `Bool`).
    case bool
    /// Length-delimited UTF-8 (Swift `String`).
    case string
    /// Length-delimited bytes (Swift `[UInt8]`).
    case bytes

    /// Integer and string types: the only types a map key may have.
    public var isValidMapKey: Bool {
        switch self {
        case .int32, .int64, .uint32, .uint64, .sint32, .sint64, .fixed32, .fixed64, .sfixed32, .sfixed64, .bool, .string:
            return true
        case .double, .float, .bytes:
            return false
        }
    }

    /// Every scalar but string and bytes can be packed.
    public var isPackable: Bool {
        switch self {
        case .string, .bytes: return false
        case .double, .float, .int32, .int64, .uint32, .uint64, .sint32, .sint64,
             .fixed32, .fixed64, .sfixed32, .sfixed64, .bool:
            return true
        }
    }
}

/// A field's or method's type as written, then as resolved.
public enum ProtoTypeReference: Sendable, Hashable {
    /// A built-in scalar type (`int32`, `string`...).
    case scalar(ProtoScalarType)
    /// A message or enum name as written (`Payload`, `.grpc.testing.Payload`,
    /// `google.protobuf.Struct`): what the parser produces.
    case named(String)
    /// After ``ProtoSemantics``: the fully qualified name (`grpc.testing.Payload`, no leading dot).
    case message(String)
    /// After ``ProtoSemantics``: the fully qualified name of an enum.
    case enumeration(String)
}
