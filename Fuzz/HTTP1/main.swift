// libFuzzer harness for the HTTP/1.1 decoders (Sources/HTTP1): HTTP1RequestDecoder,
// HTTP1ResponseDecoder and the aggregators built on them.
//
// Input layout: byte 0 selects what to run, byte 1 chooses split points, the rest is the
// connection's bytes.
//   byte 0 bit 0     0: requests (server side), 1: responses (client side)
//   byte 0 bit 1     small limits (so every limit is reachable with short inputs)
//   byte 0 bit 2     responses: end of input after the bytes (peer closed)
//   byte 0 bits 3-6  responses: the methods of the first two requests sent
//
// Properties checked besides "no trap":
//  - feeding the bytes whole, split in two, or in small steps gives the same events (bodies
//    concatenated), the same unconsumed rest, or the same error status;
//  - `consumed` never exceeds what was offered;
//  - the aggregators assemble exactly the messages the events describe;
//  - every decoded request, written again with HTTP1Encoder, decodes to the same request.

import HTTP1

private let smallLimits = HTTP1Limits(maxRequestLineBytes: 64, maxHeaderBytes: 256, maxHeaderCount: 8,
                                      maxBodyBytes: 256, maxChunkLineBytes: 16)
private let roomyLimits = HTTP1Limits(maxRequestLineBytes: 1 << 20, maxHeaderBytes: 1 << 20, maxHeaderCount: 100_000,
                                      maxBodyBytes: 1 << 24, maxChunkLineBytes: 1 << 16)
