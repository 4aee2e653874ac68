// The one error type of the HPACK target.

/// A malformed or refused header block.
///
/// Every failure of decoding is an `HPACKError`; the HTTP/2 layer maps any of them
/// to a connection error of type COMPRESSION_ERROR (RFC 7540 section 4.3), after
/// which the decoder's dynamic table is no longer usable.
public struct HPACKError: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: String, Sendable, Equatable, Hashable, CaseIterable {
        /// The block ended inside a prefixed integer (RFC 7541 section 5.1).
        case truncatedInteger
        /// A prefixed integer had more continuation octets than the 28 bits allowed.
        case integerOverflow
        /// The block ended inside a string literal, or before its length prefix.
        case truncatedString
        /// A Huffman-coded string contained the EOS symbol (RFC 7541 section 5.2).
        case huffmanEOS
        /// A Huffman-coded string ended with padding longer than 7 bits or not all ones.
        case invalidHuffmanPadding
        /// An index of 0 in an indexed field or as an indexed name.
        case zeroIndex
        /// An index beyond the static table plus the dynamic table.
        case indexOutOfRange
        /// A dynamic table size update larger than our SETTINGS_HEADER_TABLE_SIZE.
        case tableSizeUpdateTooLarge
        /// A dynamic table size update after the first field representation of a block.
        case tableSizeUpdateNotAtStart
        /// We lowered SETTINGS_HEADER_TABLE_SIZE and the block did not begin with a
        /// size update that honours it.
        case missingTableSizeUpdate
        /// The decoded header list exceeds `maxHeaderListSize`.
        case headerListTooLarge
    }

    /// What went wrong.
    public var reason: Reason
    /// The offset in the input (the header block, or the Huffman string given to
    /// `Huffman.decode`) where the offending representation or octet starts.
    public var offset: Int

    /// An error for `reason` at `offset`.
    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        "HPACK error \(reason.rawValue) at offset \(offset)"
    }
}
