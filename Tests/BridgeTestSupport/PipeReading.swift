import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading a child process's pipes without Foundation's `FileHandle.readDataToEndOfFile()`,
/// `readData(ofLength:)` and `availableData`: on Linux those end in a `try!` that traps when
/// `read` is interrupted by a signal (EINTR), which took a whole test process down once.
/// These retry on EINTR, as `read(2)` callers must.
extension FileHandle {
    /// Every byte until end of file (the writer closed its end).
    public func readAllBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let got = readSome(into: &buffer)
            if got <= 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<got])
        }
    }

    /// Everything until end of file, as UTF-8 text.
    public func readAllText() -> String {
        String(decoding: readAllBytes(), as: UTF8.self)
    }

    /// What one `read` returns (at most 64 KiB), waiting until something is there; empty at
    /// end of file.
    public func readAvailableBytes() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        let got = readSome(into: &buffer)
        return got > 0 ? Array(buffer[0..<got]) : []
    }

    /// One line without its newline, read a byte at a time so nothing after it is consumed;
    /// stops at end of file or once `deadline` has passed between bytes.
    public func readLineBytes(until deadline: ContinuousClock.Instant) -> [UInt8] {
        var line: [UInt8] = []
        var byte = [UInt8](repeating: 0, count: 1)
        while ContinuousClock.now < deadline {
            guard readSome(into: &byte) == 1, byte[0] != UInt8(ascii: "\n") else { break }
            line.append(byte[0])
        }
        return line
    }

    /// One `read(2)` into `buffer`, retried while interrupted: the count, 0 at end of file, -1 on error.
    private func readSome(into buffer: inout [UInt8]) -> Int {
        let descriptor = fileDescriptor
        while true {
            let got = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            return got
        }
    }
}
