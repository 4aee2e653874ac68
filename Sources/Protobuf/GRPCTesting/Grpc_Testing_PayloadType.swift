/// `grpc.testing.PayloadType` (messages.proto): only `COMPRESSABLE` is defined. Open, so other
/// numbers are kept.
public enum Grpc_Testing_PayloadType: ProtoEnum {
    case compressable
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        self = rawValue == 0 ? .compressable : .unrecognized(rawValue)
    }

    public var rawValue: Int32 {
        switch self {
        case .compressable: return 0
        case .unrecognized(let value): return value
        }
    }
}
