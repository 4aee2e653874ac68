/// Encoded sizes, computed without encoding: what ``ProtoMessage/serializedSize`` is built from,
/// so a nested message's length prefix is known before its bytes are written.
public enum ProtobufSize {
    /// Bytes in a varint: 1 per started group of 7 bits, at least 1, at most 10.
    @inlinable
    public static func varint(_ value: UInt64) -> Int {
        // (bits + 6) / 7, with 0 taking one byte: `| 1` keeps the bit count at least 1.
        let bits = 64 - (value | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }

    /// Bytes in a field key.
    @inlinable
    public static func key(field number: Int) -> Int {
        varint(UInt64(truncatingIfNeeded: number) << 3)
    }

    /// Bytes in an `int32` (negatives are sign-extended: 10 bytes).
    @inlinable
    public static func int32(_ value: Int32) -> Int {
        value < 0 ? 10 : varint(UInt64(value))
    }

    /// Bytes in a length-delimited value of `length` bytes, prefix included.
    @inlinable
    public static func lengthDelimited(_ length: Int) -> Int {
        varint(UInt64(length)) + length
    }

    /// Bytes in a whole singular field (key and value) of type `C`.
    public static func field<C: ProtoFieldCodec>(_ codec: C.Type, field number: Int, _ value: C.Value) -> Int {
        key(field: number) + C.size(of: value)
    }

    /// Bytes in a nested message field (key, length, fields).
    public static func message<M: ProtoMessage>(field number: Int, _ message: M) -> Int {
        key(field: number) + lengthDelimited(message.serializedSize)
    }

    /// Bytes of a packed run's payload (without key and length).
    public static func packedPayload<C: ProtoPackableCodec>(_ codec: C.Type, _ values: [C.Value]) -> Int {
        switch C.wireType {
        case .fixed32: return values.count * 4
        case .fixed64: return values.count * 8
        default:
            var total = 0
            for value in values { total += C.size(of: value) }
            return total
        }
    }

    /// Bytes in a packed repeated field (nothing when empty).
    public static func packed<C: ProtoPackableCodec>(_ codec: C.Type, field number: Int, _ values: [C.Value]) -> Int {
        if values.isEmpty { return 0 }
        return key(field: number) + lengthDelimited(packedPayload(codec, values))
    }

    /// Bytes in an unpacked repeated field: one key and value per element.
    public static func repeated<C: ProtoFieldCodec>(_ codec: C.Type, field number: Int, _ values: [C.Value]) -> Int {
        var total = key(field: number) * values.count
        for value in values { total += C.size(of: value) }
        return total
    }

    /// Bytes in one map entry message's payload (key field 1 and value field 2, both always written).
    public static func mapEntryPayload<K: ProtoMapKeyCodec, V: ProtoFieldCodec>(_ keyCodec: K.Type, _ valueCodec: V.Type,
                                                                                key entryKey: K.Value, value: V.Value) -> Int {
        2 + K.size(of: entryKey) + V.size(of: value)
    }

    /// Bytes in a map field: one length-delimited entry per key.
    public static func map<K: ProtoMapKeyCodec, V: ProtoFieldCodec>(_ keyCodec: K.Type, _ valueCodec: V.Type,
                                                                    field number: Int, _ map: [K.Value: V.Value]) -> Int {
        var total = key(field: number) * map.count
        for (entryKey, value) in map {
            total += lengthDelimited(mapEntryPayload(keyCodec, valueCodec, key: entryKey, value: value))
        }
        return total
    }
}
