import HTTP1
import Testing

/// The UTF-8 bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Merges adjacent body events, so decodes that split a body differently compare equal.
func coalesced(_ events: [HTTP1RequestDecoder.Event]) -> [HTTP1RequestDecoder.Event] {
    var result: [HTTP1RequestDecoder.Event] = []
    for event in events {
        if case .body(let more) = event, case .body(let earlier)? = result.last {
            result[result.count - 1] = .body(earlier + more)
        } else if case .body(let piece) = event, piece.isEmpty {
            continue
        } else {
            result.append(event)
        }
    }
    return result
}

func coalesced(_ events: [HTTP1ResponseDecoder.Event]) -> [HTTP1ResponseDecoder.Event] {
    var result: [HTTP1ResponseDecoder.Event] = []
    for event in events {
        if case .body(let more) = event, case .body(let earlier)? = result.last {
            result[result.count - 1] = .body(earlier + more)
        } else if case .body(let piece) = event, piece.isEmpty {
            continue
        } else {
            result.append(event)
        }
    }
    return result
}

/// Feeds `input` in pieces of `step` bytes the way a connection would: unconsumed bytes are kept
/// and offered again with the next piece. Returns every event and what was never consumed.
func feedRequest(
    _ input: [UInt8], step: Int, limits: HTTP1Limits = .defaults
) throws(HTTP1Error) -> (events: [HTTP1RequestDecoder.Event], leftover: [UInt8]) {
    var decoder = HTTP1RequestDecoder(limits: limits)
    var pending: [UInt8] = []
    var events: [HTTP1RequestDecoder.Event] = []
    var index = 0
    while index < input.count {
        let end = min(index + step, input.count)
        pending += input[index..<end]
        index = end
        let (more, consumed) = try decoder.decode(pending)
        events += more
        pending.removeFirst(consumed)
    }
    return (events, pending)
}

/// Feeds `input` split in two at `split`.
func feedRequest(_ input: [UInt8], splitAt split: Int) throws(HTTP1Error) -> (events: [HTTP1RequestDecoder.Event], leftover: [UInt8]) {
    var decoder = HTTP1RequestDecoder()
    var pending = Array(input[..<split])
    var (events, consumed) = try decoder.decode(pending)
    pending.removeFirst(consumed)
    pending += input[split...]
    let (more, consumed2) = try decoder.decode(pending)
    events += more
    pending.removeFirst(consumed2)
    return (events, pending)
}

/// Response counterpart of `feedRequest(_:step:)`, with the request methods in order and an
/// end of input at the end when `close` is set.
func feedResponse(
    _ input: [UInt8], methods: [String], step: Int, close: Bool = false, limits: HTTP1Limits = .defaults
) throws(HTTP1Error) -> (events: [HTTP1ResponseDecoder.Event], leftover: [UInt8]) {
    var decoder = HTTP1ResponseDecoder(limits: limits)
    for method in methods { decoder.expectResponse(toMethod: method) }
    var pending: [UInt8] = []
    var events: [HTTP1ResponseDecoder.Event] = []
    var index = 0
    while index < input.count {
        let end = min(index + step, input.count)
        pending += input[index..<end]
        index = end
        let (more, consumed) = try decoder.decode(pending)
        events += more
        pending.removeFirst(consumed)
    }
    if close { events += try decoder.endOfInput() }
    return (events, pending)
}

/// The status of the error decoding `input` throws, fed whole; nil when it decodes.
func requestErrorStatus(_ input: [UInt8], limits: HTTP1Limits = .defaults) -> Int? {
    do {
        _ = try feedRequest(input, step: input.count, limits: limits)
        return nil
    } catch {
        return error.status
    }
}

/// The status of the error decoding `input` throws when fed one byte at a time; nil when it decodes.
func requestErrorStatusByteByByte(_ input: [UInt8], limits: HTTP1Limits = .defaults) -> Int? {
    do {
        _ = try feedRequest(input, step: 1, limits: limits)
        return nil
    } catch {
        return error.status
    }
}

/// Expects `input` to be refused with `status`, both fed whole and byte by byte.
func expectRequestRefused(_ input: String, _ status: Int, limits: HTTP1Limits = .defaults, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(requestErrorStatus(bytes(input), limits: limits) == status, "whole: \(input.debugDescription)", sourceLocation: sourceLocation)
    #expect(requestErrorStatusByteByByte(bytes(input), limits: limits) == status, "byte by byte: \(input.debugDescription)", sourceLocation: sourceLocation)
}

/// Decodes a whole request buffer, expecting success.
func decodeRequest(_ input: String, limits: HTTP1Limits = .defaults) throws -> [HTTP1RequestDecoder.Event] {
    let (events, leftover) = try feedRequest(bytes(input), step: max(1, input.utf8.count), limits: limits)
    #expect(leftover.isEmpty)
    return coalesced(events)
}

extension HTTP1RequestDecoder.Event {
    var head: HTTPRequestHead? {
        if case .head(let head) = self { return head }
        return nil
    }
}

extension HTTP1ResponseDecoder.Event {
    var head: HTTPResponseHead? {
        if case .head(let head) = self { return head }
        return nil
    }
}
