import BridgeCore
import GRPC

extension ServiceRegistry {
    /// Adds every registered method to `router` at its path, replacing what was there: a server
    /// registers its own handlers first and the registry last.
    public func register(in router: inout GRPCRouter) {
        for path in paths { router.register(path, MethodGRPCHandler(registry: self, path: path)) }
    }
}

/// The gRPC face of one registered method, on our HTTP/2 as ``GRPCServerCall``s.
///
/// Unary: one request message in, the handler run as a task, one response message and OK out,
/// or the handler's error as the status. Server streaming: one request in, each response sent as
/// the handler writes it (waiting while the client's window is shut), then OK or the handler's
/// error. Client and bidirectional streaming: request messages fed to the handler's stream as
/// they arrive (ending at the client's half-close), responses as for server streaming.
/// Cancelling the call (RST_STREAM, the deadline, the connection going) cancels the task, and a
/// pending ``ResponseWriter/send(_:)`` throws `CANCELLED`.
struct MethodGRPCHandler: GRPCHandler {
    let registry: ServiceRegistry
    let path: String

    func handle(_ call: GRPCServerCall) {
        guard let method = registry.method(at: path) else { return call.finish(GRPCStatus(ServiceRegistry.unimplemented(path))) }
        let context = ServiceContext(transport: "grpc", method: path, metadata: Self.metadata(call.metadata),
                                     deadline: call.deadline, loop: call.loop)
        switch method.shape {
        case .unary:
            call.onSingleRequest { bytes in
                let task = Task(executorPreference: call.loop) { [registry, path] in
                    do throws(BridgeError) {
                        let response = try await registry.call(path, bytes: bytes, context: context)
                        // One hop to the loop for both, so the message and the status leave together.
                        call.loop.execute {
                            call.send(response)
                            call.finish(.ok)
                        }
                    } catch {
                        call.finish(GRPCStatus(error))
                    }
                }
                call.onCancel = { _ in task.cancel() }
            }
        case .serverStreaming(_, let run):
            call.onSingleRequest { bytes in
                let task = Self.respond(call, registry, method, context) { emit throws(BridgeError) in try await run(bytes, context, emit) }
                call.onCancel = { _ in task.cancel() }
            }
        case .requestStreaming(_, let run):
            let requests = MessageStream<[UInt8]>()
            call.onMessage = { bytes in requests.yield(bytes) }
            call.onEnd = { requests.finish() }
            let task = Self.respond(call, registry, method, context) { emit throws(BridgeError) in try await run(requests, context, emit) }
            call.onCancel = { status in
                requests.finish(throwing: BridgeError(status.code, status.message))
                task.cancel()
            }
        }
    }

    /// Runs a streaming handler as a task on the call's loop whose responses go out on `call` at the client's pace,
    /// then finishes the call with OK or the handler's status.
    private static func respond(_ call: GRPCServerCall, _ registry: ServiceRegistry, _ method: RegisteredMethod, _ context: ServiceContext,
                                _ body: @escaping @Sendable (@escaping RegisteredMethod.Emit<[UInt8]>) async throws(BridgeError) -> Void) -> Task<Void, Never> {
        let emit: RegisteredMethod.Emit<[UInt8]> = { bytes throws(BridgeError) in
            let ready = await withCheckedContinuation { continuation in
                call.send(bytes) { ready in continuation.resume(returning: ready) }
            }
            guard ready else { throw BridgeError.cancelled("\(context.method) is over: the call was cancelled or ended") }
        }
        return Task(executorPreference: call.loop) {
            do throws(BridgeError) {
                try await registry.stream(method, context: context) { () async throws(BridgeError) in try await body(emit) }
                call.finish(.ok)
            } catch {
                call.finish(GRPCStatus(error))
            }
        }
    }

    /// Metadata as the handler sees it: text values as sent, binary ones in base64.
    static func metadata(_ metadata: GRPCMetadata) -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in metadata.entries {
            switch value {
            case .text(let text): fields[key] = text
            case .binary(let bytes): fields[key] = Base64.encode(bytes)
            }
        }
        return fields
    }
}
