/// `google.protobuf.Struct`: a JSON object, as `map<string, Value> fields = 1`.
///
/// The encoder writes entries in UTF-8 key order, which is what the reference implementations'
/// deterministic mode does for string keys, so equal Structs encode to equal bytes.
public struct Google_Protobuf_Struct: ProtoMessage, Hashable {
    /// Field 1: the members, each key an entry of the map.
    public var fields: [String: Google_Protobuf_Value] = [:]
    public var unknownFields = UnknownFields()

    public init() {}

    /// A struct with `fields`.
    public init(fields: [String: Google_Protobuf_Value]) {
        self.fields = fields
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: try reader.readMapEntry(ProtoString.self, ProtoMessageCodec<Google_Protobuf_Value>.self, key, into: &fields)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMap(ProtoString.self, ProtoMessageCodec<Google_Protobuf_Value>.self, field: 1, fields)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        ProtobufSize.map(ProtoString.self, ProtoMessageCodec<Google_Protobuf_Value>.self, field: 1, fields)
            + unknownFields.bytes.count
    }
}
