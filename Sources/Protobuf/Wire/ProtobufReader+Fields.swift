/// Whole-field reads on top of the wire primitives: each checks the key's wire type against the
/// field's declared type. A mismatch on a known field is an error (``ProtobufError/Kind/wrongWireType(field:expected:found:)``),
/// never a silent misread; the one allowed difference is packed versus unpacked repeated scalars.
/// (upb and C++ would instead keep such a field as unknown; refusing it makes a peer's schema
/// mismatch visible instead of silently dropping the value.)
extension ProtobufReader {
    /// A singular scalar, string or bytes field of type `C`.
    public mutating func read<C: ProtoFieldCodec>(_ codec: C.Type, _ key: FieldKey) throws(ProtobufError) -> C.Value {
        try expect(key, C.wireType)
        return try C.read(from: &self, field: key.number)
    }

    /// A nested message's length and fields, merged into `message` (after its key).
    public mutating func readMessageValue<M: ProtoMessage>(into message: inout M) throws(ProtobufError) {
        let boundary = try enterLengthDelimited()
        try message.decode(from: &self)
        leaveLengthDelimited(boundary)
    }

    /// A singular message field, merged into `message` as protobuf merges a repeated occurrence.
    public mutating func readMessage<M: ProtoMessage>(_ key: FieldKey, into message: inout M) throws(ProtobufError) {
        try expect(key, .lengthDelimited)
        try readMessageValue(into: &message)
    }

    /// A singular message field with presence: nil becomes a new message, a present one is merged.
    public mutating func readMessage<M: ProtoMessage>(_ key: FieldKey, into message: inout M?) throws(ProtobufError) {
        try expect(key, .lengthDelimited)
        var value = message ?? M()
        try readMessageValue(into: &value)
        message = value
    }

    /// One occurrence of a repeated packable scalar: a packed run (what proto3 writes) or a
    /// single unpacked value (what proto2 and `[packed = false]` write); both are accepted.
    public mutating func readRepeated<C: ProtoPackableCodec>(_ codec: C.Type, _ key: FieldKey,
                                                            into values: inout [C.Value]) throws(ProtobufError) {
        if key.wireType == .lengthDelimited {
            let run = try enterPackedRun()
            switch C.wireType {
            case .fixed32: values.reserveCapacity(values.count + (end - offset) / 4)
            case .fixed64: values.reserveCapacity(values.count + (end - offset) / 8)
            default: break
            }
            while !isAtEnd {
                values.append(try C.read(from: &self, field: key.number))
            }
            leavePackedRun(run)
        } else {
            try expect(key, C.wireType)
            values.append(try C.read(from: &self, field: key.number))
        }
    }

    /// One element of a repeated string, bytes or message field (these are never packed).
    public mutating func readRepeated<C: ProtoFieldCodec>(_ codec: C.Type, _ key: FieldKey,
                                                         into values: inout [C.Value]) throws(ProtobufError) {
        try expect(key, C.wireType)
        values.append(try C.read(from: &self, field: key.number))
    }

    /// One entry of a map field: a nested message with the key in field 1 and the value in
    /// field 2, either of which may be absent (then it is the default). A later entry with the
    /// same key replaces an earlier one; inside one entry, a key or scalar value that appears
    /// twice keeps the last, and a message value that appears twice is merged (an entry is a
    /// message like any other). Other fields inside an entry are skipped.
    public mutating func readMapEntry<K: ProtoMapKeyCodec, V: ProtoFieldCodec>(_ keyCodec: K.Type, _ valueCodec: V.Type,
                                                                             _ key: FieldKey,
                                                                             into map: inout [K.Value: V.Value]) throws(ProtobufError) {
        try expect(key, .lengthDelimited)
        let boundary = try enterLengthDelimited()
        var entryKey = K.defaultValue
        var entryValue = V.defaultValue
        while let field = try nextField() {
            switch field.number {
            case 1: entryKey = try read(K.self, field)
            case 2:
                try expect(field, V.wireType)
                try V.read(from: &self, field: field.number, mergingInto: &entryValue)
            default: try skipValue(of: field)
            }
        }
        leaveLengthDelimited(boundary)
        map[entryKey] = entryValue
    }
}
