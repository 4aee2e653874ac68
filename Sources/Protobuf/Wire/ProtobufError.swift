/// Why protobuf bytes could not be read: what was wrong and at which byte offset of the
/// buffer handed to the reader (offsets are absolute, also inside nested messages).
///
/// The offset is where the offending element starts: the field key for key-level errors
/// (invalid or group wire type, field number, wrong wire type), the varint for a truncated or
/// overlong varint, the length prefix for a length past the end, a string that is not UTF-8 or
/// a message that nests too deep, and the value for a truncated fixed-width value.
///
/// Every malformed input ends here: the reader never traps on hostile bytes.
public struct ProtobufError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of malformation, so callers and tests can match on them without parsing text.
    public enum Kind: Sendable, Hashable {
        /// The input ended inside a varint (its last byte had the continuation bit set).
        case truncatedVarint
        /// A varint ran past 10 bytes, more than any 64-bit value needs.
        case varintTooLong
        /// A fixed32 or fixed64 value needs more bytes than are left.
        case truncatedFixed(width: Int)
        /// A length-delimited value claims more bytes than are left in its message.
        case lengthPastEnd(length: UInt64)
        /// Wire type 6 or 7, which the encoding does not define.
        case invalidWireType(UInt8)
        /// Wire type 3 or 4 (proto2 groups), which this codec refuses.
        case groupsNotSupported(field: Int)
        /// Field number 0, or a key too large for the 29-bit field number space.
        case invalidFieldNumber(UInt64)
        /// A known field arrived with a wire type its declared type cannot have.
        case wrongWireType(field: Int, expected: WireType, found: WireType)
        /// Messages nested deeper than the reader's recursion limit.
        case recursionLimitExceeded(limit: Int)
        /// A `string` field whose bytes are not valid UTF-8 (proto3 requires it).
        case invalidUTF8(field: Int)
    }

    /// What was wrong.
    public var kind: Kind
    /// The absolute byte offset where the offending element starts (see above).
    public var offset: Int

    /// An error of `kind` at byte `offset`.
    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// The reason in words.
    public var reason: String {
        switch kind {
        case .truncatedVarint: return "truncated varint"
        case .varintTooLong: return "varint longer than 10 bytes"
        case .truncatedFixed(let width): return "truncated fixed\(width * 8) value"
        case .lengthPastEnd(let length): return "length \(length) runs past the end of the message"
        case .invalidWireType(let type): return "invalid wire type \(type)"
        case .groupsNotSupported(let field): return "field \(field) uses group wire types, which are not supported"
        case .invalidFieldNumber(let key): return "invalid field number in key \(key)"
        case .wrongWireType(let field, let expected, let found):
            return "field \(field) has wire type \(found), expected \(expected)"
        case .recursionLimitExceeded(let limit): return "messages nested deeper than \(limit)"
        case .invalidUTF8(let field): return "string field \(field) is not valid UTF-8"
        }
    }

    public var description: String { "invalid protobuf at byte \(offset): \(reason)" }
}
