import BridgeCore
import GRPC

/// `grpc.health.v1.Health` (grpc/grpc doc/health-checking.md): Check answers SERVING for the
/// whole server ("") and for the services it hosts, NOT_FOUND for anything else; Watch sends
/// the current status (SERVICE_UNKNOWN for unknown services) and keeps the stream open.
///
/// The two messages are one field each, so they are read and written directly:
/// HealthCheckRequest { string service = 1; }, HealthCheckResponse { ServingStatus status = 1; }.
public struct HealthGRPCService: Sendable {
    /// The service names Check answers SERVING for ("" is the server as a whole).
    public static let services: Set<String> = ["", "ipcbridge.v1.Validation", "grpc.health.v1.Health", "grpc.testing.TestService"]

    enum ServingStatus: UInt8 {
        case serving = 1
        case serviceUnknown = 3
    }

    /// The health service; it holds no state.
    public init() {}

    /// Registers Check and Watch (`/grpc.health.v1.Health/...`) in `router`, outside any token check.
    public func register(in router: inout GRPCRouter) {
        router.register("/grpc.health.v1.Health/Check", Check())
        router.register("/grpc.health.v1.Health/Watch", Watch())
    }

    /// The `service` field of a HealthCheckRequest; nil when the bytes are not one.
    static func serviceName(_ bytes: [UInt8]) -> String? {
        var offset = 0
        var name = ""
        while offset < bytes.count {
            let key = bytes[offset]
            offset += 1
            guard key == 0x0A, offset < bytes.count else { return nil }
            var length = 0
            var shift = 0
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
                if shift > 28 { return nil }
            }
            guard length <= bytes.count - offset else { return nil }
            name = String(decoding: bytes[offset..<(offset + length)], as: UTF8.self)
            offset += length
        }
        return name
    }

    static func response(_ status: ServingStatus) -> [UInt8] { [0x08, status.rawValue] }

    struct Check: GRPCHandler {
        func handle(_ call: GRPCServerCall) {
            call.onSingleRequest { bytes in
                guard let service = HealthGRPCService.serviceName(bytes) else {
                    return call.finish(GRPCStatus(.invalidArgument, "not a HealthCheckRequest"))
                }
                guard HealthGRPCService.services.contains(service) else {
                    return call.finish(GRPCStatus(.notFound, "unknown service '\(service)'"))
                }
                call.send(HealthGRPCService.response(.serving))
                call.finish(.ok)
            }
        }
    }

    struct Watch: GRPCHandler {
        func handle(_ call: GRPCServerCall) {
            call.onSingleRequest { bytes in
                guard let service = HealthGRPCService.serviceName(bytes) else {
                    return call.finish(GRPCStatus(.invalidArgument, "not a HealthCheckRequest"))
                }
                // The status never changes while the server runs; the stream stays open until
                // the client cancels or the server shuts down.
                call.send(HealthGRPCService.response(HealthGRPCService.services.contains(service) ? .serving : .serviceUnknown))
            }
        }
    }
}
