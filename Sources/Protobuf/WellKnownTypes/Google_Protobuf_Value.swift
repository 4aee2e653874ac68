/// `google.protobuf.Value`: one dynamically typed JSON value, its kind a oneof (fields 1-6 of
/// struct.proto). A Value with no kind set is legal on the wire; it converts to JSON `null`.
public struct Google_Protobuf_Value: ProtoMessage, Hashable {
    /// The `kind` oneof: at most one member is set; the last one on the wire wins.
    public enum Kind: Sendable, Hashable {
        /// JSON `null` (field 1).
        case nullValue(Google_Protobuf_NullValue)   // 1
        /// A JSON number (field 2).
        case numberValue(Double)                    // 2
        /// A JSON string (field 3).
        case stringValue(String)                    // 3
        /// A JSON boolean (field 4).
        case boolValue(Bool)                        // 4
        /// A JSON object (field 5).
        case structValue(Google_Protobuf_Struct)    // 5
        /// A JSON array (field 6).
        case listValue(Google_Protobuf_ListValue)   // 6
    }

    /// Which kind the value holds; nil when none was set (written as JSON `null`).
    public var kind: Kind?
    public var unknownFields = UnknownFields()

    public init() {}

    /// A value holding `kind`.
    public init(kind: Kind?) {
        self.kind = kind
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: kind = .nullValue(try reader.read(ProtoEnumCodec<Google_Protobuf_NullValue>.self, key))
            case 2: kind = .numberValue(try reader.read(ProtoDouble.self, key))
            case 3: kind = .stringValue(try reader.read(ProtoString.self, key))
            case 4: kind = .boolValue(try reader.read(ProtoBool.self, key))
            case 5:
                // A message member seen again is merged into the one already there.
                var object = Google_Protobuf_Struct()
                if case .structValue(let existing) = kind { object = existing }
                kind = nil  // drop the enum's reference so the merge does not copy the storage
                try reader.readMessage(key, into: &object)
                kind = .structValue(object)
            case 6:
                var list = Google_Protobuf_ListValue()
                if case .listValue(let existing) = kind { list = existing }
                kind = nil
                try reader.readMessage(key, into: &list)
                kind = .listValue(list)
            default:
                try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    /// A oneof member is written even at its default (`number_value: 0` is not "unset").
    public func encode(to writer: inout ProtobufWriter) {
        switch kind {
        case .none: break
        case .nullValue(let value): writer.write(ProtoEnumCodec<Google_Protobuf_NullValue>.self, field: 1, value)
        case .numberValue(let value): writer.write(ProtoDouble.self, field: 2, value)
        case .stringValue(let value): writer.write(ProtoString.self, field: 3, value)
        case .boolValue(let value): writer.write(ProtoBool.self, field: 4, value)
        case .structValue(let value): writer.writeMessage(field: 5, value)
        case .listValue(let value): writer.writeMessage(field: 6, value)
        }
        writer.writeUnknownFields(unknownFields)
    }

    public var serializedSize: Int {
        let kindSize: Int
        switch kind {
        case .none: kindSize = 0
        case .nullValue(let value): kindSize = 1 + ProtobufSize.int32(value.rawValue)
        case .numberValue: kindSize = 1 + 8
        case .stringValue(let value): kindSize = 1 + ProtoString.size(of: value)
        case .boolValue: kindSize = 1 + 1
        case .structValue(let value): kindSize = ProtobufSize.message(field: 5, value)
        case .listValue(let value): kindSize = ProtobufSize.message(field: 6, value)
        }
        return kindSize + unknownFields.bytes.count
    }
}
