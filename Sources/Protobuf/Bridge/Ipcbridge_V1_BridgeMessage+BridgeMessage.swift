import BridgeCore

// Between the generated `ipcbridge.v1.BridgeMessage` (bridge.pb.swift, what calls by method name
// to `ipcbridge.v1.Validation` carry) and `BridgeMessage` (what the validation service and the
// bridges work with). Empty attributes are left out, as `BridgeMessageProto` leaves them out, so
// both binary forms agree; unknown fields have no place in `BridgeMessage` and are dropped.

extension Ipcbridge_V1_BridgeMessage {
    /// The generated form of `message` (empty attributes left out).
    public init(_ message: BridgeMessage) {
        self.init(messageID: message.messageID, type: message.type, requestID: message.requestID,
                  attributes: message.attributes.isEmpty ? nil : Google_Protobuf_Struct(message.attributes),
                  timestampMs: message.timestampMs, payload: message.payload)
    }
}

extension BridgeMessage {
    /// The bridge form of a generated `ipcbridge.v1.BridgeMessage` (unknown fields dropped).
    public init(_ message: Ipcbridge_V1_BridgeMessage) {
        self.init(messageID: message.messageID, type: message.type, requestID: message.requestID,
                  attributes: message.attributes?.jsonObject ?? [:], timestampMs: message.timestampMs, payload: message.payload)
    }
}
