// libFuzzer harness for the protobuf decoder (Sources/Protobuf): BridgeMessage's binary form,
// the Struct well-known types and the grpc.testing / grpc.health messages.
//
// Input layout: byte 0 picks the message type (modulo the number of types), byte 1 a split
// point, the rest is the message's wire bytes.
//
// Properties checked besides "no trap", for every message that decodes:
//  - `serializedSize` equals the length `encode(to:)` writes (the writer trusts it for length
//    prefixes of nested messages);
//  - the encoding decodes again, to an equal message, and re-encodes to the same bytes;
//  - decoding two concatenated pieces equals decoding the first and merging the second
//    (the protobuf merge rule), when both pieces decode;
//  - BridgeMessage(protobuf:) agrees with BridgeMessageProto, and a Struct read as
//    Google_Protobuf_Struct agrees with the same bytes read as BridgeMessage attributes.

import BridgeCore
import Protobuf

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProtobuf(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    guard input.count >= 2 else { return 0 }
    let bytes = Array(input[2...])
    let split = splitPoint(input[1], bytes.count)
    switch input[0] % 12 {
    case 0: check(BridgeMessageProto.self, bytes, split: split); checkBridgeMessage(bytes)
    case 1: check(Google_Protobuf_Struct.self, bytes, split: split); checkStructAgreement(bytes)
    case 2: check(Google_Protobuf_Value.self, bytes, split: split)
    case 3: check(Google_Protobuf_ListValue.self, bytes, split: split)
    case 4: check(Grpc_Testing_SimpleRequest.self, bytes, split: split)
    case 5: check(Grpc_Testing_SimpleResponse.self, bytes, split: split)
    case 6: check(Grpc_Testing_StreamingOutputCallRequest.self, bytes, split: split)
    case 7: check(Grpc_Testing_StreamingOutputCallResponse.self, bytes, split: split)
    case 8: check(Grpc_Testing_StreamingInputCallRequest.self, bytes, split: split)
    case 9: check(Grpc_Testing_StreamingInputCallResponse.self, bytes, split: split)
    case 10: check(Grpc_Health_V1_HealthCheckRequest.self, bytes, split: split)
    default: check(Grpc_Health_V1_HealthCheckResponse.self, bytes, split: split)
    }
    return 0
}

/// Equality that tolerates NaN: a message holding a NaN double never equals a copy of itself
/// (`m == m` may still be true, as a dictionary compares equal to itself by identity), so a
/// message whose description shows a NaN is compared by its (deterministic) encoding instead.
private func same<M: ProtoMessage & Equatable>(_ a: M, _ b: M) -> Bool {
    a == b || (mayHoldNaN(a) && a.serializedBytes() == b.serializedBytes())
}

private func mayHoldNaN(_ value: Any) -> Bool {
    String(describing: value).contains("nan")
}

private func check<M: ProtoMessage & Equatable>(_ type: M.Type, _ bytes: [UInt8], split: Int) {
    let message: M
    do {
        message = try M(serializedBytes: bytes)
    } catch {
        invariant(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes: \(error)")
        return
    }
    var writer = ProtobufWriter()
    message.encode(to: &writer)
    let encoded = writer.bytes
    invariant(encoded.count == message.serializedSize,
              "\(M.self): serializedSize \(message.serializedSize) but encode wrote \(encoded.count) bytes")
    invariant(encoded == message.serializedBytes(), "\(M.self): serializedBytes() differs from encode(to:)")
    let again: M
    do {
        again = try M(serializedBytes: encoded)
    } catch {
        invariant(false, "\(M.self): own encoding does not decode: \(error)")
        return
    }
    invariant(same(message, again), "\(M.self): decode(encode(m)) != m")
    invariant(again.serializedBytes() == encoded, "\(M.self): encoding is not stable across a round trip")

    // Concatenation merges: decode(a + b) == decode(a) merged with b, when a and b decode alone.
    let first = Array(bytes[..<split]), second = Array(bytes[split...])
    guard var merged = try? M(serializedBytes: first), (try? M(serializedBytes: second)) != nil else { return }
    do {
        try merged.merge(serializedBytes: second)
    } catch {
        invariant(false, "\(M.self): merging a piece that decodes alone failed: \(error)")
    }
    invariant(merged.serializedBytes() == encoded, "\(M.self): decode(a + b) differs from decode(a).merge(b) at \(split)")
}

/// BridgeMessage(protobuf:) is BridgeMessageProto without unknown fields.
private func checkBridgeMessage(_ bytes: [UInt8]) {
    let proto = try? BridgeMessageProto(serializedBytes: bytes)
    let message = try? BridgeMessage(protobuf: bytes)
    invariant((proto == nil) == (message == nil), "BridgeMessage(protobuf:) and BridgeMessageProto disagree on failing")
    guard let proto, let message else { return }
    invariant(message == proto.message || (mayHoldNaN(message) && message.protobufBytes() == proto.message.protobufBytes()),
              "BridgeMessage(protobuf:) differs from BridgeMessageProto.message")
    let encoded = message.protobufBytes()
    invariant(encoded.count == message.protobufSize, "protobufSize \(message.protobufSize) but protobufBytes has \(encoded.count)")
    guard let again = try? BridgeMessage(protobuf: encoded) else {
        invariant(false, "BridgeMessage's own protobuf encoding does not decode")
        return
    }
    invariant(again == message || (mayHoldNaN(message) && again.protobufBytes() == encoded), "BridgeMessage protobuf round trip differs")
}

/// The same Struct bytes read two ways: as Google_Protobuf_Struct (then JSONValue) and as the
/// attributes of a BridgeMessage (JSONValueWireCodec, straight into JSONValue).
private func checkStructAgreement(_ bytes: [UInt8]) {
    var wrapped: [UInt8] = [0x22]  // field 4, length-delimited
    var length = UInt64(bytes.count)
    while length >= 0x80 {
        wrapped.append(UInt8(truncatingIfNeeded: length) | 0x80)
        length >>= 7
    }
    wrapped.append(UInt8(length))
    wrapped += bytes
    let viaMessage = try? Google_Protobuf_Struct(serializedBytes: bytes)
    let viaCodec = try? BridgeMessageProto(serializedBytes: wrapped)
    invariant((viaMessage == nil) == (viaCodec == nil),
              "Struct decodes \(viaMessage == nil ? "fails" : "succeeds") as a message but \(viaCodec == nil ? "fails" : "succeeds") as attributes")
    guard let viaMessage, let viaCodec else { return }
    let object = JSONValue.object(viaMessage.jsonObject)
    let attributes = JSONValue.object(viaCodec.attributes ?? [:])
    invariant(object == attributes || mayHoldNaN(object), "Struct as message and as attributes differ:\n  \(object)\n  \(attributes)")
}
