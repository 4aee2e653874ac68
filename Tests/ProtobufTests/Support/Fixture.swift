import BridgeCore
import Protobuf
import Testing

/// The bytes of a hex fixture from PythonFixtures.swift (a bad fixture fails the test).
func fixture(_ hex: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    try #require(Hex.decode(hex), "fixture is not hex", sourceLocation: sourceLocation)
}

/// Hex text of bytes, for readable failure messages.
func hex(_ bytes: [UInt8]) -> String {
    Hex.encode(bytes)
}

/// Runs `body` with a reader over `bytes` (readers borrow memory, so they live in a closure).
func withReader<T>(_ bytes: [UInt8], _ body: (inout ProtobufReader) throws(ProtobufError) -> T) throws(ProtobufError) -> T {
    try bytes.withUnsafeBytes { raw in
        Result { () throws(ProtobufError) -> T in
            var reader = ProtobufReader(raw)
            return try body(&reader)
        }
    }.get()
}
