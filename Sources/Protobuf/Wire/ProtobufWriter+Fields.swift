/// Whole-field writes on top of the wire primitives: key and value, packed repeated fields and
/// maps. These write unconditionally; the message decides what proto3 leaves out (a scalar at
/// its default is skipped, but a oneof member or a set message is written even when empty).
extension ProtobufWriter {
    /// A singular field of type `C`: key, then value.
    public mutating func write<C: ProtoFieldCodec>(_ codec: C.Type, field number: Int, _ value: C.Value) {
        writeKey(field: number, wireType: C.wireType)
        C.write(value, to: &self)
    }

    /// A singular field of type `C`, left out at its proto3 default.
    public mutating func writeIfNotDefault<C: ProtoFieldCodec>(_ codec: C.Type, field number: Int, _ value: C.Value) {
        if C.isDefault(value) { return }
        write(codec, field: number, value)
    }

    /// A nested message field: key, length, fields.
    public mutating func writeMessage<M: ProtoMessage>(field number: Int, _ message: M) {
        writeKey(field: number, wireType: .lengthDelimited)
        writeLengthDelimited(message: message)
    }

    /// A repeated scalar field, packed (proto3's default): one key, the payload length, the
    /// values back to back. Nothing is written for an empty array.
    public mutating func writePacked<C: ProtoPackableCodec>(_ codec: C.Type, field number: Int, _ values: [C.Value]) {
        if values.isEmpty { return }
        let payload = ProtobufSize.packedPayload(codec, values)
        writeKey(field: number, wireType: .lengthDelimited)
        writeVarint(UInt64(payload))
        reserveCapacity(additional: payload)
        for value in values { C.write(value, to: &self) }
    }

    /// A repeated field written unpacked: a key before every element (strings, bytes, messages).
    public mutating func writeRepeated<C: ProtoFieldCodec>(_ codec: C.Type, field number: Int, _ values: [C.Value]) {
        for value in values { write(codec, field: number, value) }
    }

    /// A map field: one entry message per key, with key (field 1) and value (field 2) both
    /// written even at their defaults, as the reference encoders do. Entries go out in key order
    /// (``ProtoMapKeyCodec/precedes(_:_:)``) so the same map always encodes to the same bytes.
    public mutating func writeMap<K: ProtoMapKeyCodec, V: ProtoFieldCodec>(_ keyCodec: K.Type, _ valueCodec: V.Type,
                                                                           field number: Int, _ map: [K.Value: V.Value]) {
        if map.isEmpty { return }
        for (entryKey, value) in map.sorted(by: { K.precedes($0.key, $1.key) }) {
            writeMapEntry(keyCodec, valueCodec, field: number, key: entryKey, value: value)
        }
    }

    /// One map entry message.
    public mutating func writeMapEntry<K: ProtoMapKeyCodec, V: ProtoFieldCodec>(_ keyCodec: K.Type, _ valueCodec: V.Type,
                                                                                field number: Int, key entryKey: K.Value, value: V.Value) {
        writeKey(field: number, wireType: .lengthDelimited)
        writeVarint(UInt64(ProtobufSize.mapEntryPayload(keyCodec, valueCodec, key: entryKey, value: value)))
        write(keyCodec, field: 1, entryKey)
        write(valueCodec, field: 2, value)
    }
}
