// Hand-written conveniences on the generated grpc.testing types (the generated files are
// rewritten by scripts/generate-protos.sh; this one is not).

extension Grpc_Testing_Payload {
    /// A COMPRESSABLE payload of `count` zero bytes: what the interop cases send and expect.
    public static func zeros(_ count: Int) -> Grpc_Testing_Payload {
        Grpc_Testing_Payload(type: .compressable, body: [UInt8](repeating: 0, count: max(0, count)))
    }
}

extension Grpc_Testing_BoolValue {
    /// `BoolValue(true)`: the interop cases' compression flags read better unlabelled.
    public init(_ value: Bool) {
        self.init()
        self.value = value
    }
}
