/// `google.protobuf.Empty`: no fields (anything on the wire is kept as unknown fields).
public struct Google_Protobuf_Empty: ProtoMessage, Hashable {
    public var unknownFields = UnknownFields()

    public init() {}

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            try reader.skipValue(of: key, keepingIn: &unknownFields)
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int { unknownFields.bytes.count }
}
