/// Decodes a chunked body (RFC 9112 7.1) byte by byte, consuming everything it is given.
///
/// Size lines are parsed as they stream in (nothing is buffered), extensions are skipped,
/// the running total is checked against the body limit on each size line, before that chunk's
/// data arrives. The trailer section is read like a header section.
struct ChunkedBodyDecoder: Sendable {
    private enum Phase: Sendable {
        case size, sizeWhitespace, sizeExtension, sizeLineCR
        case data, dataCR, dataLF
        case trailers
    }

    private var phase = Phase.size
    private var size = 0
    private var sizeDigits = 0
    private var lineBytes = 0
    private var remaining = 0
    private var total = 0
    private var trailers: FieldSectionReader
    private let maxBodyBytes: Int
    private let maxLineBytes: Int

    init(limits: HTTP1Limits) {
        maxBodyBytes = limits.maxBodyBytes
        maxLineBytes = limits.maxChunkLineBytes
        trailers = FieldSectionReader(maxBytes: limits.maxHeaderBytes, maxCount: limits.maxHeaderCount, kind: "trailer")
    }

    /// Decodes from `start`; returns where it stopped and, once the body is complete, its trailers.
    mutating func decode<Sink: MessageSink>(
        _ bytes: UnsafeRawBufferPointer, from start: Int, into sink: inout Sink
    ) throws(HTTP1Error) -> (next: Int, trailers: HTTPHeaders?) {
        var index = start
        let end = bytes.count
        while index < end {
            switch phase {
            case .data:
                let take = min(remaining, end - index)
                sink.body(UnsafeRawBufferPointer(rebasing: bytes[index..<index + take]))
                remaining -= take
                index += take
                if remaining == 0 { phase = .dataCR }
            case .dataCR:
                let byte = bytes[index]
                index += 1
                if byte == ASCII.cr {
                    phase = .dataLF
                } else if byte == ASCII.lf {
                    phase = .size
                } else {
                    throw .badRequest("missing CRLF after chunk data")
                }
            case .dataLF:
                guard bytes[index] == ASCII.lf else { throw .badRequest("missing CRLF after chunk data") }
                index += 1
                phase = .size
            case .trailers:
                switch try trailers.read(bytes, from: index) {
                case .complete(let next):
                    return (next, trailers.take().fields)
                case .needMore(let consumed):
                    return (consumed, nil)
                }
            case .size, .sizeWhitespace, .sizeExtension, .sizeLineCR:
                let byte = bytes[index]
                index += 1
                try sizeLine(byte)
            }
        }
        return (index, nil)
    }

    /// One byte of `chunk-size [ chunk-ext ] CRLF`.
    private mutating func sizeLine(_ byte: UInt8) throws(HTTP1Error) {
        if byte != ASCII.cr && byte != ASCII.lf {
            lineBytes += 1
            guard lineBytes <= maxLineBytes else { throw .badRequest("chunk size line over \(maxLineBytes) bytes") }
        }
        switch phase {
        case .size:
            if let digit = ASCII.hexValue(byte) {
                guard size <= Int.max >> 4 else { throw .badRequest("chunk size overflows") }
                size = size << 4 | digit
                sizeDigits += 1
                return
            }
            guard sizeDigits > 0 else { throw .badRequest("invalid chunk size") }
            try checkTotal()
            switch byte {
            case ASCII.semicolon: phase = .sizeExtension
            case ASCII.space, ASCII.tab: phase = .sizeWhitespace
            case ASCII.cr: phase = .sizeLineCR
            case ASCII.lf: endOfSizeLine()
            default: throw .badRequest("invalid chunk size")
            }
        case .sizeWhitespace:
            // BWS is allowed only before a ";" extension.
            if byte == ASCII.semicolon {
                phase = .sizeExtension
            } else if !ASCII.isWhitespace(byte) {
                throw .badRequest("invalid chunk size")
            }
        case .sizeExtension:
            if byte == ASCII.cr {
                phase = .sizeLineCR
            } else if byte == ASCII.lf {
                endOfSizeLine()
            } else if !ASCII.isFieldValueByte(byte) {
                throw .badRequest("control character in chunk extension")
            }
        case .sizeLineCR:
            guard byte == ASCII.lf else { throw .badRequest("bare CR not followed by LF") }
            endOfSizeLine()
        case .data, .dataCR, .dataLF, .trailers:
            break
        }
    }

    /// Refuses a chunk that would take the body over the limit, before its data is read.
    private func checkTotal() throws(HTTP1Error) {
        guard size <= maxBodyBytes - total else {
            throw .bodyTooLarge("chunked body over \(maxBodyBytes) bytes")
        }
    }

    private mutating func endOfSizeLine() {
        total += size
        remaining = size
        phase = size == 0 ? .trailers : .data
        size = 0
        sizeDigits = 0
        lineBytes = 0
    }
}
