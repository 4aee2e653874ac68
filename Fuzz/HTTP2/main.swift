// libFuzzer harness for HTTP/2 (Sources/HTTP2) and HPACK (Sources/HPACK): the frame decoder,
// the connection state machine fed a peer's bytes, and the header block decoder.
//
// Input layout: byte 0 selects what to run, byte 1 is a split point or HPACK settings, the
// rest is the data.
//   byte 0 bit 0 = 0: the rest is what a peer sent on a connection
//       bit 1       0: we are the server (the bytes start with the client preface)
//                   1: we are the client and have sent requests on streams 1, 3 and 5
//   byte 0 bit 0 = 1: the rest is a sequence of HPACK header blocks for one decoder, each
//       a length byte L and L bytes; L = 0 instead takes the next byte k and lowers or raises
//       our SETTINGS_HEADER_TABLE_SIZE to 32 * k.
//       byte 1 bits 0-1: the starting table size; bits 2-3: the header list limit;
//       bit 4: whether the re-encoding below uses Huffman coding.
//
// Properties checked besides "no trap":
//  - frames: reading the bytes whole or in two pieces gives the same frames (or the same
//    error); every frame re-encoded with HTTP2FrameEncoder decodes to itself;
//  - connection: reading whole or in two pieces fails in both or in neither, and when neither
//    gives the same events and output; everything it writes back is well-formed frames;
//    nothing follows a connection error; open streams stay within SETTINGS_MAX_CONCURRENT_STREAMS;
//    header lists stay within SETTINGS_MAX_HEADER_LIST_SIZE;
//  - HPACK: the dynamic table stays within its maximum and that within our setting; a decoded
//    list stays within maxHeaderListSize; each list re-encoded by an HPACKEncoder decodes to
//    the same fields in a second decoder whose table then equals the encoder's; Huffman
//    round-trips every value.

import HPACK
import HTTP2

/// One fixed instant for every read: the flood guard then never refills and runs repeat exactly.
private let epoch = ContinuousClock.now
private let settings = HTTP2Settings.ours

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP2(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    guard input.count >= 2 else { return 0 }
    let flags = input[0], selector = input[1]
    let bytes = Array(input[2...])
    if flags & 1 == 0 {
        let role: HTTP2Connection.Role = flags & 2 == 0 ? .server : .client
        let split = splitPoint(selector, bytes.count)
        checkFrames(bytes, expectPreface: role == .server, split: split)
        checkConnection(bytes, role: role, split: split)
    } else {
        checkHPACK(bytes, options: selector)
    }
    return 0
}

// MARK: frames

private func decodeFrames(_ pieces: [ArraySlice<UInt8>], expectPreface: Bool) -> Result<([HTTP2Frame], rest: [UInt8]), HTTP2Error> {
    var decoder = HTTP2FrameDecoder(maxFrameSize: settings.maxFrameSize, expectPreface: expectPreface)
    var pending: [UInt8] = []
    var frames: [HTTP2Frame] = []
    for piece in pieces {
        pending += piece
        do {
            let (more, consumed) = try decoder.decode(pending)
            invariant(consumed >= 0 && consumed <= pending.count, "frame decoder consumed \(consumed) of \(pending.count)")
            frames += more
            pending.removeFirst(consumed)
        } catch {
            return .failure(error)
        }
    }
    return .success((frames, pending))
}

