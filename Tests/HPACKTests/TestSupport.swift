// Helpers shared by the HPACK tests.

import HPACK
import Testing

/// Bytes from a hex string; spaces and newlines are ignored. Invalid hex yields an
/// empty array, which the tests would notice.
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = hex.filter { !$0.isWhitespace }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2, limitedBy: digits.endIndex) ?? digits.endIndex
        guard let byte = UInt8(digits[index..<next], radix: 16) else { return [] }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// The hex string of `bytes`, lower-case, no separators.
func hexString(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return text
}

/// A header from a name and value, indexable.
func header(_ name: String, _ value: String) -> HPACKHeader {
    HPACKHeader(name: name, value: value)
}

/// The reason of the HPACKError `body` throws, or nil if it succeeds (any other
/// error is recorded as a test issue).
func failureReason<T>(_ body: () throws -> T) -> HPACKError.Reason? {
    do {
        _ = try body()
        return nil
    } catch let error as HPACKError {
        return error.reason
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// A small deterministic generator (SplitMix64), so randomized tests are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
