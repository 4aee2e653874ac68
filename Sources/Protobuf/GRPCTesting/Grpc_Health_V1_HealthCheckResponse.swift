/// `grpc.health.v1.HealthCheckResponse`: a service's serving status.
public struct Grpc_Health_V1_HealthCheckResponse: ProtoMessage, Hashable {
    /// `HealthCheckResponse.ServingStatus`; open like every proto3 enum.
    public enum ServingStatus: ProtoEnum {
        case unknown            // 0
        case serving            // 1
        case notServing         // 2
        case serviceUnknown     // 3, used only by Watch
        case unrecognized(Int32)

        public init(rawValue: Int32) {
            switch rawValue {
            case 0: self = .unknown
            case 1: self = .serving
            case 2: self = .notServing
            case 3: self = .serviceUnknown
            default: self = .unrecognized(rawValue)
            }
        }

        public var rawValue: Int32 {
            switch self {
            case .unknown: return 0
            case .serving: return 1
            case .notServing: return 2
            case .serviceUnknown: return 3
            case .unrecognized(let value): return value
            }
        }
    }

    public var status: ServingStatus = .unknown     // 1
    public var unknownFields = UnknownFields()

    public init() {}

    public init(status: ServingStatus) {
        self.status = status
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: status = try reader.read(ProtoEnumCodec<ServingStatus>.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoEnumCodec<ServingStatus>.self, field: 1, status)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if status.rawValue != 0 { total += ProtobufSize.field(ProtoEnumCodec<ServingStatus>.self, field: 1, status) }
        return total
    }
}
