/// How one protobuf field type is read, written and sized, as a type: the field helpers on
/// ``ProtobufReader`` and ``ProtobufWriter`` take these (`ProtoInt32.self`, `ProtoString.self`,
/// ...) so a single generic path handles singular, repeated (packed and not) and map fields for
/// every type, and the Swift type of a value (`Int32`) stays separate from its encoding
/// (`int32`, `sint32` and `sfixed32` all hold an `Int32`).
public protocol ProtoFieldCodec {
    /// The Swift type a field of this type holds (`Int32` for `int32`, `sint32` and `sfixed32`).
    associatedtype Value: Sendable
    /// The wire type of one value (packed runs are `lengthDelimited` around these).
    static var wireType: WireType { get }
    /// The proto3 default: what an absent field reads as.
    static var defaultValue: Value { get }
    /// Reads one value after its key; `field` names the field in errors.
    static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Value
    /// Reads one more occurrence of a singular field into `value`: scalars replace it (the last
    /// one wins), messages merge into it, as protobuf parses a field that appears twice.
    static func read(from reader: inout ProtobufReader, field: Int, mergingInto value: inout Value) throws(ProtobufError)
    /// Writes one value (no key).
    static func write(_ value: Value, to writer: inout ProtobufWriter)
    /// The bytes ``write(_:to:)`` writes.
    static func size(of value: Value) -> Int
    /// True when proto3 leaves the field out (the default value; floats by bit pattern, so -0.0
    /// is written, as the reference implementations do).
    static func isDefault(_ value: Value) -> Bool
}

extension ProtoFieldCodec {
    /// Scalars, strings and bytes: a later occurrence replaces the earlier one.
    public static func read(from reader: inout ProtobufReader, field: Int, mergingInto value: inout Value) throws(ProtobufError) {
        value = try read(from: &reader, field: field)
    }
}

/// Field types that can be map keys (integers, bool, string), with the order the encoder writes
/// map entries in: ascending (signed types numerically, unsigned types numerically, false before
/// true, strings by UTF-8 bytes), so an encoding is the same on every run.
public protocol ProtoMapKeyCodec: ProtoFieldCodec where Value: Hashable {
    /// True when `lhs` is written before `rhs`: the order that makes a map's encoding the same on every run.
    static func precedes(_ lhs: Value, _ rhs: Value) -> Bool
}

/// Scalars that may be packed (every scalar but string and bytes).
public protocol ProtoPackableCodec: ProtoFieldCodec {}

extension ProtoFieldCodec where Value: Equatable & ExpressibleByIntegerLiteral {
    public static var defaultValue: Value { 0 }
    public static func isDefault(_ value: Value) -> Bool { value == 0 }
}

extension ProtoMapKeyCodec where Value: Comparable {
    /// Numeric order for integer keys (the map-key order ``ProtoMapKeyCodec`` promises).
    public static func precedes(_ lhs: Value, _ rhs: Value) -> Bool { lhs < rhs }
}

/// `int32`: a varint; negatives take 10 bytes; a wider value on the wire is truncated to 32 bits.
public enum ProtoInt32: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Int32 {
        Int32(truncatingIfNeeded: try reader.readVarint())
    }
    public static func write(_ value: Int32, to writer: inout ProtobufWriter) { writer.writeInt32(value) }
    public static func size(of value: Int32) -> Int { ProtobufSize.int32(value) }
}

/// `int64`: a varint; negatives take 10 bytes.
public enum ProtoInt64: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Int64 {
        Int64(bitPattern: try reader.readVarint())
    }
    public static func write(_ value: Int64, to writer: inout ProtobufWriter) { writer.writeInt64(value) }
    public static func size(of value: Int64) -> Int { ProtobufSize.varint(UInt64(bitPattern: value)) }
}

