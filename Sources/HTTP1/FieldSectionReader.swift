/// Reads the field lines of a header or trailer section up to its empty line, incrementally.
///
/// Complete lines are parsed and consumed as they arrive; an unfinished line stays with the
/// caller, and the reader remembers how far into it it has already scanned. Limits are checked
/// against the unfinished line too, so an endless field line is refused without waiting for it.
struct FieldSectionReader: Sendable {
    enum Progress {
        /// The empty line ending the section was read; the next message part starts at `next`.
        case complete(next: Int)
        /// Bytes before `consumed` were used; offer the rest again with more appended.
        case needMore(consumed: Int)
    }

    private(set) var fields = HTTPHeaders()
    /// The framing fields among `fields`, noted while their names are still bytes.
    private(set) var framingFields = FramingFieldCounts()
    private var sectionBytes = 0
    private var scannedInLine = 0
    private let maxBytes: Int
    private let maxCount: Int
    private let kind: StaticString

    /// `kind` names the section in error reasons ("header" or "trailer").
    init(maxBytes: Int, maxCount: Int, kind: StaticString) {
        self.maxBytes = maxBytes
        self.maxCount = maxCount
        self.kind = kind
    }

    /// Reads lines from `start`, the first byte of a line.
    mutating func read(_ bytes: UnsafeRawBufferPointer, from start: Int) throws(HTTP1Error) -> Progress {
        var lineStart = start
        while true {
            switch try LineReader.find(in: bytes, lineStart: lineStart, scanFrom: lineStart + scannedInLine) {
            case .incomplete(let scannedTo):
                scannedInLine = scannedTo - lineStart
                guard sectionBytes + scannedInLine <= maxBytes else {
                    throw .headersTooLarge("\(kind) section over \(maxBytes) bytes")
                }
                return .needMore(consumed: lineStart)
            case .line(let content, let next):
                scannedInLine = 0
                if content.isEmpty { return .complete(next: next) }
                sectionBytes += next - lineStart
                guard sectionBytes <= maxBytes else {
                    throw .headersTooLarge("\(kind) section over \(maxBytes) bytes")
                }
                guard fields.count < maxCount else {
                    throw .headersTooLarge("more than \(maxCount) \(kind) fields")
                }
                let field = try Self.parseField(bytes, content)
                framingFields.note(bytes, name: field.nameRange)
                if fields.fields.capacity == 0 { fields.fields.reserveCapacity(min(maxCount, 16)) }
                fields.fields.append((name: field.name, value: field.value))
                lineStart = next
            }
        }
    }

    /// Hands over the fields read (and which framing fields are among them); resets for the next section.
    mutating func take() -> (fields: HTTPHeaders, framing: FramingFieldCounts) {
        let taken = (fields, framingFields)
        fields = HTTPHeaders()
        framingFields = FramingFieldCounts()
        sectionBytes = 0
        scannedInLine = 0
        return taken
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 5), strictly: no whitespace before the
    /// colon, no obsolete line folding, token characters in the name, no controls in the value.
    static func parseField(_ bytes: UnsafeRawBufferPointer, _ content: Range<Int>) throws(HTTP1Error)
        -> (name: String, value: String, nameRange: Range<Int>) {
        let end = content.upperBound
        let nameStart = content.lowerBound
        if ASCII.isWhitespace(bytes[nameStart]) {
            throw .badRequest("obsolete line folding (field line starting with whitespace)")
        }
        var colon = nameStart
        while colon < end && ASCII.isTokenByte(bytes[colon]) { colon &+= 1 }
        guard colon < end else { throw .badRequest("field line without a colon") }
        guard bytes[colon] == ASCII.colon else {
            if ASCII.isWhitespace(bytes[colon]) { throw .badRequest("whitespace between field name and colon") }
            throw .badRequest("invalid character in field name")
        }
        guard colon > nameStart else { throw .badRequest("empty field name") }

        var valueStart = colon + 1
        while valueStart < end && ASCII.isWhitespace(bytes[valueStart]) { valueStart &+= 1 }
        var valueEnd = end
        while valueEnd > valueStart && ASCII.isWhitespace(bytes[valueEnd - 1]) { valueEnd &-= 1 }
        var index = valueStart
        while index &+ 8 <= valueEnd {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            if SWAR.bytesBelow(word, 0x20) | SWAR.bytesEqual(word, 0x7F) != 0 { break }  // let the byte loop decide
            index &+= 8
        }
        while index < valueEnd {
            guard ASCII.isFieldValueByte(bytes[index]) else { throw .badRequest("control character in field value") }
            index &+= 1
        }
        return (ASCII.string(bytes, nameStart..<colon), ASCII.string(bytes, valueStart..<valueEnd), nameStart..<colon)
    }
}
