/// Appends protobuf wire-format values to a byte array.
///
/// Messages are written front to back in one pass: a nested message's length prefix comes
/// from its ``ProtoMessage/serializedSize`` (computed before its bytes), so nothing is written
/// twice or shifted afterwards, and ``ProtoMessage/serializedBytes()`` reserves the exact
/// capacity up front. (Where a size costs as much as the encoding, a length can be patched in
/// instead: ``beginLengthDelimited()``; BridgeMessage's `JSONValue` attributes are written back
/// to front by `BackwardWireWriter`, which needs neither.) The buffer can be one the caller reuses (``init(appendingTo:)``), so a
/// transport can put a frame header and the message in the same array without a copy.
///
/// The methods here are the wire primitives; `ProtobufWriter+Fields.swift` builds whole fields
/// (key + value, packed repeated, maps) on top of them.
public struct ProtobufWriter: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer with room for `capacity` bytes (a message's `serializedSize` avoids regrowing).
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A writer appending to existing bytes, taken over without a copy; give them back with
    /// ``take(into:)``.
    public init(appendingTo existing: inout [UInt8]) {
        bytes = []
        swap(&bytes, &existing)
    }

    /// Hands the bytes back (the counterpart of ``init(appendingTo:)``), leaving the writer empty.
    public mutating func take(into destination: inout [UInt8]) {
        swap(&bytes, &destination)
    }

    /// How many bytes have been written so far.
    public var count: Int { bytes.count }

    /// Makes room for `additional` more bytes, so the writes that follow do not reallocate.
    public mutating func reserveCapacity(additional: Int) {
        bytes.reserveCapacity(bytes.count + additional)
    }

    // MARK: primitives

    /// A base-128 varint: 7 bits per byte, low bits first, the high bit set on all but the last.
    public mutating func writeVarint(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: remaining))
    }

    /// A field key: `number << 3 | wireType` as a varint.
    public mutating func writeKey(field number: Int, wireType: WireType) {
        writeVarint(UInt64(truncatingIfNeeded: number) << 3 | UInt64(wireType.rawValue))
    }

    /// `int32` and enums: negative values are sign-extended to 64 bits (10 bytes), as the
    /// encoding specifies, so that an `int64` reader sees the same number.
    public mutating func writeInt32(_ value: Int32) {
        writeVarint(UInt64(bitPattern: Int64(value)))
    }

    /// `int64`: a varint of the two's complement bits; negatives take 10 bytes.
    public mutating func writeInt64(_ value: Int64) {
        writeVarint(UInt64(bitPattern: value))
    }

    /// `sint32`: ZigZag, then a varint, so small negatives stay short.
    public mutating func writeSInt32(_ value: Int32) {
        writeVarint(UInt64(ZigZag.encode(value)))
    }

    /// `sint64`: ZigZag, then a varint, so small negatives stay short.
    public mutating func writeSInt64(_ value: Int64) {
        writeVarint(ZigZag.encode(value))
    }

    /// `bool`: one byte, 0 or 1.
    public mutating func writeBool(_ value: Bool) {
        bytes.append(value ? 1 : 0)
    }

    /// Four bytes, little-endian.
    public mutating func writeFixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Eight bytes, little-endian.
    public mutating func writeFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// IEEE 754 binary32, little-endian (the bit pattern, so NaN payloads and -0 survive).
    public mutating func writeFloat(_ value: Float) {
        writeFixed32(value.bitPattern)
    }

    /// IEEE 754 binary64, little-endian.
    public mutating func writeDouble(_ value: Double) {
        writeFixed64(value.bitPattern)
    }

    /// A length prefix and the bytes.
    public mutating func writeLengthDelimited(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A length prefix and the bytes.
    public mutating func writeLengthDelimited(_ value: UnsafeRawBufferPointer) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A length prefix and the string's UTF-8 bytes (Swift strings are always valid UTF-8).
    public mutating func writeLengthDelimited(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A nested message: its length (from ``ProtoMessage/serializedSize``), then its fields.
    public mutating func writeLengthDelimited<M: ProtoMessage>(message: M) {
        writeVarint(UInt64(message.serializedSize))
        message.encode(to: &self)
    }

    // MARK: lengths patched in afterwards

    /// Where a length-delimited value whose size is not known yet starts: pass it to
    /// ``endLengthDelimited(_:)`` once the value's bytes are written.
    public struct LengthPlaceholder: Sendable {
        fileprivate let position: Int
    }

    /// Reserves one byte for a length prefix, to be filled in by ``endLengthDelimited(_:)``.
    ///
    /// This is the alternative to precomputing a size for trees whose size is as costly to
    /// compute as to write: values under 128 bytes, the common case,
    /// cost nothing extra; a longer one moves its bytes up by the few extra prefix bytes once.
    public mutating func beginLengthDelimited() -> LengthPlaceholder {
        bytes.append(0)
        return LengthPlaceholder(position: bytes.count - 1)
    }

    /// Writes the length of everything appended since `placeholder` into its prefix.
    public mutating func endLengthDelimited(_ placeholder: LengthPlaceholder) {
        let start = placeholder.position + 1
        let length = bytes.count - start
        if length < 0x80 {
            bytes[placeholder.position] = UInt8(truncatingIfNeeded: length)
            return
        }
        let prefixSize = ProtobufSize.varint(UInt64(length))
        bytes.insert(contentsOf: repeatElement(0, count: prefixSize - 1), at: start)
        var remaining = UInt64(length)
        var index = placeholder.position
        while remaining >= 0x80 {
            bytes[index] = UInt8(truncatingIfNeeded: remaining) | 0x80
            remaining >>= 7
            index += 1
        }
        bytes[index] = UInt8(truncatingIfNeeded: remaining)
    }

    /// Bytes copied as they are: unknown fields being re-emitted, or a pre-encoded fragment.
    public mutating func writeRaw(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Bytes copied as they are.
    public mutating func writeRaw(_ raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
    }

    /// Unknown fields kept by a decoder, re-emitted byte for byte.
    public mutating func writeUnknownFields(_ fields: UnknownFields) {
        bytes.append(contentsOf: fields.bytes)
    }
}
