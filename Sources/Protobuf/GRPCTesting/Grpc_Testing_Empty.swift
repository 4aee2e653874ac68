/// `grpc.testing.Empty` (empty.proto): grpc's own empty message, for EmptyCall. It has the
/// same (empty) wire form as `google.protobuf.Empty`.
public struct Grpc_Testing_Empty: ProtoMessage, Hashable {
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
