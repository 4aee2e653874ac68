/// `google.protobuf.NullValue`: the one-value enum that marks a JSON `null` in a `Value`.
/// Open like every proto3 enum, so a number other than 0 is kept (and written back) as is.
public enum Google_Protobuf_NullValue: ProtoEnum {
    /// `NULL_VALUE` (0), the only value the schema names.
    case nullValue
    /// Any other number, kept as read.
    case unrecognized(Int32)

    public init(rawValue: Int32) {
        self = rawValue == 0 ? .nullValue : .unrecognized(rawValue)
    }

    public var rawValue: Int32 {
        switch self {
        case .nullValue: return 0
        case .unrecognized(let value): return value
        }
    }
}
