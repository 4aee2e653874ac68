import Protobuf

/// `ipcbridge.test.Color` from the test proto in Fixtures/generate.py: an open enum with a
/// negative member.
enum TestColor: ProtoEnum {
    case unspecified, red, green, negative
    case unrecognized(Int32)

    init(rawValue: Int32) {
        switch rawValue {
        case 0: self = .unspecified
        case 1: self = .red
        case 2: self = .green
        case -1: self = .negative
        default: self = .unrecognized(rawValue)
        }
    }

    var rawValue: Int32 {
        switch self {
        case .unspecified: return 0
        case .red: return 1
        case .green: return 2
        case .negative: return -1
        case .unrecognized(let value): return value
        }
    }
}
