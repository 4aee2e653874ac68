// libFuzzer harness for the TCP transport's framing (Sources/TCPBridge/Frame.swift): a 4-byte
// big-endian length, then that many bytes of BridgeMessage JSON. The read loop below is the
// one FramedServerConnection and TCPClientConnection run: find frames, decode each body.
//
// Input layout: byte 0 picks the frame size limit (bits 0-1) and a split point (all of it),
// the rest is the byte stream a peer sent.
//
// Properties checked besides "no trap":
//  - every frame found lies inside the bytes, right after its header, within the limit;
//  - reading the stream whole or in two pieces finds the same frames, limit error and rest;
//  - every body that decodes, framed again with Frame.encode, parses as exactly one frame
//    whose body decodes to the same message; Frame.wrap of a body parses back to that body.

import BridgeCore
import TCPBridge

private let limits = [Frame.defaultMaxBytes, 64, 1024, 0]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTCPFrame(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    guard let selector = input.first else { return 0 }
    let stream = Array(input.dropFirst())
    let maxBytes = limits[Int(selector & 3)]

    let whole = read([stream], maxBytes: maxBytes)
    let split = splitPoint(selector, stream.count)
    let halves = read([Array(stream[..<split]), Array(stream[split...])], maxBytes: maxBytes)
    invariant(whole == halves, "frames differ when the stream is split at \(split): \(whole) vs \(halves)")

    for body in whole.bodies {
        checkBody(body, maxBytes: maxBytes)
    }
    return 0
}

/// What a connection makes of the stream: the frame bodies, whether a frame was over the
/// limit (the connection then closes), and the bytes left waiting for more.
private struct Reading: Equatable {
    var bodies: [[UInt8]] = []
    var tooLarge: Int?
    var rest: [UInt8] = []
}

/// Reads `pieces` as consecutive socket reads, keeping unconsumed bytes for the next one.
private func read(_ pieces: [[UInt8]], maxBytes: Int) -> Reading {
    var reading = Reading()
    var pending: [UInt8] = []
    for piece in pieces {
        pending += piece
        let consumed = pending.withUnsafeBytes { bytes -> Int in
            var offset = 0
            while true {
                switch Frame.parse(bytes, at: offset, maxBytes: maxBytes) {
                case .needMore:
                    return offset
                case .tooLarge(let length):
                    invariant(length > maxBytes, "tooLarge(\(length)) within the limit \(maxBytes)")
                    reading.tooLarge = length
                    return bytes.count
                case .frame(let body, let next):
                    invariant(body.lowerBound == offset + Frame.headerSize && body.upperBound == next && next <= bytes.count,
                              "frame at \(offset) has body \(body), next \(next), in \(bytes.count) bytes")
                    invariant(body.count <= maxBytes, "frame body of \(body.count) bytes over the limit \(maxBytes)")
                    reading.bodies.append(Array(bytes[body]))
                    offset = next
                }
            }
        }
        pending.removeFirst(consumed)
        if reading.tooLarge != nil { break }
    }
    reading.rest = pending
    return reading
}

private func checkBody(_ body: [UInt8], maxBytes: Int) {
    let wrapped = Frame.wrap(body)
    wrapped.withUnsafeBytes { bytes in
        let parse = Frame.parse(bytes, at: 0, maxBytes: maxBytes)
        invariant(parse == .frame(body: 4..<wrapped.count, next: wrapped.count), "Frame.wrap does not parse back: \(parse)")
    }

    guard let message = try? BridgeMessage(json: body) else { return }
    let frame = Frame.encode(message)
    frame.withUnsafeBytes { bytes in
        guard case .frame(let range, let next) = Frame.parse(bytes, at: 0, maxBytes: Int(UInt32.max)) else {
            invariant(false, "Frame.encode output is not one whole frame")
            return
        }
        invariant(next == bytes.count, "Frame.encode output has \(bytes.count - next) bytes after its frame")
        do {
            let again = try BridgeMessage(json: UnsafeRawBufferPointer(rebasing: bytes[range]))
            invariant(again == message, "framed message round trip differs:\n  \(message)\n  \(again)")
        } catch {
            invariant(false, "Frame.encode body does not decode: \(error)")
        }
    }
}
