// Huffman coding of string literals (RFC 7541 section 5.2 and Appendix B).

/// The static Huffman code of HPACK string literals.
public enum Huffman {
    /// Appends the Huffman code of `bytes` to `output`, padded to an octet boundary
    /// with the most significant bits of EOS (ones).
    public static func encode(_ bytes: [UInt8], into output: inout [UInt8]) {
        append(bytes, to: &output)
    }

    /// The number of octets `encode` produces for `bytes`.
    public static func encodedLength(_ bytes: [UInt8]) -> Int {
        encodedLength(of: bytes)
    }

    /// Decodes a Huffman-coded string.
    ///
    /// - Throws: `huffmanEOS` if the string contains the EOS symbol,
    ///   `invalidHuffmanPadding` if it ends with more than 7 bits of padding or with
    ///   padding that is not all ones; the offset is that of the octet at fault
    ///   (for bad padding, the last octet).
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(HPACKError) -> [UInt8] {
        var output: [UInt8] = []
        try decode(bytes, appendingTo: &output)
        return output
    }

    /// Decodes a Huffman-coded string held in an array; see `decode(_:)`.
    public static func decode(_ bytes: [UInt8]) throws(HPACKError) -> [UInt8] {
        let result: Result<[UInt8], HPACKError> = bytes.withUnsafeBytes { raw in
            do throws(HPACKError) {
                return .success(try decode(raw))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    // MARK: - Internals shared with the encoder and decoder

    /// The number of octets the Huffman code of `bytes` takes.
    static func encodedLength<Bytes: Sequence<UInt8>>(of bytes: Bytes) -> Int {
        var bits = 0
        for byte in bytes {
            bits += Int(HuffmanCode.table[Int(byte)].length)
        }
        return (bits + 7) >> 3
    }

    /// Appends the Huffman code of `bytes` to `output`.
    static func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes, to output: inout [UInt8]) {
        // Bits not yet written sit in the low `pending` bits of `accumulator`;
        // `pending` stays below 8 between symbols and a code has at most 30 bits.
        var accumulator: UInt64 = 0
        var pending = 0
        for byte in bytes {
            let (code, length) = HuffmanCode.table[Int(byte)]
            accumulator = accumulator << UInt64(length) | UInt64(code)
            pending += Int(length)
            while pending >= 8 {
                pending -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt64(pending)))
            }
        }
        if pending > 0 {
            let padding = 8 - pending
            accumulator = accumulator << UInt64(padding) | ((1 << UInt64(padding)) - 1)
            output.append(UInt8(truncatingIfNeeded: accumulator))
        }
    }

    /// Decodes `bytes` with the nibble state machine, appending the octets to `output`.
    /// Error offsets are relative to the start of `bytes`.
    static func decode(_ bytes: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) throws(HPACKError) {
        guard !bytes.isEmpty else { return }
        output.reserveCapacity(output.count + bytes.count + bytes.count >> 1 + 1)
        let failure: HPACKError? = HuffmanDecodingTable.transitions.withUnsafeBufferPointer { table in
            let symbolFlag = HuffmanDecodingTable.symbolFlag
            let failFlag = HuffmanDecodingTable.failFlag
            var state = 0
            var entry: UInt32 = HuffmanDecodingTable.acceptFlag
            for index in 0..<bytes.count {
                let byte = Int(bytes[index])
                entry = table[state << 4 | byte >> 4]
                if entry & failFlag != 0 { return HPACKError(.huffmanEOS, offset: index) }
                if entry & symbolFlag != 0 { output.append(UInt8(truncatingIfNeeded: entry >> 8)) }
                state = Int(entry & 0xFF)
                entry = table[state << 4 | byte & 0x0F]
                if entry & failFlag != 0 { return HPACKError(.huffmanEOS, offset: index) }
                if entry & symbolFlag != 0 { output.append(UInt8(truncatingIfNeeded: entry >> 8)) }
                state = Int(entry & 0xFF)
            }
            if entry & HuffmanDecodingTable.acceptFlag == 0 {
                return HPACKError(.invalidHuffmanPadding, offset: bytes.count - 1)
            }
            return nil
        }
        if let failure { throw failure }
    }
}
