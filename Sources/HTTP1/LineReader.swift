/// Finds the end of a line in the bytes of a start line, field line or trailer.
///
/// A line ends with CRLF or, as RFC 9112 2.2 lets a recipient accept, a bare LF. A CR anywhere
/// else (a "bare CR") is refused at once: peers disagreeing on whether it ends a line is a
/// classic request-smuggling shape.
enum LineReader {
    enum Search {
        /// A whole line: its content (line ending excluded) and where the next line starts.
        case line(content: Range<Int>, next: Int)
        /// No line ending yet; bytes before `scannedTo` hold no LF and no bare CR, so a later call
        /// with more bytes can resume there instead of rescanning (no quadratic slow-drip cost).
        case incomplete(scannedTo: Int)
    }

    /// Looks for the line starting at `lineStart`, scanning from `scanFrom` (>= `lineStart`).
    ///
    /// Skips eight bytes at a time while none is a control byte up to CR (SWAR: no byte of the
    /// word is below 0x0E), then looks at the candidate byte itself.
    @inline(__always)
    static func find(in bytes: UnsafeRawBufferPointer, lineStart: Int, scanFrom: Int) throws(HTTP1Error) -> Search {
        let end = bytes.count
        var index = scanFrom
        while true {
            while index &+ 8 <= end {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let below = SWAR.bytesBelow(word, 0x0E)
                if below != 0 {
                    index &+= below.trailingZeroBitCount &>> 3
                    break
                }
                index &+= 8
            }
            while index < end && bytes[index] > ASCII.cr { index &+= 1 }
            guard index < end else { return .incomplete(scannedTo: end) }
            let byte = bytes[index]
            if byte == ASCII.lf {
                let contentEnd = index > lineStart && bytes[index - 1] == ASCII.cr ? index - 1 : index
                return .line(content: lineStart..<contentEnd, next: index + 1)
            }
            if byte == ASCII.cr {
                guard index + 1 < end else { return .incomplete(scannedTo: index) }
                guard bytes[index + 1] == ASCII.lf else { throw .badRequest("bare CR not followed by LF") }
            }
            index &+= 1
        }
    }
}
