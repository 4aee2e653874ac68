/// Byte tests on eight bytes at once ("SIMD within a register"), for the scans that touch every
/// byte of a head: finding line ends and checking field values for control characters.
enum SWAR {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// A high bit set in the lowest byte of `word` that is below `limit` (1...128), zero if none.
    /// Bytes above the lowest flagged one may be flagged falsely (by the borrow), never below it,
    /// so `trailingZeroBitCount / 8` of a little-endian word is the first such byte's offset.
    @inline(__always)
    static func bytesBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highBits
    }

    /// Nonzero when some byte of `word` equals `byte`.
    @inline(__always)
    static func bytesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        bytesBelow(word ^ (ones &* UInt64(byte)), 1)
    }
}
