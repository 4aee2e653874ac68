import BridgeCore

/// BridgeMessageProto's proto3 JSON form, by way of the generated `ipcbridge.v1.BridgeMessage`:
/// so a service registry can carry it on every transport. The binary form, the one gRPC uses
/// on every call, stays BridgeMessageProto's own (attributes read straight into `JSONValue`s);
/// the JSON form is only for calls by method name over HTTP and framed TCP, which are rare for
/// the validation types (the contract's own routes carry BridgeMessage's JSON directly).
extension BridgeMessageProto: ProtoJSONMessage {
    /// Reads the proto3 JSON object of an `ipcbridge.v1.BridgeMessage`.
    public init(json: JSONValue, options: ProtoJSONReadOptions) throws(ProtoJSONError) {
        self.init(BridgeMessage(try Ipcbridge_V1_BridgeMessage(json: json, options: options)))
    }

    /// The proto3 JSON object of this message (unknown fields are not part of JSON).
    public func json(options: ProtoJSONWriteOptions) -> JSONValue {
        Ipcbridge_V1_BridgeMessage(message).json(options: options)
    }
}

/// `ipcbridge.v1.Validation/Validate` with BridgeMessageProto as its message type: the same rpc,
/// path and bytes on the wire as the generated `Ipcbridge_V1_Validation.Validate` (clients call
/// with either), registered by the validation service so its hot gRPC path decodes and encodes
/// with the fast codec instead of the generated message tree. (Measured with callgrind: the
/// generated types cost ~26k instructions and ~19 allocations more per call.)
public enum BridgeMessageValidate: ProtoMethod {
    /// The request: a BridgeMessage in its binary form.
    public typealias Request = BridgeMessageProto
    /// The answer: a BridgeMessage in its binary form.
    public typealias Response = BridgeMessageProto
    /// `Validate`, as in bridge.proto.
    public static let name = Ipcbridge_V1_Validation.Validate.name
    /// `/ipcbridge.v1.Validation/Validate`.
    public static let path = Ipcbridge_V1_Validation.Validate.path
    /// Unary.
    public static let kind: ProtoMethodKind = .unary
}
