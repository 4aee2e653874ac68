/// A protobuf message with hand-written (or generated) field code.
///
/// `decode(from:)` reads fields until the reader's message ends, *merging* into `self` as the
/// protobuf rules say (a scalar seen twice keeps the last value, repeated fields append, map
/// entries replace by key, a nested message seen twice is merged), and keeps fields it does not
/// know in `unknownFields`. `encode(to:)` writes the known fields in field-number order, proto3
/// style (scalars at their default value are left out; set message fields and oneof members
/// are always written), then the unknown fields byte for byte.
public protocol ProtoMessage: Sendable {
    /// An empty message: every field at its proto3 default and no unknown fields.
    init()
    /// Reads fields from `reader` until its message ends, merging into `self` (see above); throws
    /// on malformed input or a nesting deeper than the reader's recursion limit.
    mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError)
    /// Appends the message's fields to `writer` in field-number order, then its unknown fields.
    func encode(to writer: inout ProtobufWriter)
    /// Fields read from the wire that this message's schema does not have, kept byte for byte so
    /// a message passed through (an older relay, gRPC `Echo`) loses nothing.
    var unknownFields: UnknownFields { get set }
    /// The exact number of bytes `encode(to:)` writes. The writer uses it for a nested
    /// message's length prefix, so it must agree with `encode(to:)`; the default encodes into
    /// a scratch buffer to find out, which is correct but slow: implement it.
    var serializedSize: Int { get }
}

extension ProtoMessage {
    public var serializedSize: Int {
        var scratch = ProtobufWriter()
        encode(to: &scratch)
        return scratch.count
    }

    /// Decodes a message from bytes.
    public init(serializedBytes bytes: [UInt8], recursionLimit: Int = ProtobufReader.defaultRecursionLimit) throws(ProtobufError) {
        self.init()
        try merge(serializedBytes: bytes, recursionLimit: recursionLimit)
    }

    /// Decodes a message from bytes read in place (a frame in a connection's read buffer).
    public init(serializedBytes bytes: UnsafeRawBufferPointer, recursionLimit: Int = ProtobufReader.defaultRecursionLimit) throws(ProtobufError) {
        self.init()
        try merge(serializedBytes: bytes, recursionLimit: recursionLimit)
    }

    /// Decodes bytes into this message, merging with what it holds.
    public mutating func merge(serializedBytes bytes: UnsafeRawBufferPointer, recursionLimit: Int = ProtobufReader.defaultRecursionLimit) throws(ProtobufError) {
        var reader = ProtobufReader(bytes, recursionLimit: recursionLimit)
        try decode(from: &reader)
    }

    /// Decodes bytes into this message, merging with what it holds.
    public mutating func merge(serializedBytes bytes: [UInt8], recursionLimit: Int = ProtobufReader.defaultRecursionLimit) throws(ProtobufError) {
        // `withUnsafeBytes` does not carry a typed error through, so the error rides in a Result.
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ProtobufError) in try self.merge(serializedBytes: raw, recursionLimit: recursionLimit) }
        }
        try result.get()
    }

    /// The message's wire form, in an array sized exactly for it.
    public func serializedBytes() -> [UInt8] {
        var writer = ProtobufWriter(capacity: serializedSize)
        encode(to: &writer)
        return writer.bytes
    }
}
