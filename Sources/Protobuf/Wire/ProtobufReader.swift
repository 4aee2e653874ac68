/// A cursor over protobuf wire-format bytes, reading them in place (no copy of the input).
///
/// It reads one message tree: a message's `decode(from:)` loops over ``nextField()`` and reads
/// each value with the typed readers (`ProtobufReader+Fields.swift`). A nested message is read
/// by the same cursor with its end narrowed to the nested length (``enterLengthDelimited()``),
/// so offsets in errors are always offsets in the original buffer and every read is bounded
/// by the innermost message, not just by the buffer.
///
/// The reader borrows memory it does not own: create it inside `withUnsafeBytes` (as
/// ``ProtoMessage/init(serializedBytes:recursionLimit:)`` does) and do not let it escape.
/// It is non-copyable so that a nested decoder cannot fork the cursor by accident.
///
/// Every malformation is a thrown ``ProtobufError``; nothing traps on input.
public struct ProtobufReader: ~Copyable {
    /// How deep messages may nest below the top-level one, as in the reference
    /// implementations (upb and C++ both default to 100).
    public static let defaultRecursionLimit = 100

    let buffer: UnsafeRawBufferPointer
    /// The next byte to read.
    public internal(set) var offset: Int
    /// One past the last byte of the message (or packed run) being read.
    public private(set) var end: Int
    /// How many nested messages are open.
    public private(set) var depth = 0
    /// How deep nested messages may go before reading fails (``ProtobufError/Kind/recursionLimitExceeded(limit:)``).
    public let recursionLimit: Int
    /// Where the key of the field being read starts (for capturing unknown fields and for the
    /// offset of field-level errors).
    private(set) var fieldStart = 0

    /// A reader over all of `bytes` (which must stay valid while it is used), refusing nesting
    /// deeper than `recursionLimit`.
    public init(_ bytes: UnsafeRawBufferPointer, recursionLimit: Int = ProtobufReader.defaultRecursionLimit) {
        buffer = bytes
        offset = 0
        end = bytes.count
        self.recursionLimit = recursionLimit
    }

    /// True when the message being read has no bytes left.
    public var isAtEnd: Bool { offset >= end }

    // MARK: keys

    /// The next field's key, or nil at the end of the message being read.
    ///
    /// Refuses field number 0, keys past 32 bits (field numbers have 29 bits), the undefined
    /// wire types 6 and 7, and group wire types 3 and 4.
    public mutating func nextField() throws(ProtobufError) -> FieldKey? {
        guard offset < end else { return nil }
        fieldStart = offset
        let raw: UInt64
        let first = buffer[offset]
        if first < 0x80 {
            offset += 1
            raw = UInt64(first)
        } else {
            raw = try readVarintSlow()
        }
        let wireBits = UInt8(truncatingIfNeeded: raw & 7)
        guard let wireType = WireType(rawValue: wireBits) else {
            throw ProtobufError(.invalidWireType(wireBits), at: fieldStart)
        }
        let number = raw >> 3
        guard number != 0, raw <= UInt64(UInt32.max) else {
            throw ProtobufError(.invalidFieldNumber(raw), at: fieldStart)
        }
        if wireType == .startGroup || wireType == .endGroup {
            throw ProtobufError(.groupsNotSupported(field: Int(number)), at: fieldStart)
        }
        return FieldKey(number: Int(number), wireType: wireType)
    }

    /// Throws unless `key` has the wire type a field's declared type needs.
    public func expect(_ key: FieldKey, _ wireType: WireType) throws(ProtobufError) {
        guard key.wireType == wireType else {
            throw ProtobufError(.wrongWireType(field: key.number, expected: wireType, found: key.wireType),
                                at: fieldStart)
        }
    }

    // MARK: values

    /// A base-128 varint of at most 10 bytes. Bits past 64 in a 10th byte are dropped, as the
    /// reference decoders do.
    public mutating func readVarint() throws(ProtobufError) -> UInt64 {
        guard offset < end else { throw ProtobufError(.truncatedVarint, at: offset) }
        let first = buffer[offset]
        if first < 0x80 {
            offset += 1
            return UInt64(first)
        }
        return try readVarintSlow()
    }

    private mutating func readVarintSlow() throws(ProtobufError) -> UInt64 {
        let start = offset
        var index = offset
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index - start < 10 else { throw ProtobufError(.varintTooLong, at: start) }
            guard index < end else { throw ProtobufError(.truncatedVarint, at: start) }
            let byte = buffer[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                offset = index
                return result
            }
            shift += 7
        }
    }

    /// Four little-endian bytes.
    public mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        guard end - offset >= 4 else { throw ProtobufError(.truncatedFixed(width: 4), at: offset) }
        let value = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return UInt32(littleEndian: value)
    }

    /// Eight little-endian bytes.
    public mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        guard end - offset >= 8 else { throw ProtobufError(.truncatedFixed(width: 8), at: offset) }
        let value = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return UInt64(littleEndian: value)
    }

    /// A length prefix, checked against the bytes left in the message being read.
    public mutating func readLength() throws(ProtobufError) -> Int {
        let start = offset
        let length = try readVarint()
        guard length <= UInt64(end - offset) else {
            throw ProtobufError(.lengthPastEnd(length: length), at: start)
        }
        return Int(length)
    }

    /// A length-delimited value's bytes, in place: valid only while the input buffer is.
    public mutating func readLengthDelimitedBytes() throws(ProtobufError) -> UnsafeRawBufferPointer {
        let length = try readLength()
        let slice = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + length])
        offset += length
        return slice
    }

    /// A length-delimited value copied into an array (`bytes` fields).
    public mutating func readBytes() throws(ProtobufError) -> [UInt8] {
        Array(try readLengthDelimitedBytes())
    }

    /// A length-delimited value that must be valid UTF-8 (`string` fields); `field` names the
    /// field in the error.
    public mutating func readString(field: Int) throws(ProtobufError) -> String {
        let start = offset
        let raw = try readLengthDelimitedBytes()
        if raw.isEmpty { return "" }
        guard let text = UTF8Validation.string(raw) else { throw ProtobufError(.invalidUTF8(field: field), at: start) }
        return text
    }

    // MARK: nesting

    /// Where to resume after a nested message: the enclosing message's end.
    public struct NestedBoundary: Sendable {
        fileprivate let outerEnd: Int
    }

    /// Reads a length prefix and narrows the reader to that many bytes: the nested message.
    /// Counts one level of nesting; throws past ``recursionLimit``. Pair with
    /// ``leaveLengthDelimited(_:)``.
    public mutating func enterLengthDelimited() throws(ProtobufError) -> NestedBoundary {
        let start = offset
        let length = try readLength()
        guard depth < recursionLimit else {
            throw ProtobufError(.recursionLimitExceeded(limit: recursionLimit), at: start)
        }
        depth += 1
        let boundary = NestedBoundary(outerEnd: end)
        end = offset + length
        return boundary
    }

    /// Skips whatever the nested message left unread and widens the reader back to the
    /// enclosing message.
    public mutating func leaveLengthDelimited(_ boundary: NestedBoundary) {
        offset = end
        end = boundary.outerEnd
        depth -= 1
    }

    /// Narrows the reader to a packed run of `length` bytes (not a message: no depth counted).
    mutating func enterPackedRun() throws(ProtobufError) -> NestedBoundary {
        let length = try readLength()
        let boundary = NestedBoundary(outerEnd: end)
        end = offset + length
        return boundary
    }

    mutating func leavePackedRun(_ boundary: NestedBoundary) {
        offset = end
        end = boundary.outerEnd
    }
}
