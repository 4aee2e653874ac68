/// `google.protobuf.ListValue`: a JSON array, as `repeated Value values = 1`.
public struct Google_Protobuf_ListValue: ProtoMessage, Hashable {
    /// Field 1: the elements, in order.
    public var values: [Google_Protobuf_Value] = []
    public var unknownFields = UnknownFields()

    public init() {}

    /// A list of `values`.
    public init(values: [Google_Protobuf_Value]) {
        self.values = values
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: try reader.readRepeated(ProtoMessageCodec<Google_Protobuf_Value>.self, key, into: &values)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeRepeated(ProtoMessageCodec<Google_Protobuf_Value>.self, field: 1, values)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        ProtobufSize.repeated(ProtoMessageCodec<Google_Protobuf_Value>.self, field: 1, values) + unknownFields.bytes.count
    }
}
