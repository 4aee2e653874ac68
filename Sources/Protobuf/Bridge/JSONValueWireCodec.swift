import BridgeCore

/// Reads and writes `google.protobuf.Struct` / `Value` / `ListValue` wire bytes straight from
/// and into `JSONValue`, without building `Google_Protobuf_*` messages in between: this is the
/// `attributes` path of every BridgeMessage, so it skips a tree copy each way.
///
/// The bytes are the same as the well-known-type messages produce (keys in UTF-8 order, a
/// Value's kind always written). What `JSONValue` cannot hold is dropped on read: unknown fields
/// inside these messages, and the number of a non-zero `NullValue` (read as `null`). A Value
/// with no kind reads as `null`. Writing goes back to front (``BackwardWireWriter``), so each
/// length is known when its prefix is written: one pass over the tree, no size pass.
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

    // MARK: writing (payloads, back to front: no size pass over the tree, nothing patched)

    // Keys (field << 3 | wire type) as written.
    static var structFieldTag: UInt8 { 0x0A }                              // Struct.fields = 1
    static var entryKeyTag: UInt8 { 0x0A }                                 // FieldsEntry.key = 1
    static var entryValueTag: UInt8 { 0x12 }                               // FieldsEntry.value = 2
    static var listValueTag: UInt8 { 0x0A }                                // ListValue.values = 1
    static var nullTag: UInt8 { 0x08 }                                     // Value.null_value = 1
    static var numberTag: UInt8 { 0x11 }                                   // Value.number_value = 2
    static var stringTag: UInt8 { 0x1A }                                   // Value.string_value = 3
    static var boolTag: UInt8 { 0x20 }                                     // Value.bool_value = 4
    static var structTag: UInt8 { 0x2A }                                   // Value.struct_value = 5
    static var listTag: UInt8 { 0x32 }                                     // Value.list_value = 6

    /// Prepends a Struct's payload: its entries in UTF-8 key order (the last one first).
    static func prependStruct(_ object: [String: JSONValue], to writer: inout BackwardWireWriter) {
        let count = object.count
        if count <= 1 {
            for (key, value) in object { prependEntry(key: key, value: value, to: &writer) }
            return
        }
        // The entries are copied out once (one retain each) and sorted in place by moves;
        // sorting dictionary indices instead would retain a key on every comparison.
        withUnsafeTemporaryAllocation(of: (key: String, value: JSONValue).self, capacity: count) { entries in
            guard let base = entries.baseAddress else { return }
            var initialized = 0
            for entry in object where initialized < count {
                (base + initialized).initialize(to: entry)
                initialized += 1
            }
            sortByUTF8Key(UnsafeMutableBufferPointer(start: base, count: initialized))
            // Last entry first; each is moved out (and released) as it is written.
            while initialized > 0 {
                initialized -= 1
                let entry = (base + initialized).move()
                prependEntry(key: entry.key, value: entry.value, to: &writer)
            }
        }
    }

    /// Sorts entries by their keys' UTF-8 bytes (``ProtoString/precedes(_:_:)``), by moves.
    private static func sortByUTF8Key(_ entries: UnsafeMutableBufferPointer<(key: String, value: JSONValue)>) {
        guard let base = entries.baseAddress, entries.count > 1 else { return }
        if entries.count > 16 {
            var entries = entries
            entries.sort { ProtoString.precedes($0.key, $1.key) }
            return
        }
        // Insertion sort: attributes are few.
        for next in 1..<entries.count {
            let item = (base + next).move()
            var slot = next
            while slot > 0, ProtoString.precedes(item.key, base[slot - 1].key) {
                (base + slot).moveInitialize(from: base + slot - 1, count: 1)
                slot -= 1
            }
            (base + slot).initialize(to: item)
        }
    }

    /// Prepends one `fields` entry of a Struct: tag, length, key (field 1), value (field 2).
    private static func prependEntry(key: String, value: JSONValue, to writer: inout BackwardWireWriter) {
        let entryEnd = writer.count
        prependValue(value, to: &writer)
        writer.prependLength(since: entryEnd)
        writer.prependByte(entryValueTag)
        writer.prependLengthDelimited(key)
        writer.prependByte(entryKeyTag)
        writer.prependLength(since: entryEnd)
        writer.prependByte(structFieldTag)
    }

    /// Prepends a ListValue's payload: each element as a length-delimited Value.
    static func prependList(_ array: [JSONValue], to writer: inout BackwardWireWriter) {
        var index = array.endIndex
        while index > array.startIndex {
            index -= 1
            let valueEnd = writer.count
            prependValue(array[index], to: &writer)
            writer.prependLength(since: valueEnd)
            writer.prependByte(listValueTag)
        }
    }

    /// Prepends a Value's payload: its kind, always written (also `null`, `0`, `false`, `""`).
    static func prependValue(_ value: JSONValue, to writer: inout BackwardWireWriter) {
        switch value {
        case .null:
            writer.prependByte(0)
            writer.prependByte(nullTag)
        case .number(let number):
            writer.prependFixed64(number.bitPattern)
            writer.prependByte(numberTag)
        case .string(let text):
            writer.prependLengthDelimited(text)
            writer.prependByte(stringTag)
        case .bool(let flag):
            writer.prependByte(flag ? 1 : 0)
            writer.prependByte(boolTag)
        case .object(let object):
            let end = writer.count
            prependStruct(object, to: &writer)
            writer.prependLength(since: end)
            writer.prependByte(structTag)
        case .array(let array):
            let end = writer.count
            prependList(array, to: &writer)
            writer.prependLength(since: end)
            writer.prependByte(listTag)
        }
    }

    // MARK: reading (the reader is narrowed to the message's payload)

    /// Reads a Struct's entries into `object` (merging: a later key replaces an earlier one).
    static func readStruct(from reader: inout ProtobufReader, into object: inout [String: JSONValue]) throws(ProtobufError) {
        if object.isEmpty {
            // Sized once up front: growing 1 -> 3 -> 6 rehashes every key again.
            let expected = countEntries(in: reader, limit: 16)
            // (Not reserveCapacity: that one is not specialized, and looks up generic metadata.)
            if expected > 1 { object = Dictionary(minimumCapacity: expected) }
        }
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

    /// How many `fields` entries the Struct the reader is narrowed to starts with (at most
    /// `limit`: a capacity hint, so hostile input cannot make it reserve much): counts leading
    /// well-formed `0A <length>` entries, stopping at anything else (then decoding proper sees it).
    private static func countEntries(in reader: borrowing ProtobufReader, limit: Int) -> Int {
        let buffer = reader.buffer
        let end = reader.end
        var index = reader.offset
        var count = 0
        while count < limit, index < end, buffer[index] == structFieldTag {
            index += 1
            var length = 0
            var shift = 0
            while true {
                guard index < end, shift < 28 else { return count }
                let byte = buffer[index]
                index += 1
                length |= Int(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            guard length <= end - index else { return count }
            index += length
            count += 1
        }
        return count
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
