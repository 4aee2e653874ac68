/// The proto scalar types, each with its own wire encoding.
public enum ProtoScalarType: String, Sendable, Hashable, CaseIterable {
    case double, float, int32, int64, uint32, uint64, sint32, sint64
    case fixed32, fixed64, sfixed32, sfixed64, bool, string, bytes

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
    case scalar(ProtoScalarType)
    /// A message or enum name as written (`Payload`, `.grpc.testing.Payload`,
    /// `google.protobuf.Struct`): what the parser produces.
    case named(String)
    /// After ``ProtoSemantics``: the fully qualified name (`grpc.testing.Payload`, no leading dot).
    case message(String)
    case enumeration(String)
}