private func checkFrames(_ bytes: [UInt8], expectPreface: Bool, split: Int) {
    let whole = decodeFrames([bytes[...]], expectPreface: expectPreface)
    let halves = decodeFrames([bytes[..<split], bytes[split...]], expectPreface: expectPreface)
    switch (whole, halves) {
    case (.success(let a), .success(let b)):
        invariant(a.0 == b.0 && a.rest == b.rest, "frames differ when split at \(split)")
    case (.failure(let a), .failure(let b)):
        invariant(a == b, "frame errors differ when split at \(split): \(a) vs \(b)")
    default:
        invariant(false, "frame decoding fails only one way when split at \(split): \(whole) vs \(halves)")
    }
    guard case .success(let (frames, _)) = whole else { return }
    for frame in frames {
        let encoded = HTTP2FrameEncoder.encode(frame)
        var decoder = HTTP2FrameDecoder(maxFrameSize: settings.maxFrameSize, expectPreface: false)
        do {
            let (again, consumed) = try decoder.decode(encoded)
            invariant(again == [frame] && consumed == encoded.count, "frame round trip differs: \(frame) vs \(again)")
        } catch {
            invariant(false, "re-encoded frame does not decode: \(frame): \(error)")
        }
    }
}

// MARK: connection

private struct ConnectionRun: Equatable {
    var events: [HTTP2Event] = []
    var output: [UInt8] = []
    var failed = false
}

private func runConnection(_ pieces: [ArraySlice<UInt8>], role: HTTP2Connection.Role) -> ConnectionRun {
    var connection = HTTP2Connection(role: role, settings: settings)
    connection.start()
    var opened = 0
    if role == .client {
        for _ in 0..<3 {
            let id = connection.openStream()
            connection.sendHeaders(streamID: id, [HPACKHeader(name: ":method", value: "POST"), HPACKHeader(name: ":path", value: "/a")],
                                   endStream: false)
            opened += 1
        }
    }
    _ = connection.takeOutput()
    var run = ConnectionRun()
    var pending: [UInt8] = []
    for piece in pieces {
        pending += piece
        let (events, consumed) = connection.receive(pending, at: epoch)
        invariant(consumed >= 0 && consumed <= pending.count, "connection consumed \(consumed) of \(pending.count)")
        pending.removeFirst(consumed)
        for (index, event) in events.enumerated() {
            invariant(!run.failed, "event after a connection error: \(event)")
            switch event {
            case .connectionError:
                run.failed = true
                invariant(index == events.count - 1, "events after a connection error")
            case .headers(_, let headers, _):
                checkHeaderListSize(headers, limit: settings.maxHeaderListSize)
            default:
                break
            }
        }
        run.events += events
        invariant(connection.activeStreams <= settings.maxConcurrentStreams + opened,
                  "\(connection.activeStreams) streams open, limit \(settings.maxConcurrentStreams)")
        run.output += connection.takeOutput()
    }
    if run.failed {
        let (events, consumed) = connection.receive([0, 0, 0, 4, 0, 0, 0, 0, 0], at: epoch)
        invariant(events.isEmpty && consumed == 9, "a failed connection still reads frames")
    }
    checkOutput(run.output)
    return run
}

/// What we write back must be frames a peer can read: well-formed, nothing cut short.
private func checkOutput(_ output: [UInt8]) {
    var decoder = HTTP2FrameDecoder(maxFrameSize: 16_777_215, expectPreface: false)
    do {
        let (_, consumed) = try decoder.decode(output)
        invariant(consumed == output.count, "output ends inside a frame")
    } catch {
        invariant(false, "the connection wrote a malformed frame: \(error)")
    }
}

private func checkConnection(_ bytes: [UInt8], role: HTTP2Connection.Role, split: Int) {
    let whole = runConnection([bytes[...]], role: role)
    let halves = runConnection([bytes[..<split], bytes[split...]], role: role)
    // A frame that fails to decode drops the valid frames read with it, so a failed run may
    // have fewer events when the bytes come in one piece; the outcome must agree all the same.
    invariant(whole.failed == halves.failed, "connection fails only one way when split at \(split)")
    if !whole.failed {
        invariant(whole == halves, "connection events or output differ when split at \(split)")
    }
}

// MARK: HPACK

private let tableSizes = [4096, 0, 256, 65_536]
private let listLimits = [16_384, 100, 1000, Int.max]

