// libFuzzer harness for the JSON side of BridgeCore: JSONParser, JSONWriter and
// BridgeMessage's JSON form (BridgeMessage+JSON.swift), the body of every TCP and HTTP message.
//
// Input: the JSON text itself, fed to both the generic parser and BridgeMessage(json:).
//
// Properties checked besides "no trap":
//  - a parsed value, written by JSONWriter, parses again to an equal value;
//  - a decoded BridgeMessage, written as JSON (jsonBytes), decodes to an equal message;
//  - the same message survives the protobuf form too (protobufBytes, BridgeMessage(protobuf:));
//  - BridgeMessage(json:) accepts only documents that JSONParser accepts.

import BridgeCore
import Protobuf

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBridgeJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    let parsed = checkValue(input)
    checkMessage(input, parsedAsJSON: parsed)
    return 0
}

/// Parses any JSON document; its written form must parse back to the same value.
private func checkValue(_ input: [UInt8]) -> Bool {
    let value: JSONValue
    do {
        value = try JSONParser.parse(input)
    } catch {
        return false
    }
    let written = JSONWriter.encode(value)
    do {
        let again = try JSONParser.parse(written)
        invariant(again == value, "JSON round trip differs:\n  \(value)\n  \(again)\n  written: \(String(decoding: written, as: UTF8.self))")
    } catch {
        invariant(false, "JSONWriter output does not parse: \(error)\n  written: \(String(decoding: written, as: UTF8.self))")
    }
    return true
}

private func checkMessage(_ input: [UInt8], parsedAsJSON: Bool) {
    let message: BridgeMessage
    do {
        message = try BridgeMessage(json: input)
    } catch {
        return
    }
    invariant(parsedAsJSON, "BridgeMessage(json:) accepted a document JSONParser refuses")

    let json = message.jsonBytes()
    do {
        let again = try BridgeMessage(json: json)
        invariant(again == message, "BridgeMessage JSON round trip differs:\n  \(message)\n  \(again)")
    } catch {
        invariant(false, "BridgeMessage's own JSON does not decode: \(error)\n  \(String(decoding: json, as: UTF8.self))")
    }

    let binary = message.protobufBytes()
    do {
        let again = try BridgeMessage(protobuf: binary)
        invariant(again == message, "BridgeMessage JSON -> protobuf round trip differs:\n  \(message)\n  \(again)")
    } catch {
        invariant(false, "protobuf form of a JSON-decoded BridgeMessage does not decode: \(error)")
    }
}
