import BridgeCore
import HPACK

/// Custom metadata (PROTOCOL-HTTP2.md): lowercase keys; keys ending in `-bin` carry binary
/// values, base64-encoded on the wire (padding optional on read). Reserved keys (`:`-pseudo
/// headers, `grpc-*`, `content-type`, `te`, `user-agent`...) are not metadata.
public struct GRPCMetadata: Sendable, Equatable {
    /// One metadata value: text, or bytes for a `-bin` key.
    public enum Value: Sendable, Equatable {
        /// A printable ASCII value, sent as is.
        case text(String)
        /// Bytes, sent base64-encoded under a key ending in `-bin`.
        case binary([UInt8])
    }

    /// Every entry in order, keys lowercased; a key may repeat.
    public private(set) var entries: [(key: String, value: Value)] = []

    /// No metadata.
    public init() {}

    public static func == (lhs: GRPCMetadata, rhs: GRPCMetadata) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Appends a text entry (the key is lowercased).
    public mutating func add(_ key: String, _ value: String) {
        entries.append((key.lowercased(), .text(value)))
    }

    /// Appends a binary entry; `key` should end in `-bin`, as the protocol requires.
    public mutating func add(_ key: String, binary value: [UInt8]) {
        entries.append((key.lowercased(), .binary(value)))
    }

    /// The first value under `key` (any case), or nil.
    public subscript(key: String) -> Value? {
        entries.first { $0.key == key.lowercased() }?.value
    }

    static let reserved: Set<String> = ["content-type", "te", "user-agent", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
                                        "grpc-status", "grpc-message", "grpc-status-details-bin", "content-length", "host"]

    /// The metadata among decoded headers (pseudo headers and reserved keys skipped).
    public init(headers: [HPACKHeader]) {
        for header in headers where !header.name.hasPrefix(":") && !Self.reserved.contains(header.name) {
            if header.name.hasSuffix("-bin") {
                entries.append((header.name, .binary(Base64.decode(header.value) ?? [])))
            } else {
                entries.append((header.name, .text(header.value)))
            }
        }
    }

    /// As HTTP/2 headers.
    public var headers: [HPACKHeader] {
        entries.map { entry in
            switch entry.value {
            case .text(let text): return HPACKHeader(name: entry.key, value: text)
            case .binary(let bytes): return HPACKHeader(name: entry.key, value: Base64.encode(bytes))
            }
        }
    }
}
