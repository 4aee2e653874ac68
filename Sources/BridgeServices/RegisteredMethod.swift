import BridgeCore
import Protobuf

/// One registered unary method with its message types erased: the user's typed handler behind
/// both wire forms, so that a registration is written once and served in JSON (HTTP, framed TCP)
/// and in protobuf (gRPC) alike.
///
/// Decoding failures are the caller's fault (`INVALID_ARGUMENT`); what the handler throws is the
/// call's status (see ``status(of:path:)``).
struct RegisteredMethod: Sendable {
    let path: String
    /// Whether the registry's observer records its calls (false when the handler reports them).
    let observed: Bool
    /// The request's JSON form in, the response's out (written with the .proto field names, as
    /// CONTRACT.md's JSON form is).
    let json: @Sendable (JSONValue, ServiceContext) async throws(BridgeError) -> JSONValue
    /// The request's protobuf bytes in, the response's out.
    let binary: @Sendable ([UInt8], ServiceContext) async throws(BridgeError) -> [UInt8]

    init<M: ProtoMethod>(_ method: M.Type, observed: Bool, handler: @escaping @Sendable (M.Request, ServiceContext) async throws -> M.Response)
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        path = M.path
        self.observed = observed
        json = { json, context throws(BridgeError) in
            let request = try Self.read(M.self) { try M.Request(json: json) }
            return try await Self.run(handler, request, context).json(options: .wire)
        }
        binary = { bytes, context throws(BridgeError) in
            let request = try Self.read(M.self) { try M.Request(serializedBytes: bytes) }
            return try await Self.run(handler, request, context).serializedBytes()
        }
    }

    /// The request `reader` makes, or `INVALID_ARGUMENT` saying why the input is not one.
    private static func read<M: ProtoMethod>(_ method: M.Type, _ reader: () throws -> M.Request) throws(BridgeError) -> M.Request {
        do {
            return try reader()
        } catch {
            throw BridgeError(.invalidArgument, "the request to \(M.path) is not a \(M.Request.self): \(error)")
        }
    }

    private static func run<Request, Response>(_ handler: @Sendable (Request, ServiceContext) async throws -> Response,
                                               _ request: Request, _ context: ServiceContext) async throws(BridgeError) -> Response {
        do {
            return try await handler(request, context)
        } catch {
            throw status(of: error, path: context.method)
        }
    }

    /// The status a handler's error gives the caller: a ``BridgeError`` as thrown (how a
    /// handler chooses the code and message), cancellation as `CANCELLED`, anything else
    /// `UNKNOWN` naming only the error's type, since its description may hold server internals
    /// the caller has no business seeing.
    static func status(of error: any Error, path: String) -> BridgeError {
        switch error {
        case let error as BridgeError:
            return BridgeError(error.code, error.message)
        case is CancellationError:
            return .cancelled("\(path) was cancelled")
        default:
            return BridgeError(.unknown, "\(path) failed with \(type(of: error))")
        }
    }
}

extension ProtoJSONWriteOptions {
    /// How registered methods and calls by method name write JSON: with the .proto field names
    /// (`message_id`), as CONTRACT.md's JSON form does, so your messages look like the
    /// contract's on the wire. Readers take either name.
    static var wire: ProtoJSONWriteOptions { ProtoJSONWriteOptions(preservingProtoFieldNames: true) }
}
