import BridgeCore

/// An async request at the moment `POST /validate-async` accepts it: what the log must hold
/// before the 202 goes out, so that it survives a restart.
public struct NewRequest: Sendable, Equatable {
    /// The request id (the client's `request_id`, or one the server made up); the key of the log.
    public var id: String
    /// The Standard Webhooks `webhook-id`: one per request, the same on every delivery retry.
    public var webhookID: String
    /// Where the answer is to be POSTed (already checked by ``CallbackURLPolicy``).
    public var callbackURL: String
    /// The message to answer.
    public var request: BridgeMessage
    /// When it was accepted, Unix milliseconds.
    public var acceptedAtMs: Int64

    /// A request accepted at `acceptedAtMs`, to be answered to `callbackURL` under `webhookID`.
    public init(id: String, webhookID: String, callbackURL: String, request: BridgeMessage, acceptedAtMs: Int64) {
        self.id = id
        self.webhookID = webhookID
        self.callbackURL = callbackURL
        self.request = request
        self.acceptedAtMs = acceptedAtMs
    }
}