private func checkHPACK(_ bytes: [UInt8], options: UInt8) {
    var decoder = HPACKDecoder(maxTableSize: tableSizes[Int(options & 3)], maxHeaderListSize: listLimits[Int(options >> 2) & 3])
    var encoder = HPACKEncoder(maxTableSize: 4096, useHuffman: options & 16 != 0)
    var mirror = HPACKDecoder(maxTableSize: 4096, maxHeaderListSize: .max)
    var index = 0
    while index < bytes.count {
        let length = Int(bytes[index])
        index += 1
        if length == 0 {
            guard index < bytes.count else { return }
            decoder.maxTableSize = Int(bytes[index]) * 32
            index += 1
            continue
        }
        let block = Array(bytes[index..<min(bytes.count, index + length)])
        index += length
        let headers: [HPACKHeader]
        do {
            headers = try decoder.decode(block)
        } catch {
            invariant(error.offset >= 0 && error.offset <= block.count, "HPACK error offset \(error.offset) outside \(block.count) bytes")
            return  // the table is out of step now: the connection would end here
        }
        invariant(decoder.dynamicTableSize <= decoder.dynamicTableMaxSize && decoder.dynamicTableMaxSize <= decoder.maxTableSize,
                  "table size \(decoder.dynamicTableSize), max \(decoder.dynamicTableMaxSize), setting \(decoder.maxTableSize)")
        let entries = decoder.dynamicTableEntries
        if !entries.contains(where: hasReplacement) {
            let size = entries.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 }
            invariant(size == decoder.dynamicTableSize, "table entries add up to \(size), table says \(decoder.dynamicTableSize)")
        }
        checkHeaderListSize(headers, limit: decoder.maxHeaderListSize)
        checkReencoding(headers, encoder: &encoder, decoder: &mirror)
        for header in headers {
            let value = Array(header.value.utf8)
            var coded: [UInt8] = []
            Huffman.encode(value, into: &coded)
            invariant(coded.count == Huffman.encodedLength(value), "Huffman.encodedLength disagrees with encode")
            invariant((try? Huffman.decode(coded)) == value, "Huffman round trip fails for \(value)")
        }
    }
}

/// Our own encoder's block for `headers` must decode to the same fields, and leave the
/// decoder's table equal to the encoder's.
private func checkReencoding(_ headers: [HPACKHeader], encoder: inout HPACKEncoder, decoder: inout HPACKDecoder) {
    let block = encoder.encode(headers)
    let again: [HPACKHeader]
    do {
        again = try decoder.decode(block)
    } catch {
        invariant(false, "HPACKEncoder output does not decode: \(error)")
        return
    }
    invariant(again.count == headers.count, "re-encoded list has \(again.count) fields, not \(headers.count)")
    for (a, b) in zip(headers, again) {
        invariant(a.name == b.name && a.value == b.value, "re-encoded field differs: \(a) vs \(b)")
        // An indexable field too large for the table goes as a literal without indexing.
        invariant(a.indexing == b.indexing || (a.indexing == .indexable && b.indexing == .nonIndexed),
                  "re-encoded field \(a.name) came back \(b.indexing), sent \(a.indexing)")
    }
    invariant(encoder.dynamicTableEntries == decoder.dynamicTableEntries, "encoder and decoder tables differ after a block")
}

/// Sizes in octets; a field holding U+FFFD may have been invalid UTF-8 on the wire, whose
/// octets are fewer than the String's, so such lists are not measured.
private func checkHeaderListSize(_ headers: [HPACKHeader], limit: Int) {
    guard !headers.contains(where: hasReplacement) else { return }
    let size = headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 32 }
    invariant(size <= limit, "header list of \(size) octets over the limit \(limit)")
}

private func hasReplacement(_ header: HPACKHeader) -> Bool {
    header.name.unicodeScalars.contains("\u{FFFD}") || header.value.unicodeScalars.contains("\u{FFFD}")
}
