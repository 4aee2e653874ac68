// The header block encoder (RFC 7541 sections 6 and 4).

/// Encodes header lists into HPACK header blocks, keeping the encoder's dynamic table.
///
/// Strategy, per field:
/// - `.indexable`: an exact match in the static table, else in the dynamic table, is
///   sent as an indexed field; otherwise a literal with incremental indexing, with
///   the name indexed when any table has it (static first). A field larger than the
///   whole table is sent without indexing instead of flushing the table.
/// - `.nonIndexed` / `.neverIndexed`: a literal without indexing / never indexed,
///   name indexed when possible; the value is never looked up.
/// Strings are Huffman-coded when `useHuffman` is set and that is no longer (as in
/// RFC 7541 Appendix C.6, where "307" takes 3 octets either way).
///
/// One encoder serves one direction of one connection; its blocks must be sent in
/// the order they are produced.
public struct HPACKEncoder: Sendable {
    /// Whether string literals may be Huffman-coded.
    public var useHuffman: Bool
    private var table: EncoderTable
    /// Size updates to emit at the start of the next block: the smallest size set
    /// since the last block, and the latest one.
    private var pendingSizeUpdate: (smallest: Int, latest: Int)?

    /// An encoder whose dynamic table has `maxTableSize` octets.
    ///
    /// `maxTableSize` must not exceed the peer's SETTINGS_HEADER_TABLE_SIZE (4096
    /// until it says otherwise). No size update is sent for it: a decoder whose table
    /// is larger than the encoder's still agrees on every index the encoder uses.
    /// Use `setMaxTableSize` to change the size on a live connection.
    public init(maxTableSize: Int = 4096, useHuffman: Bool = true) {
        self.useHuffman = useHuffman
        self.table = EncoderTable(maxSize: max(0, maxTableSize))
    }

    /// The dynamic table's current maximum size.
    public var maxTableSize: Int { table.table.maxSize }

    /// The dynamic table's current size (sum of entry sizes).
    public var dynamicTableSize: Int { table.table.size }

    /// The dynamic table's entries, newest (index 62) first.
    public var dynamicTableEntries: [HPACKHeader] {
        table.table.entries.map { HPACKHeader(name: $0.name, value: $0.value) }
    }

    /// Changes the dynamic table's maximum size (at most the peer's
    /// SETTINGS_HEADER_TABLE_SIZE), evicting at once; the next header block starts
    /// with a Dynamic Table Size Update (two when the size went down and back up in
    /// between, the smallest first, RFC 7541 section 4.2). Negative sizes count as 0.
    public mutating func setMaxTableSize(_ size: Int) {
        let size = max(0, size)
        if let pending = pendingSizeUpdate {
            pendingSizeUpdate = (min(pending.smallest, size), size)
        } else {
            pendingSizeUpdate = (size, size)
        }
        table.resize(size)
    }

    /// Appends the header block for `headers` to `output`.
    public mutating func encode(_ headers: [HPACKHeader], into output: inout [UInt8]) {
        if let pending = pendingSizeUpdate {
            if pending.smallest < pending.latest {
                HPACKInteger.encode(pending.smallest, prefixBits: 5, flags: 0x20, into: &output)
            }
            HPACKInteger.encode(pending.latest, prefixBits: 5, flags: 0x20, into: &output)
            pendingSizeUpdate = nil
        }
        for header in headers {
            encode(header, into: &output)
        }
    }

    /// Encodes `headers` into a new array; see `encode(_:into:)`.
    public mutating func encode(_ headers: [HPACKHeader]) -> [UInt8] {
        var output: [UInt8] = []
        encode(headers, into: &output)
        return output
    }

    /// Appends the representation of one field.
    private mutating func encode(_ header: HPACKHeader, into output: inout [UInt8]) {
        // Hash the name alone first: most names are not in the static table, and
        // then its name-value dictionary need not be consulted.
        let staticName = StaticTable.nameIndex[header.name]
        switch header.indexing {
        case .indexable:
            let key = FieldKey(name: header.name, value: header.value)
            if let index = (staticName == nil ? nil : StaticTable.fieldIndex[key]) ?? table.index(of: key) {
                HPACKInteger.encode(index, prefixBits: 7, flags: 0x80, into: &output)
                return
            }
            let size = header.name.utf8.count + header.value.utf8.count + DynamicTable.entryOverhead
            if size <= table.table.maxSize {
                appendLiteral(header, staticName: staticName, flags: 0x40, prefixBits: 6, into: &output)
                table.insert(key)
            } else {
                appendLiteral(header, staticName: staticName, flags: 0x00, prefixBits: 4, into: &output)
            }
        case .nonIndexed:
            appendLiteral(header, staticName: staticName, flags: 0x00, prefixBits: 4, into: &output)
        case .neverIndexed:
            appendLiteral(header, staticName: staticName, flags: 0x10, prefixBits: 4, into: &output)
        }
    }

    /// Appends a literal field representation: the pattern `flags` with the name's
    /// index in the `prefixBits`-bit prefix (0 and a name literal when not indexed),
    /// then the value literal. `staticName` is the name's static index, if any.
    private func appendLiteral(_ header: HPACKHeader, staticName: Int?, flags: UInt8, prefixBits: Int, into output: inout [UInt8]) {
        if let nameIndex = staticName ?? table.index(ofName: header.name) {
            HPACKInteger.encode(nameIndex, prefixBits: prefixBits, flags: flags, into: &output)
        } else {
            output.append(flags)
            appendString(header.name, into: &output)
        }
        appendString(header.value, into: &output)
    }

    /// Appends a string literal (RFC 7541 section 5.2).
    private func appendString(_ string: String, into output: inout [UInt8]) {
        let utf8 = string.utf8
        let length = utf8.count
        if useHuffman && length > 0 {
            let huffmanLength = Huffman.encodedLength(of: utf8)
            if huffmanLength <= length {
                HPACKInteger.encode(huffmanLength, prefixBits: 7, flags: 0x80, into: &output)
                Huffman.append(utf8, to: &output)
                return
            }
        }
        HPACKInteger.encode(length, prefixBits: 7, into: &output)
        output.append(contentsOf: utf8)
    }
}
