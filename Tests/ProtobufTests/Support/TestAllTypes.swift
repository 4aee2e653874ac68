import Protobuf

/// `ipcbridge.test.AllTypes` (Fixtures/generate.py): every proto3 field shape, hand-written with
/// the library's field helpers the way any message of the project would be.
struct TestAllTypes: ProtoMessage, Hashable {
    var fInt32: Int32 = 0
    var fInt64: Int64 = 0
    var fUInt32: UInt32 = 0
    var fUInt64: UInt64 = 0
    var fSInt32: Int32 = 0
    var fSInt64: Int64 = 0
    var fFixed32: UInt32 = 0
    var fFixed64: UInt64 = 0
    var fSFixed32: Int32 = 0
    var fSFixed64: Int64 = 0
    var fFloat: Float = 0
    var fDouble: Double = 0
    var fBool = false
    var fString = ""
    var fBytes: [UInt8] = []
    var fEnum: TestColor = .unspecified
    var fNested: TestNested?

    var rInt32: [Int32] = []
    var rInt64: [Int64] = []
    var rUInt32: [UInt32] = []
    var rUInt64: [UInt64] = []
    var rSInt32: [Int32] = []
    var rSInt64: [Int64] = []
    var rFixed32: [UInt32] = []
    var rFixed64: [UInt64] = []
    var rSFixed32: [Int32] = []
    var rSFixed64: [Int64] = []
    var rFloat: [Float] = []
    var rDouble: [Double] = []
    var rBool: [Bool] = []
    var rString: [String] = []
    var rBytes: [[UInt8]] = []
    var rEnum: [TestColor] = []
    var rNested: [TestNested] = []

    var mStringInt32: [String: Int32] = [:]
    var mInt32String: [Int32: String] = [:]
    var mStringNested: [String: TestNested] = [:]
    var mBoolDouble: [Bool: Double] = [:]
    var mSInt64Enum: [Int64: TestColor] = [:]
    var mUInt64Bytes: [UInt64: [UInt8]] = [:]
    var mFixed32Float: [UInt32: Float] = [:]
    var mSFixed64SInt32: [Int64: Int32] = [:]

    enum Choice: Hashable, Sendable {
        case oInt32(Int32)          // 60
        case oString(String)        // 61
        case oNested(TestNested)    // 62
        case oBytes([UInt8])        // 63
    }
    var choice: Choice?

    var fMaxField: Int32 = 0        // 536870911

    var unknownFields = UnknownFields()

    static let maxFieldNumber = 536_870_911

    init() {}

    mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: fInt32 = try reader.read(ProtoInt32.self, key)
            case 2: fInt64 = try reader.read(ProtoInt64.self, key)
            case 3: fUInt32 = try reader.read(ProtoUInt32.self, key)
            case 4: fUInt64 = try reader.read(ProtoUInt64.self, key)
            case 5: fSInt32 = try reader.read(ProtoSInt32.self, key)
            case 6: fSInt64 = try reader.read(ProtoSInt64.self, key)
            case 7: fFixed32 = try reader.read(ProtoFixed32.self, key)
            case 8: fFixed64 = try reader.read(ProtoFixed64.self, key)
            case 9: fSFixed32 = try reader.read(ProtoSFixed32.self, key)
            case 10: fSFixed64 = try reader.read(ProtoSFixed64.self, key)
            case 11: fFloat = try reader.read(ProtoFloat.self, key)
            case 12: fDouble = try reader.read(ProtoDouble.self, key)
            case 13: fBool = try reader.read(ProtoBool.self, key)
            case 14: fString = try reader.read(ProtoString.self, key)
            case 15: fBytes = try reader.read(ProtoBytes.self, key)
            case 16: fEnum = try reader.read(ProtoEnumCodec<TestColor>.self, key)
            case 17: try reader.readMessage(key, into: &fNested)

