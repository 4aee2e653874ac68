import BridgeCore

/// Reads and writes `google.protobuf.Struct` / `Value` / `ListValue` wire bytes straight from
/// and into `JSONValue`, without building `Google_Protobuf_*` messages in between: this is the
/// `attributes` path of every BridgeMessage, so it skips a tree copy each way.
///
/// The bytes are the same as the well-known-type messages produce (keys in UTF-8 order, a
/// Value's kind always written). What `JSONValue` cannot hold is dropped on read: unknown fields
/// inside these messages, and the number of a non-zero `NullValue` (read as `null`). A Value
/// with no kind reads as `null`. Writing patches each length in after the value instead of
/// sizing the tree first (``ProtobufWriter/beginLengthDelimited()``): one pass over the tree.
enum JSONValueWireCodec {
    // Field numbers from google/protobuf/struct.proto.
    static let structFields = 1
    static let listValues = 1
    static let nullValue = 1, numberValue = 2, stringValue = 3, boolValue = 4, structValue = 5, listValue = 6

    // MARK: sizes (payloads: without the enclosing key and length)

    static func structSize(_ object: [String: JSONValue]) -> Int {
        var total = 0
        for (key, value) in object {
            total += 1 + ProtobufSize.lengthDelimited(entrySize(key: key, value: value))
        }
        return total
    }

    static func entrySize(key: String, value: JSONValue) -> Int {
        1 + ProtobufSize.lengthDelimited(key.utf8.count) + 1 + ProtobufSize.lengthDelimited(valueSize(value))
    }

    static func listSize(_ array: [JSONValue]) -> Int {
        var total = 0
        for value in array { total += 1 + ProtobufSize.lengthDelimited(valueSize(value)) }
        return total
    }

    static func valueSize(_ value: JSONValue) -> Int {
        switch value {
        case .null: return 2
        case .number: return 9
        case .bool: return 2
        case .string(let text): return 1 + ProtobufSize.lengthDelimited(text.utf8.count)
        case .object(let object): return 1 + ProtobufSize.lengthDelimited(structSize(object))
        case .array(let array): return 1 + ProtobufSize.lengthDelimited(listSize(array))
        }
    }

    // MARK: writing (payloads, lengths patched in: no size pass over the tree)

    static func writeStruct(_ object: [String: JSONValue], to writer: inout ProtobufWriter) {
        if object.count <= 1 {
            for (key, value) in object { writeEntry(key: key, value: value, to: &writer) }
            return
        }
        // Sorting the dictionary's indices moves plain integers, not (String, JSONValue) pairs.
        var order = Array(object.indices)
        order.sort { ProtoString.precedes(object[$0].key, object[$1].key) }
        for index in order {
            let (key, value) = object[index]
            writeEntry(key: key, value: value, to: &writer)
        }
    }

    private static func writeEntry(key: String, value: JSONValue, to writer: inout ProtobufWriter) {
        writer.writeKey(field: structFields, wireType: .lengthDelimited)
        let entry = writer.beginLengthDelimited()
        writer.write(ProtoString.self, field: 1, key)
        writer.writeKey(field: 2, wireType: .lengthDelimited)
        let nested = writer.beginLengthDelimited()
        writeValue(value, to: &writer)
        writer.endLengthDelimited(nested)
        writer.endLengthDelimited(entry)
    }

    static func writeList(_ array: [JSONValue], to writer: inout ProtobufWriter) {
        for value in array {
            writer.writeKey(field: listValues, wireType: .lengthDelimited)
            let nested = writer.beginLengthDelimited()
            writeValue(value, to: &writer)
            writer.endLengthDelimited(nested)
        }
    }

    static func writeValue(_ value: JSONValue, to writer: inout ProtobufWriter) {
        switch value {
        case .null:
            writer.writeKey(field: nullValue, wireType: .varint)
            writer.writeVarint(0)
        case .number(let number):
            writer.write(ProtoDouble.self, field: numberValue, number)
        case .string(let text):
            writer.write(ProtoString.self, field: stringValue, text)
        case .bool(let flag):
            writer.write(ProtoBool.self, field: boolValue, flag)
        case .object(let object):
            writer.writeKey(field: structValue, wireType: .lengthDelimited)
            let nested = writer.beginLengthDelimited()
            writeStruct(object, to: &writer)
            writer.endLengthDelimited(nested)
        case .array(let array):
            writer.writeKey(field: listValue, wireType: .lengthDelimited)
            let nested = writer.beginLengthDelimited()
            writeList(array, to: &writer)
            writer.endLengthDelimited(nested)
        }
    }

    // MARK: reading (the reader is narrowed to the message's payload)

    /// Reads a Struct's entries into `object` (merging: a later key replaces an earlier one).
    static func readStruct(from reader: inout ProtobufReader, into object: inout [String: JSONValue]) throws(ProtobufError) {
        while let key = try reader.nextField() {
            guard key.number == structFields else {
                try reader.skipValue(of: key)
                continue
            }
            try reader.expect(key, .lengthDelimited)
            let entry = try reader.enterLengthDelimited()
            var entryKey = ""
            var entryValue: JSONValue?
            while let field = try reader.nextField() {
                switch field.number {
                case 1:
                    entryKey = try reader.read(ProtoString.self, field)
                case 2:
                    try reader.expect(field, .lengthDelimited)
                    let nested = try reader.enterLengthDelimited()
                    try readValue(from: &reader, into: &entryValue)
                    reader.leaveLengthDelimited(nested)
                default:
                    try reader.skipValue(of: field)
                }
            }
            reader.leaveLengthDelimited(entry)
            object[entryKey] = entryValue ?? .null
        }
    }

    /// Reads a ListValue's elements, appending to `array`.
    static func readList(from reader: inout ProtobufReader, into array: inout [JSONValue]) throws(ProtobufError) {
        while let key = try reader.nextField() {
            guard key.number == listValues else {
                try reader.skipValue(of: key)
                continue
            }
            try reader.expect(key, .lengthDelimited)
            let nested = try reader.enterLengthDelimited()
            var element: JSONValue?
            try readValue(from: &reader, into: &element)
            reader.leaveLengthDelimited(nested)
            array.append(element ?? .null)
        }
    }

    /// Reads a Value's kind into `value` (nil while no kind has been seen). A struct or list
    /// member seen twice is merged, as protobuf merges message fields.
    static func readValue(from reader: inout ProtobufReader, into value: inout JSONValue?) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case nullValue:
                _ = try reader.read(ProtoInt32.self, key)
                value = .null
            case numberValue:
                value = .number(try reader.read(ProtoDouble.self, key))
            case stringValue:
                value = .string(try reader.read(ProtoString.self, key))
            case boolValue:
                value = .bool(try reader.read(ProtoBool.self, key))
            case structValue:
                try reader.expect(key, .lengthDelimited)
                var object: [String: JSONValue] = [:]
                if case .object(let existing) = value { object = existing }
                value = nil
                let nested = try reader.enterLengthDelimited()
                try readStruct(from: &reader, into: &object)
                reader.leaveLengthDelimited(nested)
                value = .object(object)
            case listValue:
                try reader.expect(key, .lengthDelimited)
                var array: [JSONValue] = []
                if case .array(let existing) = value { array = existing }
                value = nil
                let nested = try reader.enterLengthDelimited()
                try readList(from: &reader, into: &array)
                reader.leaveLengthDelimited(nested)
                value = .array(array)
            default:
                try reader.skipValue(of: key)
            }
        }
    }
}
