// The nibble-at-a-time state machine that decodes the HPACK Huffman code.

/// A finite state machine that decodes the code of `HuffmanCode` four bits at a time.
///
/// States are the 256 internal nodes of the code tree (state 0 is the root, where
/// every symbol starts). Each entry of `transitions`, at `state << 4 | nibble`, packs:
/// - bits 0-7: the next state;
/// - bits 8-15: the symbol completed by the nibble, if `symbolFlag` is set (the
///   shortest code is 5 bits, so a nibble completes at most one symbol);
/// - `acceptFlag`: the next state may end the string, i.e. the bits read since the
///   last symbol are at most 7 ones (valid padding, RFC 7541 section 5.2);
/// - `failFlag`: the nibble completes EOS, which must not appear in a string.
///
/// The table (4096 entries, 16 KiB) is built once from `HuffmanCode.table`.
enum HuffmanDecodingTable {
    static let symbolFlag: UInt32 = 1 << 16
    static let acceptFlag: UInt32 = 1 << 17
    static let failFlag: UInt32 = 1 << 18

    /// The transitions, indexed by `state << 4 | nibble`.
    static let transitions: [UInt32] = build()

    /// Builds the code tree, then every state's 16 transitions.
    private static func build() -> [UInt32] {
        // Children of internal nodes: >= 0 is an internal node, < 0 is leaf -(symbol + 1),
        // `absent` is no child (cannot happen for a complete code).
        let absent = Int.min
        var children: [[Int]] = [[absent, absent]]
        var depth = [0]
        var allOnes = [true]
        for symbol in 0...HuffmanCode.eos {
            let (code, length) = HuffmanCode.table[symbol]
            var node = 0
            var bit = Int(length) - 1
            while bit > 0 {
                let branch = Int((code >> UInt32(bit)) & 1)
                if children[node][branch] == absent {
                    children.append([absent, absent])
                    depth.append(depth[node] + 1)
                    allOnes.append(allOnes[node] && branch == 1)
                    children[node][branch] = children.count - 1
                }
                node = children[node][branch]
                bit -= 1
            }
            children[node][Int(code & 1)] = -(symbol + 1)
        }

        var table = [UInt32](repeating: failFlag, count: children.count << 4)
        for state in 0..<children.count {
            for nibble in 0..<16 {
                var node = state
                var entry: UInt32 = 0
                for shift in stride(from: 3, through: 0, by: -1) {
                    let child = children[node][(nibble >> shift) & 1]
                    if child == absent || child == -(HuffmanCode.eos + 1) {
                        entry |= failFlag
                        break
                    } else if child < 0 {
                        entry |= symbolFlag | UInt32(-child - 1) << 8
                        node = 0
                    } else {
                        node = child
                    }
                }
                if allOnes[node] && depth[node] <= 7 { entry |= acceptFlag }
                table[state << 4 | nibble] = entry | UInt32(truncatingIfNeeded: node) & 0xFF
            }
        }
        return table
    }
}
