/// `grpc.health.v1.HealthCheckRequest`: the service to check ("" = the whole server).
public struct Grpc_Health_V1_HealthCheckRequest: ProtoMessage, Hashable {
    public var service = ""     // 1
    public var unknownFields = UnknownFields()

    public init() {}

    public init(service: String) {
        self.service = service
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: service = try reader.read(ProtoString.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoString.self, field: 1, service)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if !service.isEmpty { total += ProtobufSize.field(ProtoString.self, field: 1, service) }
        return total
    }
}
