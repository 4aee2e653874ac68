import Protobuf

/// `ipcbridge.test.Nested` (Fixtures/generate.py): a recursive message, written the way a user
/// of the library writes one by hand.
struct TestNested: ProtoMessage, Hashable {
    var a: Int32 = 0                            // 1
    var b = ""                                  // 2
    var child: [TestNested] = []                // 3, optional: at most one element (recursion needs indirection)
    var unknownFields = UnknownFields()

    init() {}

    init(a: Int32 = 0, b: String = "", child: TestNested? = nil) {
        self.a = a
        self.b = b
        self.child = child.map { [$0] } ?? []
    }

    mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: a = try reader.read(ProtoInt32.self, key)
            case 2: b = try reader.read(ProtoString.self, key)
            case 3:
                var value = child.first ?? TestNested()
                child = []
                try reader.readMessage(key, into: &value)
                child = [value]
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoInt32.self, field: 1, a)
        writer.writeIfNotDefault(ProtoString.self, field: 2, b)
        if let value = child.first { writer.writeMessage(field: 3, value) }
        writer.writeUnknownFields(unknownFields)
    }

    var serializedSize: Int {
        var total = unknownFields.bytes.count
        if a != 0 { total += ProtobufSize.field(ProtoInt32.self, field: 1, a) }
        if !b.isEmpty { total += ProtobufSize.field(ProtoString.self, field: 2, b) }
        if let value = child.first { total += ProtobufSize.message(field: 3, value) }
        return total
    }
}
