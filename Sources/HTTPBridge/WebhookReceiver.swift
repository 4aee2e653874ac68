import BridgeCore
import BridgeIO
import HTTP1
import Synchronization

/// An HTTP server on a loopback port that receives webhook deliveries: it checks each
/// signature (Standard Webhooks) in constant time, refuses timestamps outside the tolerance
/// (replays), answers a repeated `webhook-id` with 200 without delivering it again (retries
/// and redeliveries after a server restart), and hands each answer to whoever waits for its
/// `request_id`, or else to ``onUnmatched``.
///
/// ``HTTPBridge`` starts one for `callAsync`; use it directly to receive a server's webhooks
/// in your own process.
public final class WebhookReceiver: Sendable {
    /// The URL to give the server as `callback_url`.
    public let url: String
    private let server: HTTPServer
    private let state: WebhookReceiverState

    /// Starts listening on `address` (default: a free loopback port). With a `secret`, unsigned
    /// or wrongly signed deliveries get 401.
    public init(secret: WebhookSecret?, address: String = "127.0.0.1:0", tolerance: Int64 = 300,
                maxRemembered: Int = 100_000, group: EventLoopGroup = .shared) throws(BridgeError) {
        let state = WebhookReceiverState(secret: secret, tolerance: tolerance, maxRemembered: maxRemembered)
        self.state = state
        do {
            server = try HTTPServer(address: SocketAddress(parsing: address), group: group, handler: WebhookHandler(state: state))
        } catch {
            throw BridgeError(.unavailable, "cannot start the webhook receiver on \(address)", transport: "http", cause: error.description)
        }
        url = "http://\(server.address)/webhooks"
    }

    /// Calls `handler` once with the delivered answer to `requestID`.
    public func expect(requestID: String, _ handler: @escaping @Sendable (BridgeMessage) -> Void) {
        state.expect(requestID: requestID, handler)
    }

    /// Stops waiting for `requestID` (a timeout or cancellation).
    public func forget(requestID: String) {
        state.forget(requestID: requestID)
    }

    /// Receives verified deliveries nobody is waiting for.
    public func onUnmatched(_ handler: @escaping @Sendable (BridgeMessage) -> Void) {
        state.setUnmatched(handler)
    }

    /// Deliveries accepted, duplicates ignored, and deliveries refused (bad signature or timestamp).
    public var counts: (delivered: Int, duplicates: Int, refused: Int) { state.counts }

    /// Stops listening; deliveries in progress get up to 100 ms to finish.
    public func close() {
        server.shutdown(grace: .milliseconds(100))
    }
}

/// What the receiver remembers, shared by its connections.
final class WebhookReceiverState: Sendable {
    struct Memory {
        var waiting: [String: @Sendable (BridgeMessage) -> Void] = [:]
        var unmatched: (@Sendable (BridgeMessage) -> Void)?
        var seen = Set<String>()
        var seenOrder: [String] = []
        var delivered = 0
        var duplicates = 0
        var refused = 0
    }

    let secret: WebhookSecret?
    let tolerance: Int64
    let maxRemembered: Int
    let memory = Locked(Memory())

    init(secret: WebhookSecret?, tolerance: Int64, maxRemembered: Int) {
        self.secret = secret
        self.tolerance = tolerance
        self.maxRemembered = maxRemembered
    }

    func expect(requestID: String, _ handler: @escaping @Sendable (BridgeMessage) -> Void) {
        memory.withLock { $0.waiting[requestID] = handler }
    }

    func forget(requestID: String) {
        _ = memory.withLock { $0.waiting.removeValue(forKey: requestID) }
    }

    func setUnmatched(_ handler: @escaping @Sendable (BridgeMessage) -> Void) {
        memory.withLock { $0.unmatched = handler }
    }

    var counts: (delivered: Int, duplicates: Int, refused: Int) {
        memory.withLock { ($0.delivered, $0.duplicates, $0.refused) }
    }

    func refused() {
        memory.withLock { $0.refused += 1 }
    }

    /// Records a delivery; returns who should get it, or nil for a duplicate.
    func accept(webhookID: String?, message: BridgeMessage) -> (@Sendable (BridgeMessage) -> Void)?? {
        memory.withLock { memory in
            if let webhookID {
                if memory.seen.contains(webhookID) {
                    memory.duplicates += 1
                    return nil
                }
                memory.seen.insert(webhookID)
                memory.seenOrder.append(webhookID)
                if memory.seenOrder.count > maxRemembered { memory.seen.remove(memory.seenOrder.removeFirst()) }
            }
            memory.delivered += 1
            return .some(memory.waiting.removeValue(forKey: message.requestID) ?? memory.unmatched)
        }
    }
}

/// `POST /webhooks`: verify, dedupe, deliver.
struct WebhookHandler: HTTPRequestHandler {
    let state: WebhookReceiverState

    func handle(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder) {
        guard request.head.method == "POST" else {
            return responder.respond(.error(BridgeError(.unimplemented, "webhooks are POSTed"), status: 405))
        }
        let headers = request.head.headers
        let webhookID = headers[StandardWebhooks.idHeader]
        if let secret = state.secret {
            do {
                try StandardWebhooks.verify(secret: secret, id: webhookID, timestamp: headers[StandardWebhooks.timestampHeader],
                                            signatureHeader: headers[StandardWebhooks.signatureHeader], body: request.body,
                                            now: Clocks.unixMilliseconds() / 1000, tolerance: state.tolerance)
            } catch {
                state.refused()
                return responder.respond(.error(BridgeError(.unauthenticated, "webhook refused: \(error)")))
            }
        }
        let message: BridgeMessage
        do {
            message = try BridgeMessage(json: request.body)
        } catch {
            return responder.respond(.error(.invalidArgument("webhook body is not a BridgeMessage: \(error)")))
        }
        if let recipient = state.accept(webhookID: webhookID, message: message) {
            recipient?(message)
        }
        responder.respond(HTTPResponse(status: 204))
    }
}