            case 31: try reader.readRepeated(ProtoInt32.self, key, into: &rInt32)
            case 32: try reader.readRepeated(ProtoInt64.self, key, into: &rInt64)
            case 33: try reader.readRepeated(ProtoUInt32.self, key, into: &rUInt32)
            case 34: try reader.readRepeated(ProtoUInt64.self, key, into: &rUInt64)
            case 35: try reader.readRepeated(ProtoSInt32.self, key, into: &rSInt32)
            case 36: try reader.readRepeated(ProtoSInt64.self, key, into: &rSInt64)
            case 37: try reader.readRepeated(ProtoFixed32.self, key, into: &rFixed32)
            case 38: try reader.readRepeated(ProtoFixed64.self, key, into: &rFixed64)
            case 39: try reader.readRepeated(ProtoSFixed32.self, key, into: &rSFixed32)
            case 40: try reader.readRepeated(ProtoSFixed64.self, key, into: &rSFixed64)
            case 41: try reader.readRepeated(ProtoFloat.self, key, into: &rFloat)
            case 42: try reader.readRepeated(ProtoDouble.self, key, into: &rDouble)
            case 43: try reader.readRepeated(ProtoBool.self, key, into: &rBool)
            case 44: try reader.readRepeated(ProtoString.self, key, into: &rString)
            case 45: try reader.readRepeated(ProtoBytes.self, key, into: &rBytes)
            case 46: try reader.readRepeated(ProtoEnumCodec<TestColor>.self, key, into: &rEnum)
            case 47: try reader.readRepeated(ProtoMessageCodec<TestNested>.self, key, into: &rNested)

            case 50: try reader.readMapEntry(ProtoString.self, ProtoInt32.self, key, into: &mStringInt32)
            case 51: try reader.readMapEntry(ProtoInt32.self, ProtoString.self, key, into: &mInt32String)
            case 52: try reader.readMapEntry(ProtoString.self, ProtoMessageCodec<TestNested>.self, key, into: &mStringNested)
            case 53: try reader.readMapEntry(ProtoBool.self, ProtoDouble.self, key, into: &mBoolDouble)
            case 54: try reader.readMapEntry(ProtoSInt64.self, ProtoEnumCodec<TestColor>.self, key, into: &mSInt64Enum)
            case 55: try reader.readMapEntry(ProtoUInt64.self, ProtoBytes.self, key, into: &mUInt64Bytes)
            case 56: try reader.readMapEntry(ProtoFixed32.self, ProtoFloat.self, key, into: &mFixed32Float)
            case 57: try reader.readMapEntry(ProtoSFixed64.self, ProtoSInt32.self, key, into: &mSFixed64SInt32)

            case 60: choice = .oInt32(try reader.read(ProtoInt32.self, key))
            case 61: choice = .oString(try reader.read(ProtoString.self, key))
            case 62:
                var nested = TestNested()
                if case .oNested(let existing) = choice { nested = existing }
                try reader.readMessage(key, into: &nested)
                choice = .oNested(nested)
            case 63: choice = .oBytes(try reader.read(ProtoBytes.self, key))