private let methodChoices = ["GET", "HEAD", "POST", "CONNECT"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP1(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    guard input.count >= 2 else { return 0 }
    let flags = input[0]
    let selector = input[1]
    let bytes = Array(input[2...])
    let limits = flags & 0b10 != 0 ? smallLimits : HTTP1Limits.defaults
    if flags & 1 == 0 {
        checkRequests(bytes, limits: limits, selector: selector)
    } else {
        let methods = [methodChoices[Int(flags >> 3) & 3], methodChoices[Int(flags >> 5) & 3], "GET", "POST"]
        checkResponses(bytes, limits: limits, methods: methods, close: flags & 0b100 != 0, selector: selector)
    }
    return 0
}

// MARK: requests

/// What one way of feeding produced: events (bodies merged) and the unconsumed rest, or the error status.
private enum Outcome<Event: Equatable>: Equatable {
    case decoded([Event], leftover: [UInt8])
    case failed(status: Int)

    /// Whether two ways of feeding the same bytes agree. Both must fail or neither; the status may
    /// differ only when one is a size limit (414, 431): a limit is checked as soon as an unfinished
    /// line passes it, so small pieces can hit it before a syntax error later in the same line,
    /// which a whole buffer reveals first.
    func agrees(with other: Outcome) -> Bool {
        switch (self, other) {
        case (.decoded, .decoded): return self == other
        case (.failed(let a), .failed(let b)): return a == b || [414, 431].contains(a) || [414, 431].contains(b)
        default: return false
        }
    }
}

/// Feeds `input` in the given piece lengths the way a connection does: unconsumed bytes are kept
/// and offered again with the next piece.
private func feedRequests(_ input: [UInt8], pieces: [Int], limits: HTTP1Limits) -> Outcome<HTTP1RequestDecoder.Event> {
    var decoder = HTTP1RequestDecoder(limits: limits)
    var pending: [UInt8] = []
    var events: [HTTP1RequestDecoder.Event] = []
    var index = 0
    for length in pieces {
        pending += input[index..<(index + length)]
        index += length
        do {
            let (more, consumed) = try decoder.decode(pending)
            invariant(consumed >= 0 && consumed <= pending.count, "request decoder consumed \(consumed) of \(pending.count)")
            events += more
            pending.removeFirst(consumed)
        } catch {
            invariant([400, 413, 414, 431, 501, 505].contains(error.status), "unexpected status \(error)")
            return .failed(status: error.status)
        }
    }
    return .decoded(merged(events), leftover: pending)
}

private func checkRequests(_ input: [UInt8], limits: HTTP1Limits, selector: UInt8) {
    let whole = feedRequests(input, pieces: [input.count], limits: limits)
    let split = splitPoint(selector, input.count)
    let halves = feedRequests(input, pieces: [split, input.count - split], limits: limits)
    invariant(whole.agrees(with: halves), "request decode differs when split at \(split): \(whole) vs \(halves)")
    let stepped = feedRequests(input, pieces: steps(input.count, Int(selector % 7) + 1), limits: limits)
    invariant(whole.agrees(with: stepped), "request decode differs when fed in steps of \(selector % 7 + 1)")

    // The aggregator must build exactly the requests the events describe.
    var aggregator = HTTP1RequestAggregator(limits: limits)
    let aggregated: [HTTP1Request]
    do {
        aggregated = try aggregator.decode(input).requests
    } catch {
        if case .failed(let status) = whole {
            invariant(status == error.status, "aggregator failed with \(error.status), decoder with \(status)")
        } else {
            invariant(false, "aggregator failed (\(error)) where the decoder did not")
        }
        return
    }
    guard case .decoded(let events, _) = whole else {
        invariant(false, "decoder failed where the aggregator did not")
        return
    }
    let requests = assembleRequests(events)
    invariant(requests == aggregated, "aggregator requests differ from the decoder's events")

    for request in requests { checkRequestRoundTrip(request) }
}

/// Writes `request` with HTTP1Encoder and decodes it again: it must come back the same, with at
/// most the `Content-Length: 0` the encoder adds for POST, PUT and PATCH.
private func checkRequestRoundTrip(_ request: HTTP1Request) {
    let head = request.head
    let chunked = head.headers.values("transfer-encoding").contains { $0.lowercased().contains("chunked") }
    var encoded = HTTP1Encoder.request(head, body: request.body)
    if chunked { encoded += HTTP1Encoder.lastChunk(trailers: request.trailers) }
    var decoder = HTTP1RequestAggregator(limits: roomyLimits)
    let again: [HTTP1Request]
    do {
        let (requests, consumed) = try decoder.decode(encoded)
        invariant(consumed == encoded.count, "re-encoded request left \(encoded.count - consumed) bytes unconsumed")
        again = requests
    } catch {
        invariant(false, "re-encoded request does not decode: \(error)\nrequest: \(request)\nbytes: \(String(decoding: encoded, as: UTF8.self).debugDescription)")
        return
    }
    invariant(again.count == 1, "re-encoded request decodes to \(again.count) requests")
    var expected = request
    let hasLength = head.headers.contains("content-length")
    if !chunked && !hasLength && ["POST", "PUT", "PATCH"].contains(head.method) {
        expected.head.headers.add("Content-Length", "0")
    }
    invariant(again[0] == expected, "request round trip differs:\n  \(expected)\n  \(again[0])")
}

private func assembleRequests(_ events: [HTTP1RequestDecoder.Event]) -> [HTTP1Request] {
    var requests: [HTTP1Request] = []
    var current: HTTP1Request?
    for event in events {
        switch event {
        case .head(let head):
            invariant(current == nil, "request head before the previous request ended")
            current = HTTP1Request(head: head)
        case .body(let bytes):
            invariant(current != nil, "body event without a head")
            current?.body += bytes
        case .end(let trailers):
            invariant(current != nil, "end event without a head")
            current?.trailers = trailers
            requests.append(current!)
            current = nil
        }
    }
    return requests
}

// MARK: responses

private func feedResponses(_ input: [UInt8], pieces: [Int], limits: HTTP1Limits, methods: [String],
                           close: Bool) -> (Outcome<HTTP1ResponseDecoder.Event>, upgraded: Bool) {
    var decoder = HTTP1ResponseDecoder(limits: limits)
    for method in methods { decoder.expectResponse(toMethod: method) }
    var pending: [UInt8] = []
    var events: [HTTP1ResponseDecoder.Event] = []
    var index = 0
    do {
        for length in pieces {
            pending += input[index..<(index + length)]
            index += length
            let (more, consumed) = try decoder.decode(pending)
            invariant(consumed >= 0 && consumed <= pending.count, "response decoder consumed \(consumed) of \(pending.count)")
            invariant(decoder.outstandingResponses >= 0 && decoder.outstandingResponses <= methods.count,
                      "outstanding responses \(decoder.outstandingResponses)")
            events += more
            pending.removeFirst(consumed)
        }
        if close { events += try decoder.endOfInput() }
    } catch {
        return (.failed(status: error.status), decoder.isUpgraded)
    }
    return (.decoded(merged(events), leftover: pending), decoder.isUpgraded)
}

private func checkResponses(_ input: [UInt8], limits: HTTP1Limits, methods: [String], close: Bool, selector: UInt8) {
    let whole = feedResponses(input, pieces: [input.count], limits: limits, methods: methods, close: close)
    let split = splitPoint(selector, input.count)
    let halves = feedResponses(input, pieces: [split, input.count - split], limits: limits, methods: methods, close: close)
    invariant(whole.0.agrees(with: halves.0) && whole.upgraded == halves.upgraded, "response decode differs when split at \(split): \(whole) vs \(halves)")
    let stepped = feedResponses(input, pieces: steps(input.count, Int(selector % 7) + 1), limits: limits,
                                methods: methods, close: close)
    invariant(whole.0.agrees(with: stepped.0) && whole.upgraded == stepped.upgraded, "response decode differs when fed in steps of \(selector % 7 + 1)")

    var aggregator = HTTP1ResponseAggregator(limits: limits)
    for method in methods { aggregator.expectResponse(toMethod: method) }
    var aggregated: [HTTP1Response] = []
    do {
        aggregated = try aggregator.decode(input).responses
        if close { aggregated += try aggregator.endOfInput() }
    } catch {
        if case .failed(let status) = whole.0 {
            invariant(status == error.status, "aggregator failed with \(error.status), decoder with \(status)")
        } else {
            invariant(false, "response aggregator failed (\(error)) where the decoder did not")
        }
        return
    }
    guard case .decoded(let events, _) = whole.0 else {
        invariant(false, "response decoder failed where the aggregator did not")
        return
    }
    invariant(assembleResponses(events) == aggregated, "aggregator responses differ from the decoder's events")
}

private func assembleResponses(_ events: [HTTP1ResponseDecoder.Event]) -> [HTTP1Response] {
    var responses: [HTTP1Response] = []
    var current: HTTP1Response?
    for event in events {
        switch event {
        case .head(let head):
            invariant(current == nil, "response head before the previous response ended")
            current = HTTP1Response(head: head)
        case .body(let bytes):
            invariant(current != nil, "body event without a head")
            current?.body += bytes
        case .end(let trailers):
            invariant(current != nil, "end event without a head")
            current?.trailers = trailers
            responses.append(current!)
            current = nil
        }
    }
    return responses
}

// MARK: helpers

/// Piece lengths of at most `step` covering `count` bytes.
private func steps(_ count: Int, _ step: Int) -> [Int] {
    stride(from: 0, to: count, by: step).map { min(step, count - $0) }
}

/// Adjacent body events merged and empty ones dropped, so differently split decodes compare equal.
private func merged(_ events: [HTTP1RequestDecoder.Event]) -> [HTTP1RequestDecoder.Event] {
    var result: [HTTP1RequestDecoder.Event] = []
    for event in events {
        if case .body(let more) = event {
            if more.isEmpty { continue }
            if case .body(let earlier)? = result.last {
                result[result.count - 1] = .body(earlier + more)
                continue
            }
        }
        result.append(event)
    }
    return result
}

private func merged(_ events: [HTTP1ResponseDecoder.Event]) -> [HTTP1ResponseDecoder.Event] {
    var result: [HTTP1ResponseDecoder.Event] = []
    for event in events {
        if case .body(let more) = event {
            if more.isEmpty { continue }
            if case .body(let earlier)? = result.last {
                result[result.count - 1] = .body(earlier + more)
                continue
            }
        }
        result.append(event)
    }
    return result
}
