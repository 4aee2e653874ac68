// The header block decoder (RFC 7541 sections 3, 4 and 6).

/// Decodes HPACK header blocks into header lists, keeping the decoder's dynamic table.
///
/// One decoder serves one direction of one connection; blocks must be decoded in
/// the order they were sent, each complete (HEADERS or PUSH_PROMISE plus its
/// CONTINUATIONs). After any error the table is out of step with the peer's and the
/// connection must end with COMPRESSION_ERROR.
public struct HPACKDecoder: Sendable {
    /// The largest decoded header list accepted, counting each field as its name's
    /// and value's octets plus 32 (the SETTINGS_MAX_HEADER_LIST_SIZE measure of
    /// RFC 7540 section 6.5.2). Exceeding it is `headerListTooLarge`, reported as
    /// soon as the running total passes the limit.
    public var maxHeaderListSize: Int

    private var settingsTableSize: Int
    private var table: DynamicTable
    /// Set when `maxTableSize` went below the table's current maximum: the next
    /// block must begin with a size update.
    private var sizeUpdateRequired = false

    /// A decoder whose SETTINGS_HEADER_TABLE_SIZE is `maxTableSize` and whose
    /// dynamic table starts at that size, as in RFC 7541 Appendix C. (A decoder
    /// table larger than the peer encoder's keeps every index the encoder uses.)
    public init(maxTableSize: Int = 4096, maxHeaderListSize: Int = 16384) {
        self.settingsTableSize = max(0, maxTableSize)
        self.table = DynamicTable(maxSize: max(0, maxTableSize))
        self.maxHeaderListSize = maxHeaderListSize
    }

    /// Our SETTINGS_HEADER_TABLE_SIZE: the largest Dynamic Table Size Update the
    /// peer may send. Set it when the peer acknowledges a new value. Lowering it
    /// below the table's current maximum shrinks the table at once and requires the
    /// next non-empty block to begin with a size update (`missingTableSizeUpdate`
    /// otherwise), as RFC 7541 section 4.2 obliges the encoder. Raising it changes
    /// nothing until the peer sends a size update.
    public var maxTableSize: Int {
        get { settingsTableSize }
        set {
            settingsTableSize = max(0, newValue)
            if settingsTableSize < table.maxSize {
                table.resize(settingsTableSize)
                sizeUpdateRequired = true
            }
        }
    }

    /// The dynamic table's current maximum size, as last set by a size update.
    public var dynamicTableMaxSize: Int { table.maxSize }

    /// The dynamic table's current size (sum of entry sizes).
    public var dynamicTableSize: Int { table.size }

    /// The dynamic table's entries, newest (index 62) first.
    public var dynamicTableEntries: [HPACKHeader] {
        table.entries.map { HPACKHeader(name: $0.name, value: $0.value) }
    }

    /// Decodes one complete header block.
    public mutating func decode(_ block: [UInt8]) throws(HPACKError) -> [HPACKHeader] {
        let result: Result<[HPACKHeader], HPACKError> = block.withUnsafeBytes { bytes in
            do throws(HPACKError) {
                return .success(try decode(bytes))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Decodes one complete header block.
    public mutating func decode(_ block: UnsafeRawBufferPointer) throws(HPACKError) -> [HPACKHeader] {
        var reader = HeaderBlockReader(block)
        var headers: [HPACKHeader] = []
        var listSize = 0
        var scratch: [UInt8] = []
        var fieldSeen = false

        while !reader.isAtEnd {
            let start = reader.position
            let first = reader.next

            if first & 0xE0 == 0x20 {
                // Dynamic Table Size Update (6.3): only before the first field.
                guard !fieldSeen else { throw HPACKError(.tableSizeUpdateNotAtStart, offset: start) }
                let size = try reader.readInteger(prefixBits: 5)
                guard size <= settingsTableSize else { throw HPACKError(.tableSizeUpdateTooLarge, offset: start) }
                table.resize(size)
                sizeUpdateRequired = false
                continue
            }

            if !fieldSeen {
                guard !sizeUpdateRequired else { throw HPACKError(.missingTableSizeUpdate, offset: start) }
                fieldSeen = true
            }

            let name: String, nameOctets: Int, value: String, valueOctets: Int
            let indexing: HPACKHeader.Indexing
            var addToTable = false

            if first & 0x80 != 0 {
                // Indexed Header Field (6.1).
                let entry = try lookUp(try reader.readInteger(prefixBits: 7), offset: start)
                (name, nameOctets, value, valueOctets) = (entry.name, entry.nameOctets, entry.value, entry.valueOctets)
                indexing = .indexable
            } else {
                // Literal Header Field with Incremental Indexing (6.2.1), without
                // Indexing (6.2.2) or Never Indexed (6.2.3).
                let prefixBits: Int
                if first & 0x40 != 0 {
                    prefixBits = 6
                    indexing = .indexable
                    addToTable = true
                } else {
                    prefixBits = 4
                    indexing = first & 0x10 != 0 ? .neverIndexed : .nonIndexed
                }
                let nameIndex = try reader.readInteger(prefixBits: prefixBits)
                if nameIndex == 0 {
                    (name, nameOctets) = try reader.readString(scratch: &scratch)
                } else {
                    let entry = try lookUp(nameIndex, offset: start)
                    (name, nameOctets) = (entry.name, entry.nameOctets)
                }
                (value, valueOctets) = try reader.readString(scratch: &scratch)
            }

            listSize += nameOctets + valueOctets + DynamicTable.entryOverhead
            guard listSize <= maxHeaderListSize else { throw HPACKError(.headerListTooLarge, offset: start) }
            if addToTable {
                table.insert(DynamicTable.Entry(name: name, value: value, nameOctets: nameOctets, valueOctets: valueOctets))
            }
            headers.append(HPACKHeader(name: name, value: value, indexing: indexing))
        }
        return headers
    }

    /// The entry at HPACK `index` (1-61 static, 62 and up dynamic).
    private func lookUp(_ index: Int, offset: Int) throws(HPACKError) -> DynamicTable.Entry {
        if index <= StaticTable.count {
            guard index > 0 else { throw HPACKError(.zeroIndex, offset: offset) }
            return StaticTable.decodingEntries[index - 1]
        }
        let position = index - StaticTable.count - 1
        guard position < table.count else { throw HPACKError(.indexOutOfRange, offset: offset) }
        return table.entry(at: position)
    }
}
