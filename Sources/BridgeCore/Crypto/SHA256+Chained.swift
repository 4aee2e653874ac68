/// SHA-256 applied `rounds` times: round 1 hashes `seed`, each later round hashes the
/// previous round's 32-byte digest. Returns the last digest.
///
/// The server uses this as a tunable unit of CPU work, so rounds after the first skip the
/// byte-level hasher: a 32-byte message always pads to one block whose words are the
/// previous digest's words, so each round is a single compression with no allocation.
///
/// - Precondition: `rounds >= 1`; smaller values are treated as 1.
public func chainedSHA256(seed: [UInt8], rounds: Int) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(seed)
    let first = hasher.finalize()
    guard rounds > 1 else { return first }

    var digest = SHA256.State()
    first.withUnsafeBytes { raw in
        digest.h0 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        digest.h1 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        digest.h2 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        digest.h3 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        digest.h4 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        digest.h5 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        digest.h6 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        digest.h7 = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
    }
    SHA256.withSchedule { w, k in
        for _ in 1..<rounds {
            // The padded block of a 32-byte message: the digest, 0x80, zeros, bit length 256.
            w[0] = digest.h0; w[1] = digest.h1; w[2] = digest.h2; w[3] = digest.h3
            w[4] = digest.h4; w[5] = digest.h5; w[6] = digest.h6; w[7] = digest.h7
            w[8] = 0x8000_0000
            for t in 9..<15 { w[t] = 0 }
            w[15] = 256
            var state = SHA256.State()
            SHA256.compressScheduled(&state, w, k)
            digest = state
        }
    }
    return SHA256.bytes(of: digest)
}
