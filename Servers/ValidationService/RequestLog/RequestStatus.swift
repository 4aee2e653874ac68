/// Where an accepted async request stands (`GET /requests/{id}`'s `status`, CONTRACT.md section 2).
///
/// `queued` → `processing` (answer computed and stored while still `processing`, then
/// delivery attempts) → `delivered` or `failed`. The last two are final.
public enum RequestStatus: String, Sendable, CaseIterable, Hashable {
    /// Accepted (202 sent), waiting for a worker.
    case queued
    /// A worker has it: computing the answer, or delivering it to the callback URL.
    case processing
    /// A callback POST got a 2xx.
    case delivered
    /// Given up: attempts exhausted, or the answer could not be produced.
    case failed

    /// True for `delivered` and `failed`: nothing more will happen to the request.
    public var isFinal: Bool { self == .delivered || self == .failed }
}