            case Self.maxFieldNumber: fMaxField = try reader.read(ProtoInt32.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    func encode(to writer: inout ProtobufWriter) {
        writer.writeIfNotDefault(ProtoInt32.self, field: 1, fInt32)
        writer.writeIfNotDefault(ProtoInt64.self, field: 2, fInt64)
        writer.writeIfNotDefault(ProtoUInt32.self, field: 3, fUInt32)
        writer.writeIfNotDefault(ProtoUInt64.self, field: 4, fUInt64)
        writer.writeIfNotDefault(ProtoSInt32.self, field: 5, fSInt32)
        writer.writeIfNotDefault(ProtoSInt64.self, field: 6, fSInt64)
        writer.writeIfNotDefault(ProtoFixed32.self, field: 7, fFixed32)
        writer.writeIfNotDefault(ProtoFixed64.self, field: 8, fFixed64)
        writer.writeIfNotDefault(ProtoSFixed32.self, field: 9, fSFixed32)
        writer.writeIfNotDefault(ProtoSFixed64.self, field: 10, fSFixed64)
        writer.writeIfNotDefault(ProtoFloat.self, field: 11, fFloat)
        writer.writeIfNotDefault(ProtoDouble.self, field: 12, fDouble)
        writer.writeIfNotDefault(ProtoBool.self, field: 13, fBool)
        writer.writeIfNotDefault(ProtoString.self, field: 14, fString)
        writer.writeIfNotDefault(ProtoBytes.self, field: 15, fBytes)
        writer.writeIfNotDefault(ProtoEnumCodec<TestColor>.self, field: 16, fEnum)
        if let fNested { writer.writeMessage(field: 17, fNested) }

        writer.writePacked(ProtoInt32.self, field: 31, rInt32)
        writer.writePacked(ProtoInt64.self, field: 32, rInt64)
        writer.writePacked(ProtoUInt32.self, field: 33, rUInt32)
        writer.writePacked(ProtoUInt64.self, field: 34, rUInt64)
        writer.writePacked(ProtoSInt32.self, field: 35, rSInt32)
        writer.writePacked(ProtoSInt64.self, field: 36, rSInt64)
        writer.writePacked(ProtoFixed32.self, field: 37, rFixed32)
        writer.writePacked(ProtoFixed64.self, field: 38, rFixed64)
        writer.writePacked(ProtoSFixed32.self, field: 39, rSFixed32)
        writer.writePacked(ProtoSFixed64.self, field: 40, rSFixed64)
        writer.writePacked(ProtoFloat.self, field: 41, rFloat)
        writer.writePacked(ProtoDouble.self, field: 42, rDouble)
        writer.writePacked(ProtoBool.self, field: 43, rBool)
        writer.writeRepeated(ProtoString.self, field: 44, rString)
        writer.writeRepeated(ProtoBytes.self, field: 45, rBytes)
        writer.writePacked(ProtoEnumCodec<TestColor>.self, field: 46, rEnum)
        writer.writeRepeated(ProtoMessageCodec<TestNested>.self, field: 47, rNested)

        writer.writeMap(ProtoString.self, ProtoInt32.self, field: 50, mStringInt32)
        writer.writeMap(ProtoInt32.self, ProtoString.self, field: 51, mInt32String)
        writer.writeMap(ProtoString.self, ProtoMessageCodec<TestNested>.self, field: 52, mStringNested)
        writer.writeMap(ProtoBool.self, ProtoDouble.self, field: 53, mBoolDouble)
        writer.writeMap(ProtoSInt64.self, ProtoEnumCodec<TestColor>.self, field: 54, mSInt64Enum)
        writer.writeMap(ProtoUInt64.self, ProtoBytes.self, field: 55, mUInt64Bytes)
        writer.writeMap(ProtoFixed32.self, ProtoFloat.self, field: 56, mFixed32Float)
        writer.writeMap(ProtoSFixed64.self, ProtoSInt32.self, field: 57, mSFixed64SInt32)

        switch choice {
        case .none: break
        case .oInt32(let value): writer.write(ProtoInt32.self, field: 60, value)
        case .oString(let value): writer.write(ProtoString.self, field: 61, value)
        case .oNested(let value): writer.writeMessage(field: 62, value)
        case .oBytes(let value): writer.write(ProtoBytes.self, field: 63, value)
        }

        writer.writeIfNotDefault(ProtoInt32.self, field: Self.maxFieldNumber, fMaxField)
        writer.writeUnknownFields(unknownFields)
    }

    var serializedSize: Int {
        var total = unknownFields.bytes.count
        func single<C: ProtoFieldCodec>(_ codec: C.Type, _ field: Int, _ value: C.Value) {
            if !C.isDefault(value) { total += ProtobufSize.field(codec, field: field, value) }
        }
        single(ProtoInt32.self, 1, fInt32)
        single(ProtoInt64.self, 2, fInt64)
        single(ProtoUInt32.self, 3, fUInt32)
        single(ProtoUInt64.self, 4, fUInt64)
        single(ProtoSInt32.self, 5, fSInt32)
        single(ProtoSInt64.self, 6, fSInt64)
        single(ProtoFixed32.self, 7, fFixed32)
        single(ProtoFixed64.self, 8, fFixed64)
        single(ProtoSFixed32.self, 9, fSFixed32)
        single(ProtoSFixed64.self, 10, fSFixed64)
        single(ProtoFloat.self, 11, fFloat)
        single(ProtoDouble.self, 12, fDouble)
        single(ProtoBool.self, 13, fBool)
        single(ProtoString.self, 14, fString)
        single(ProtoBytes.self, 15, fBytes)
        single(ProtoEnumCodec<TestColor>.self, 16, fEnum)
        if let fNested { total += ProtobufSize.message(field: 17, fNested) }

        total += ProtobufSize.packed(ProtoInt32.self, field: 31, rInt32)
        total += ProtobufSize.packed(ProtoInt64.self, field: 32, rInt64)
        total += ProtobufSize.packed(ProtoUInt32.self, field: 33, rUInt32)
        total += ProtobufSize.packed(ProtoUInt64.self, field: 34, rUInt64)
        total += ProtobufSize.packed(ProtoSInt32.self, field: 35, rSInt32)
        total += ProtobufSize.packed(ProtoSInt64.self, field: 36, rSInt64)
        total += ProtobufSize.packed(ProtoFixed32.self, field: 37, rFixed32)
        total += ProtobufSize.packed(ProtoFixed64.self, field: 38, rFixed64)
        total += ProtobufSize.packed(ProtoSFixed32.self, field: 39, rSFixed32)
        total += ProtobufSize.packed(ProtoSFixed64.self, field: 40, rSFixed64)
        total += ProtobufSize.packed(ProtoFloat.self, field: 41, rFloat)
        total += ProtobufSize.packed(ProtoDouble.self, field: 42, rDouble)
        total += ProtobufSize.packed(ProtoBool.self, field: 43, rBool)
        total += ProtobufSize.repeated(ProtoString.self, field: 44, rString)
        total += ProtobufSize.repeated(ProtoBytes.self, field: 45, rBytes)
        total += ProtobufSize.packed(ProtoEnumCodec<TestColor>.self, field: 46, rEnum)
        total += ProtobufSize.repeated(ProtoMessageCodec<TestNested>.self, field: 47, rNested)

        total += ProtobufSize.map(ProtoString.self, ProtoInt32.self, field: 50, mStringInt32)
        total += ProtobufSize.map(ProtoInt32.self, ProtoString.self, field: 51, mInt32String)
        total += ProtobufSize.map(ProtoString.self, ProtoMessageCodec<TestNested>.self, field: 52, mStringNested)
        total += ProtobufSize.map(ProtoBool.self, ProtoDouble.self, field: 53, mBoolDouble)
        total += ProtobufSize.map(ProtoSInt64.self, ProtoEnumCodec<TestColor>.self, field: 54, mSInt64Enum)
        total += ProtobufSize.map(ProtoUInt64.self, ProtoBytes.self, field: 55, mUInt64Bytes)
        total += ProtobufSize.map(ProtoFixed32.self, ProtoFloat.self, field: 56, mFixed32Float)
        total += ProtobufSize.map(ProtoSFixed64.self, ProtoSInt32.self, field: 57, mSFixed64SInt32)

        switch choice {
        case .none: break
        case .oInt32(let value): total += ProtobufSize.field(ProtoInt32.self, field: 60, value)
        case .oString(let value): total += ProtobufSize.field(ProtoString.self, field: 61, value)
        case .oNested(let value): total += ProtobufSize.message(field: 62, value)
        case .oBytes(let value): total += ProtobufSize.field(ProtoBytes.self, field: 63, value)
        }
        single(ProtoInt32.self, Self.maxFieldNumber, fMaxField)
        return total
    }
}
