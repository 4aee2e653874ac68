/// `grpc.testing.SimpleRequest`: the UnaryCall request.
///
/// Not modelled, kept as unknown fields (re-emitted unchanged): `fill_server_id` (9) and
/// `fill_grpclb_route_type` (10), which only the xDS/grpclb cases use.
public struct Grpc_Testing_SimpleRequest: ProtoMessage, Hashable {
    public var responseType: Grpc_Testing_PayloadType = .compressable    // 1
    public var responseSize: Int32 = 0                                   // 2
    public var payload: Grpc_Testing_Payload?                            // 3
    public var fillUsername = false                                      // 4
    public var fillOauthScope = false                                    // 5
    public var responseCompressed: Grpc_Testing_BoolValue?               // 6
    public var responseStatus: Grpc_Testing_EchoStatus?                  // 7
    public var expectCompressed: Grpc_Testing_BoolValue?                 // 8
    public var unknownFields = UnknownFields()

    public init() {}

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: responseType = try reader.read(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, key)
            case 2: responseSize = try reader.read(ProtoInt32.self, key)
            case 3: try reader.readMessage(key, into: &payload)
            case 4: fillUsername = try reader.read(ProtoBool.self, key)
            case 5: fillOauthScope = try reader.read(ProtoBool.self, key)
            case 6: try reader.readMessage(key, into: &responseCompressed)
            case 7: try reader.readMessage(key, into: &responseStatus)
            case 8: try reader.readMessage(key, into: &expectCompressed)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, field: 1, responseType)
        writer.writeIfNotDefault(ProtoInt32.self, field: 2, responseSize)
        if let payload { writer.writeMessage(field: 3, payload) }
        writer.writeIfNotDefault(ProtoBool.self, field: 4, fillUsername)
        writer.writeIfNotDefault(ProtoBool.self, field: 5, fillOauthScope)
        if let responseCompressed { writer.writeMessage(field: 6, responseCompressed) }
        if let responseStatus { writer.writeMessage(field: 7, responseStatus) }
        if let expectCompressed { writer.writeMessage(field: 8, expectCompressed) }
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if responseType.rawValue != 0 {
            total += ProtobufSize.field(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, field: 1, responseType)
        }
        if responseSize != 0 { total += ProtobufSize.field(ProtoInt32.self, field: 2, responseSize) }
        if let payload { total += ProtobufSize.message(field: 3, payload) }
        if fillUsername { total += 2 }
        if fillOauthScope { total += 2 }
        if let responseCompressed { total += ProtobufSize.message(field: 6, responseCompressed) }
        if let responseStatus { total += ProtobufSize.message(field: 7, responseStatus) }
        if let expectCompressed { total += ProtobufSize.message(field: 8, expectCompressed) }
        return total
    }
}
