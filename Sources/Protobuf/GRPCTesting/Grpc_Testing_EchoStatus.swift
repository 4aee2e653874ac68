/// `grpc.testing.EchoStatus`: the status a request asks the server to end the call with
/// (status_code_and_message, special_status_message).
public struct Grpc_Testing_EchoStatus: ProtoMessage, Hashable {
    public var code: Int32 = 0          // 1
    public var message = ""             // 2
    public var unknownFields = UnknownFields()

    public init() {}

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: code = try reader.read(ProtoInt32.self, key)
            case 2: message = try reader.read(ProtoString.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoInt32.self, field: 1, code)
        writer.writeIfNotDefault(ProtoString.self, field: 2, message)
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        var total = unknownFields.bytes.count
        if code != 0 { total += ProtobufSize.field(ProtoInt32.self, field: 1, code) }
        if !message.isEmpty { total += ProtobufSize.field(ProtoString.self, field: 2, message) }
        return total
    }
}
