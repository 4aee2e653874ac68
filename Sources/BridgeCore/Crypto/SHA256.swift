/// SHA-256 (FIPS 180-4), incremental or one-shot.
///
/// Whole 64-byte blocks are compressed straight from the caller's buffer; only the tail of
/// an update that does not fill a block is copied into the pending-block buffer.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Array("ab".utf8))
/// hasher.update(Array("c".utf8))
/// let digest = hasher.finalize()   // 32 bytes
/// ```
public struct SHA256: Sendable {
    /// The digest length in bytes.
    public static let digestByteCount = 32
    /// The block length in bytes.
    public static let blockByteCount = 64

    /// The eight working hash words H0...H7.
    struct State: Sendable {
        var h0: UInt32 = 0x6a09_e667, h1: UInt32 = 0xbb67_ae85, h2: UInt32 = 0x3c6e_f372, h3: UInt32 = 0xa54f_f53a
        var h4: UInt32 = 0x510e_527f, h5: UInt32 = 0x9b05_688c, h6: UInt32 = 0x1f83_d9ab, h7: UInt32 = 0x5be0_cd19
    }

    private var state = State()
    /// Bytes of an incomplete block, waiting for more input (only the first `pendingCount` are valid).
    private var pending = [UInt8](repeating: 0, count: SHA256.blockByteCount)
    private var pendingCount = 0
    /// Total message length so far, in bytes (FIPS 180-4 counts bits modulo 2^64).
    private var totalByteCount: UInt64 = 0

    /// A hasher with the FIPS 180-4 initial hash value.
    public init() {}

    /// Feeds more message bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        totalByteCount &+= UInt64(bytes.count)
        var offset = 0
        if pendingCount > 0 {
            let take = Swift.min(Self.blockByteCount - pendingCount, bytes.count)
            for index in 0..<take { pending[pendingCount + index] = bytes[index] }
            pendingCount += take
            offset = take
            guard pendingCount == Self.blockByteCount else { return }
            pending.withUnsafeBytes { block in
                if let blockBase = block.baseAddress { Self.compress(&state, blocks: blockBase, count: 1) }
            }
            pendingCount = 0
        }
        let wholeBlocks = (bytes.count - offset) / Self.blockByteCount
        if wholeBlocks > 0 {
            Self.compress(&state, blocks: base + offset, count: wholeBlocks)
            offset += wholeBlocks * Self.blockByteCount
        }
        let rest = bytes.count - offset
        for index in 0..<rest { pending[index] = bytes[offset + index] }
        pendingCount = rest
    }

    /// Feeds more message bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message, returns the 32-byte digest, and resets the hasher for reuse.
    public mutating func finalize() -> [UInt8] {
        let bitLength = totalByteCount &* 8
        // 0x80, then zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        let padLength = pendingCount < 56 ? 56 - pendingCount : 120 - pendingCount
        var trailer = [UInt8](repeating: 0, count: padLength + 8)
        trailer[0] = 0x80
        for index in 0..<8 { trailer[padLength + index] = UInt8(truncatingIfNeeded: bitLength >> (56 - 8 * UInt64(index))) }
        update(trailer)
        let digest = Self.bytes(of: state)
        self = SHA256()
        return digest
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

// MARK: - Compression

extension SHA256 {
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses `count` consecutive 64-byte blocks starting at `blocks` into `state`.
    static func compress(_ state: inout State, blocks: UnsafeRawPointer, count: Int) {
        withSchedule { schedule, constants in
            for block in 0..<count {
                let base = blocks + block * blockByteCount
                for t in 0..<16 {
                    schedule[t] = UInt32(bigEndian: base.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
                }
                compressScheduled(&state, schedule, constants)
            }
        }
    }

    /// Runs `body` with a 64-word message schedule and the round constants, both as raw
    /// buffers so the rounds pay no bounds checks or reference counting.
    static func withSchedule<R>(
        _ body: (UnsafeMutableBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>) -> R
    ) -> R {
        roundConstants.withUnsafeBufferPointer { constants in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                body(schedule, constants)
            }
        }
    }

    /// One compression: `w[0..<16]` must hold the block's words; the rest of the schedule is derived.
    static func compressScheduled(
        _ state: inout State, _ w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>
    ) {
        for t in 16..<64 {
            let x = w[t - 15], y = w[t - 2]
            let s0 = x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x >> 3)
            let s1 = y.rotatedRight(17) ^ y.rotatedRight(19) ^ (y >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var a = state.h0, b = state.h1, c = state.h2, d = state.h3
        var e = state.h4, f = state.h5, g = state.h6, h = state.h7
        for t in 0..<64 {
            let sigma1 = e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)
            let choose = (e & f) ^ (~e & g)
            let t1 = h &+ sigma1 &+ choose &+ k[t] &+ w[t]
            let sigma0 = a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = sigma0 &+ majority
            h = g; g = f; f = e; e = d &+ t1
            d = c; c = b; b = a; a = t1 &+ t2
        }
        state.h0 &+= a; state.h1 &+= b; state.h2 &+= c; state.h3 &+= d
        state.h4 &+= e; state.h5 &+= f; state.h6 &+= g; state.h7 &+= h
    }

    /// The hash words as a big-endian 32-byte digest.
    static func bytes(of state: State) -> [UInt8] {
        let words = [state.h0, state.h1, state.h2, state.h3, state.h4, state.h5, state.h6, state.h7]
        var digest = [UInt8](repeating: 0, count: digestByteCount)
        for (index, word) in words.enumerated() {
            digest[4 * index] = UInt8(truncatingIfNeeded: word >> 24)
            digest[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 16)
            digest[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 8)
            digest[4 * index + 3] = UInt8(truncatingIfNeeded: word)
        }
        return digest
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self >> count) | (self << (32 - count)) }
}
