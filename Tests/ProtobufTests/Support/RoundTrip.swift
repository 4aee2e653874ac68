import Protobuf
import Testing

/// Checks `value` against a reference encoding both ways: our bytes equal the reference's,
/// `serializedSize` agrees with them, and the reference's bytes decode to `value` (from an
/// array and in place).
func expectMatchesReference<M: ProtoMessage & Equatable>(_ value: M, _ referenceHex: String,
                                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
    let reference = try fixture(referenceHex, sourceLocation: sourceLocation)
    let encoded = value.serializedBytes()
    #expect(hex(encoded) == referenceHex, "encoding differs from the reference", sourceLocation: sourceLocation)
    #expect(value.serializedSize == encoded.count, "serializedSize disagrees with encode", sourceLocation: sourceLocation)
    let decoded = try M(serializedBytes: reference)
    #expect(decoded == value, "decoding the reference bytes gave another value", sourceLocation: sourceLocation)
    let inPlace = try reference.withUnsafeBytes { raw in try M(serializedBytes: raw) }
    #expect(inPlace == value, sourceLocation: sourceLocation)
}

/// Checks that the reference bytes decode to `value` and that what we encode decodes back to
/// `value` (for encodings whose byte order legitimately differs, such as map entry order).
func expectDecodesReference<M: ProtoMessage & Equatable>(_ value: M, _ referenceHex: String,
                                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
    let reference = try fixture(referenceHex, sourceLocation: sourceLocation)
    #expect(try M(serializedBytes: reference) == value, sourceLocation: sourceLocation)
    let encoded = value.serializedBytes()
    #expect(encoded.count == reference.count, "same fields, so the same length", sourceLocation: sourceLocation)
    #expect(value.serializedSize == encoded.count, sourceLocation: sourceLocation)
    #expect(try M(serializedBytes: encoded) == value, sourceLocation: sourceLocation)
}
