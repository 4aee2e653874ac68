/// `grpc.testing.StreamingOutputCallRequest`: the request of StreamingOutputCall, and each
/// client message of FullDuplexCall / HalfDuplexCall.
public struct Grpc_Testing_StreamingOutputCallRequest: ProtoMessage, Hashable {
    public var responseType: Grpc_Testing_PayloadType = .compressable        // 1
    public var responseParameters: [Grpc_Testing_ResponseParameters] = []    // 2
    public var payload: Grpc_Testing_Payload?                                // 3
    public var responseStatus: Grpc_Testing_EchoStatus?                      // 7
    public var unknownFields = UnknownFields()

    public init() {}

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: responseType = try reader.read(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, key)
            case 2: try reader.readRepeated(ProtoMessageCodec<Grpc_Testing_ResponseParameters>.self, key, into: &responseParameters)
            case 3: try reader.readMessage(key, into: &payload)
            case 7: try reader.readMessage(key, into: &responseStatus)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, field: 1, responseType)
        writer.writeRepeated(ProtoMessageCodec<Grpc_Testing_ResponseParameters>.self, field: 2, responseParameters)
        if let payload { writer.writeMessage(field: 3, payload) }
        if let responseStatus { writer.writeMessage(field: 7, responseStatus) }
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if responseType.rawValue != 0 {
            total += ProtobufSize.field(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, field: 1, responseType)
        }
        total += ProtobufSize.repeated(ProtoMessageCodec<Grpc_Testing_ResponseParameters>.self, field: 2, responseParameters)
        if let payload { total += ProtobufSize.message(field: 3, payload) }
        if let responseStatus { total += ProtobufSize.message(field: 7, responseStatus) }
        return total
    }
}
