/// `grpc.testing.Payload`: what the interop cases send and expect back (`zeros(N)` bodies).
public struct Grpc_Testing_Payload: ProtoMessage, Hashable {
    public var type: Grpc_Testing_PayloadType = .compressable   // 1
    public var body: [UInt8] = []                               // 2
    public var unknownFields = UnknownFields()

    public init() {}

    public init(type: Grpc_Testing_PayloadType = .compressable, body: [UInt8]) {
        self.type = type
        self.body = body
    }

    /// A payload of `count` zero bytes, as the interop cases build them.
    public static func zeros(_ count: Int) -> Grpc_Testing_Payload {
        Grpc_Testing_Payload(body: [UInt8](repeating: 0, count: max(0, count)))
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: type = try reader.read(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, key)
            case 2: body = try reader.read(ProtoBytes.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, field: 1, type)
        writer.writeIfNotDefault(ProtoBytes.self, field: 2, body)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if type.rawValue != 0 { total += ProtobufSize.field(ProtoEnumCodec<Grpc_Testing_PayloadType>.self, field: 1, type) }
        if !body.isEmpty { total += ProtobufSize.field(ProtoBytes.self, field: 2, body) }
        return total
    }
}
