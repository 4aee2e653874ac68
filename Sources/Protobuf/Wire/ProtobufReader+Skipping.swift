/// Skipping fields a message does not know, optionally keeping them (key and value, as they
/// arrived) so the encoder can write them back unchanged.
extension ProtobufReader {
    /// Skips the value of a field the caller does not know.
    public mutating func skipValue(of key: FieldKey) throws(ProtobufError) {
        switch key.wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: offset += try readLength()
        case .startGroup, .endGroup:
            throw ProtobufError(.groupsNotSupported(field: key.number), at: fieldStart)
        }
    }

    /// Skips the value of a field the caller does not know and keeps the whole field (key and
    /// value, as they arrived) in `unknownFields`, to be re-emitted on encode.
    public mutating func skipValue(of key: FieldKey, keepingIn unknownFields: inout UnknownFields) throws(ProtobufError) {
        let start = fieldStart
        try skipValue(of: key)
        unknownFields.append(UnsafeRawBufferPointer(rebasing: buffer[start..<offset]))
    }
}