/// `uint32`: a varint, truncated to 32 bits on read.
public enum ProtoUInt32: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> UInt32 {
        UInt32(truncatingIfNeeded: try reader.readVarint())
    }
    public static func write(_ value: UInt32, to writer: inout ProtobufWriter) { writer.writeVarint(UInt64(value)) }
    public static func size(of value: UInt32) -> Int { ProtobufSize.varint(UInt64(value)) }
}

/// `uint64`: a varint.
public enum ProtoUInt64: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> UInt64 {
        try reader.readVarint()
    }
    public static func write(_ value: UInt64, to writer: inout ProtobufWriter) { writer.writeVarint(value) }
    public static func size(of value: UInt64) -> Int { ProtobufSize.varint(value) }
}

/// `sint32`: a ZigZag varint.
public enum ProtoSInt32: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Int32 {
        ZigZag.decode(UInt32(truncatingIfNeeded: try reader.readVarint()))
    }
    public static func write(_ value: Int32, to writer: inout ProtobufWriter) { writer.writeSInt32(value) }
    public static func size(of value: Int32) -> Int { ProtobufSize.varint(UInt64(ZigZag.encode(value))) }
}

/// `sint64`: a ZigZag varint.
public enum ProtoSInt64: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Int64 {
        ZigZag.decode(try reader.readVarint())
    }
    public static func write(_ value: Int64, to writer: inout ProtobufWriter) { writer.writeSInt64(value) }
    public static func size(of value: Int64) -> Int { ProtobufSize.varint(ZigZag.encode(value)) }
}

/// `fixed32`: four bytes.
public enum ProtoFixed32: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .fixed32 }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> UInt32 {
        try reader.readFixed32()
    }
    public static func write(_ value: UInt32, to writer: inout ProtobufWriter) { writer.writeFixed32(value) }
    public static func size(of value: UInt32) -> Int { 4 }
}

/// `fixed64`: eight bytes.
public enum ProtoFixed64: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .fixed64 }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> UInt64 {
        try reader.readFixed64()
    }
    public static func write(_ value: UInt64, to writer: inout ProtobufWriter) { writer.writeFixed64(value) }
    public static func size(of value: UInt64) -> Int { 8 }
}

/// `sfixed32`: four bytes, two's complement.
public enum ProtoSFixed32: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .fixed32 }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Int32 {
        Int32(bitPattern: try reader.readFixed32())
    }
    public static func write(_ value: Int32, to writer: inout ProtobufWriter) { writer.writeFixed32(UInt32(bitPattern: value)) }
    public static func size(of value: Int32) -> Int { 4 }
}

/// `sfixed64`: eight bytes, two's complement.
public enum ProtoSFixed64: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .fixed64 }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Int64 {
        Int64(bitPattern: try reader.readFixed64())
    }
    public static func write(_ value: Int64, to writer: inout ProtobufWriter) { writer.writeFixed64(UInt64(bitPattern: value)) }
    public static func size(of value: Int64) -> Int { 8 }
}

/// `float`: IEEE binary32 in four bytes.
public enum ProtoFloat: ProtoPackableCodec {
    public static var wireType: WireType { .fixed32 }
    public static var defaultValue: Float { 0 }
    public static func isDefault(_ value: Float) -> Bool { value.bitPattern == 0 }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Float {
        Float(bitPattern: try reader.readFixed32())
    }
    public static func write(_ value: Float, to writer: inout ProtobufWriter) { writer.writeFloat(value) }
    public static func size(of value: Float) -> Int { 4 }
}

/// `double`: IEEE binary64 in eight bytes.
public enum ProtoDouble: ProtoPackableCodec {
    public static var wireType: WireType { .fixed64 }
    public static var defaultValue: Double { 0 }
    public static func isDefault(_ value: Double) -> Bool { value.bitPattern == 0 }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Double {
        Double(bitPattern: try reader.readFixed64())
    }
    public static func write(_ value: Double, to writer: inout ProtobufWriter) { writer.writeDouble(value) }
    public static func size(of value: Double) -> Int { 8 }
}

