import BridgeCore
import GRPC

extension ServiceRegistry {
    /// Adds every registered method to `router` at its path, replacing what was there: a server
    /// registers its own handlers first and the registry last.
    public func register(in router: inout GRPCRouter) {
        for path in paths { router.register(path, MethodGRPCHandler(registry: self, path: path)) }
    }
}

/// The gRPC face of one registered method: one request message in, the handler run as a task,
/// one response message and OK out, or the handler's error as the status. Cancelling the call
/// (RST_STREAM, the deadline, the connection going) cancels the task.
struct MethodGRPCHandler: GRPCHandler {
    let registry: ServiceRegistry
    let path: String

    func handle(_ call: GRPCServerCall) {
        call.onSingleRequest { bytes in
            let context = ServiceContext(transport: "grpc", method: path, metadata: Self.metadata(call.metadata),
                                         deadline: call.deadline, loop: call.loop)
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
