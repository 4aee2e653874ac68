/// `grpc.testing.SimpleResponse`: the UnaryCall response.
///
/// Not modelled, kept as unknown fields (re-emitted unchanged): `server_id` (4),
/// `grpclb_route_type` (5) and `hostname` (6), which only the xDS/grpclb cases use.
public struct Grpc_Testing_SimpleResponse: ProtoMessage, Hashable {
    public var payload: Grpc_Testing_Payload?   // 1
    public var username = ""                    // 2
    public var oauthScope = ""                  // 3
    public var unknownFields = UnknownFields()

    public init() {}

    public init(payload: Grpc_Testing_Payload?) {
        self.payload = payload
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: try reader.readMessage(key, into: &payload)
            case 2: username = try reader.read(ProtoString.self, key)
            case 3: oauthScope = try reader.read(ProtoString.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        if let payload { writer.writeMessage(field: 1, payload) }
        writer.writeIfNotDefault(ProtoString.self, field: 2, username)
        writer.writeIfNotDefault(ProtoString.self, field: 3, oauthScope)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if let payload { total += ProtobufSize.message(field: 1, payload) }
        if !username.isEmpty { total += ProtobufSize.field(ProtoString.self, field: 2, username) }
        if !oauthScope.isEmpty { total += ProtobufSize.field(ProtoString.self, field: 3, oauthScope) }
        return total
    }
}
