import BridgeCore
import HTTP1
import HTTPBridge

/// `POST /validate-async`, `GET /requests` and `GET /requests/{id}`: the request log over HTTP.
/// Reads go through the log's serial queue like writes, never on an event loop.
struct RequestRoutes {
    enum Action { case accept, list, show }

    let async: AsyncRequests

    func handle(_ action: Action, _ request: HTTP1Request, responder: HTTPResponder) {
        switch action {
        case .accept:
            async.accept(request.body, responder: responder)
        case .list:
            let status = request.head.queryValue("status")
            let limitText = request.head.queryValue("limit")
            async.read(responder) { log in
                let filter: RequestStatus?
                if let status {
                    guard let parsed = RequestStatus(rawValue: status) else {
                        return .error(.invalidArgument("status must be queued, processing, delivered or failed"))
                    }
                    filter = parsed
                } else {
                    filter = nil
                }
                let limit = limitText.flatMap(Int.init) ?? 50
                guard (1...1000).contains(limit) else { return .error(.invalidArgument("limit must be 1...1000")) }
                let records = try log.list(status: filter, limit: limit)
                return .json(200, ["requests": .array(records.map(\.jsonValue))])
            }
        case .show:
            let id = String(request.head.path.dropFirst("/requests/".count))
            async.read(responder) { log in
                guard let record = try log.record(id: id) else {
                    return .error(BridgeError(.notFound, "no request '\(id)'"), requestID: id)
                }
                return .json(200, record.jsonValue)
            }
        }
    }
}

extension AsyncRequests {
    /// Runs a log read off the event loop and answers with its response (errors as ERROR bodies).
    func read(_ responder: HTTPResponder, _ body: @escaping @Sendable (RequestLog) throws -> HTTPResponse) {
        let log = self.log
        readQueue.async {
            do {
                responder.respond(try body(log))
            } catch {
                responder.respond(.error(BridgeError(wrapping: error)))
            }
        }
    }
}
