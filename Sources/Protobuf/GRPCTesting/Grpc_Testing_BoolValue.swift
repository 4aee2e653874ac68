/// `grpc.testing.BoolValue`: a bool with presence (grpc's own copy of the wrapper type), used
/// for `expect_compressed` / `response_compressed` / `compressed`.
public struct Grpc_Testing_BoolValue: ProtoMessage, Hashable {
    public var value = false            // 1
    public var unknownFields = UnknownFields()

    public init() {}

    public init(_ value: Bool) {
        self.value = value
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: value = try reader.read(ProtoBool.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoBool.self, field: 1, value)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        (value ? 2 : 0) + unknownFields.bytes.count
    }
}
