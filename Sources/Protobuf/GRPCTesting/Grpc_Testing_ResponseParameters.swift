/// `grpc.testing.ResponseParameters`: one response a streaming call asks for (its body size and
/// the wait before it).
public struct Grpc_Testing_ResponseParameters: ProtoMessage, Hashable {
    public var size: Int32 = 0                          // 1
    public var intervalUs: Int32 = 0                    // 2
    public var compressed: Grpc_Testing_BoolValue?      // 3
    public var unknownFields = UnknownFields()

    public init() {}

    public init(size: Int32, intervalUs: Int32 = 0) {
        self.size = size
        self.intervalUs = intervalUs
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: size = try reader.read(ProtoInt32.self, key)
            case 2: intervalUs = try reader.read(ProtoInt32.self, key)
            case 3: try reader.readMessage(key, into: &compressed)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoInt32.self, field: 1, size)
        writer.writeIfNotDefault(ProtoInt32.self, field: 2, intervalUs)
        if let compressed { writer.writeMessage(field: 3, compressed) }
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if size != 0 { total += ProtobufSize.field(ProtoInt32.self, field: 1, size) }
        if intervalUs != 0 { total += ProtobufSize.field(ProtoInt32.self, field: 2, intervalUs) }
        if let compressed { total += ProtobufSize.message(field: 3, compressed) }
        return total
    }
}
