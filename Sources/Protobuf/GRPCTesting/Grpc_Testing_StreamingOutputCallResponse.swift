/// `grpc.testing.StreamingOutputCallResponse`: one streamed response.
public struct Grpc_Testing_StreamingOutputCallResponse: ProtoMessage, Hashable {
    public var payload: Grpc_Testing_Payload?   // 1
    public var unknownFields = UnknownFields()

    public init() {}

    public init(payload: Grpc_Testing_Payload?) {
        self.payload = payload
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: try reader.readMessage(key, into: &payload)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        if let payload { writer.writeMessage(field: 1, payload) }
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if let payload { total += ProtobufSize.message(field: 1, payload) }
        return total
    }
}
