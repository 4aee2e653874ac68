// A cursor over a header block, reading integers and string literals.

/// Reads the primitive types of RFC 7541 section 5 from a header block.
/// Error offsets are offsets in the block.
struct HeaderBlockReader {
    /// The block.
    let bytes: UnsafeRawBufferPointer
    /// The offset of the next octet to read.
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Whether the whole block was read.
    var isAtEnd: Bool { position >= bytes.count }

    /// The next octet, which must exist (`!isAtEnd`).
    var next: UInt8 { bytes[position] }

    /// Reads a prefixed integer (RFC 7541 section 5.1).
    mutating func readInteger(prefixBits: Int) throws(HPACKError) -> Int {
        try HPACKInteger.decode(bytes, prefixBits: prefixBits, offset: &position)
    }

    /// Reads a string literal (RFC 7541 section 5.2), Huffman-decoding it through
    /// `scratch` if needed. Returns the string and its length in decoded octets.
    mutating func readString(scratch: inout [UInt8]) throws(HPACKError) -> (string: String, octets: Int) {
        let start = position
        guard start < bytes.count else { throw HPACKError(.truncatedString, offset: start) }
        let huffman = bytes[start] & 0x80 != 0
        let length = try readInteger(prefixBits: 7)
        guard length <= bytes.count - position else { throw HPACKError(.truncatedString, offset: start) }
        let raw = UnsafeRawBufferPointer(rebasing: bytes[position..<position + length])
        let dataStart = position
        position += length
        guard huffman else {
            return (String(decoding: raw, as: UTF8.self), length)
        }
        scratch.removeAll(keepingCapacity: true)
        do {
            try Huffman.decode(raw, appendingTo: &scratch)
        } catch {
            throw HPACKError(error.reason, offset: dataStart + error.offset)
        }
        return (String(decoding: scratch, as: UTF8.self), scratch.count)
    }
}
