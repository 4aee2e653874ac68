import BridgeCore
import HPACK

/// The end of a call: a status code and message, sent in trailers (or Trailers-Only).
public struct GRPCStatus: Sendable, Equatable, Error {
    /// OK, or what went wrong.
    public var code: StatusCode
    /// The human-readable explanation (`grpc-message`); empty for OK.
    public var message: String

    /// A status with `code` and an optional `message`.
    public init(_ code: StatusCode, _ message: String = "") {
        self.code = code
        self.message = message
    }

    /// The status of a call that succeeded.
    public static let ok = GRPCStatus(.ok)

    /// The status an error becomes on the wire: its code and message.
    public init(_ error: BridgeError) {
        self.init(error.code, error.message)
    }

    /// The trailer fields carrying it.
    public var trailers: [HPACKHeader] {
        var fields = [HPACKHeader(name: "grpc-status", value: String(code.rawValue))]
        if !message.isEmpty { fields.append(HPACKHeader(name: "grpc-message", value: GRPCStatusMessage.encode(message))) }
        return fields
    }

    /// Reads it from trailers; a missing or unparsable grpc-status is UNKNOWN (PROTOCOL-HTTP2.md).
    public init(trailers: [HPACKHeader]) {
        let raw = trailers.first { $0.name == "grpc-status" }?.value
        let message = trailers.first { $0.name == "grpc-message" }.map { GRPCStatusMessage.decode($0.value) } ?? ""
        if let raw, let value = Int(raw) {
            self.init(StatusCode(rawValue: value), message)
        } else {
            self.init(.unknown, raw == nil ? "missing grpc-status" + (message.isEmpty ? "" : ": \(message)") : "bad grpc-status '\(raw ?? "")'")
        }
    }
}
