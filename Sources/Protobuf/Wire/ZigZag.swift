/// ZigZag mapping for `sint32`/`sint64`: small magnitudes of either sign become small unsigned
/// numbers (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...), so negative values do not cost 10 varint bytes.
public enum ZigZag {
    /// `(n << 1) ^ (n >> 31)`: 0, -1, 1, -2 become 0, 1, 2, 3.
    @inlinable
    public static func encode(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value << 1) ^ (value >> 31))
    }

    /// `(n << 1) ^ (n >> 63)`: 0, -1, 1, -2 become 0, 1, 2, 3.
    @inlinable
    public static func encode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// The inverse of the 32-bit `encode(_:)`.
    @inlinable
    public static func decode(_ value: UInt32) -> Int32 {
        Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    /// The inverse of the 64-bit `encode(_:)`.
    @inlinable
    public static func decode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }
}