/// `bool`: a varint; any non-zero value reads as true.
public enum ProtoBool: ProtoMapKeyCodec, ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static var defaultValue: Bool { false }
    public static func isDefault(_ value: Bool) -> Bool { !value }
    public static func precedes(_ lhs: Bool, _ rhs: Bool) -> Bool { !lhs && rhs }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> Bool {
        try reader.readVarint() != 0
    }
    public static func write(_ value: Bool, to writer: inout ProtobufWriter) { writer.writeBool(value) }
    public static func size(of value: Bool) -> Int { 1 }
}

/// `string`: length-delimited UTF-8, validated on read.
public enum ProtoString: ProtoMapKeyCodec {
    public static var wireType: WireType { .lengthDelimited }
    public static var defaultValue: String { "" }
    public static func isDefault(_ value: String) -> Bool { value.isEmpty }
    /// By UTF-8 bytes (Swift's `<` on String compares by Unicode canonical equivalence,
    /// which is not the byte order the reference encoders sort map keys in).
    public static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        // Native strings are contiguous UTF-8: compare the storage in place, without copies.
        let result = lhs.utf8.withContiguousStorageIfAvailable { left in
            rhs.utf8.withContiguousStorageIfAvailable { right in
                let common = min(left.count, right.count)
                var index = 0
                while index < common {
                    let a = left[index], b = right[index]
                    if a != b { return a < b }
                    index += 1
                }
                return left.count < right.count
            }
        }
        return (result ?? nil) ?? lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> String {
        try reader.readString(field: field)
    }
    public static func write(_ value: String, to writer: inout ProtobufWriter) { writer.writeLengthDelimited(value) }
    public static func size(of value: String) -> Int { ProtobufSize.lengthDelimited(value.utf8.count) }
}

/// `bytes`: length-delimited, copied out of the input.
public enum ProtoBytes: ProtoFieldCodec {
    public static var wireType: WireType { .lengthDelimited }
    public static var defaultValue: [UInt8] { [] }
    public static func isDefault(_ value: [UInt8]) -> Bool { value.isEmpty }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> [UInt8] {
        try reader.readBytes()
    }
    public static func write(_ value: [UInt8], to writer: inout ProtobufWriter) { writer.writeLengthDelimited(value) }
    public static func size(of value: [UInt8]) -> Int { ProtobufSize.lengthDelimited(value.count) }
}

/// An enum field: an `int32` varint carrying the enum's number (open: unknown numbers kept).
public enum ProtoEnumCodec<E: ProtoEnum>: ProtoPackableCodec {
    public static var wireType: WireType { .varint }
    public static var defaultValue: E { E(rawValue: 0) }
    public static func isDefault(_ value: E) -> Bool { value.rawValue == 0 }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> E {
        E(rawValue: Int32(truncatingIfNeeded: try reader.readVarint()))
    }
    public static func write(_ value: E, to writer: inout ProtobufWriter) { writer.writeInt32(value.rawValue) }
    public static func size(of value: E) -> Int { ProtobufSize.int32(value.rawValue) }
}

/// A message-typed field (repeated messages, map values): length-delimited, one nesting level.
/// Messages have presence, so a set message is never "default" and is always written.
public enum ProtoMessageCodec<M: ProtoMessage>: ProtoFieldCodec {
    public static var wireType: WireType { .lengthDelimited }
    public static var defaultValue: M { M() }
    public static func isDefault(_ value: M) -> Bool { false }
    public static func read(from reader: inout ProtobufReader, field: Int) throws(ProtobufError) -> M {
        var message = M()
        try reader.readMessageValue(into: &message)
        return message
    }
    /// A message merges: a map entry whose value appears twice holds both occurrences' fields.
    public static func read(from reader: inout ProtobufReader, field: Int, mergingInto value: inout M) throws(ProtobufError) {
        try reader.readMessageValue(into: &value)
    }
    public static func write(_ value: M, to writer: inout ProtobufWriter) { writer.writeLengthDelimited(message: value) }
    public static func size(of value: M) -> Int { ProtobufSize.lengthDelimited(value.serializedSize) }
}
