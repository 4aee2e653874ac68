/// `grpc.testing.StreamingInputCallResponse`: the total body size the server received.
public struct Grpc_Testing_StreamingInputCallResponse: ProtoMessage, Hashable {
    public var aggregatedPayloadSize: Int32 = 0     // 1
    public var unknownFields = UnknownFields()

    public init() {}

    public init(aggregatedPayloadSize: Int32) {
        self.aggregatedPayloadSize = aggregatedPayloadSize
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: aggregatedPayloadSize = try reader.read(ProtoInt32.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoInt32.self, field: 1, aggregatedPayloadSize)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if aggregatedPayloadSize != 0 { total += ProtobufSize.field(ProtoInt32.self, field: 1, aggregatedPayloadSize) }
        return total
    }
}
