/// HTTP/2 PING keepalive: every `interval` a PING goes out; an ACK must come back within
/// `timeout`, or the connection is considered dead and closed (its calls fail UNAVAILABLE)
/// instead of hanging until TCP notices, which can take many minutes.
public struct GRPCKeepalive: Sendable, Equatable {
    /// How often a PING goes out (at most once per interval, whatever the traffic).
    public var interval: Duration
    /// How long the ACK may take before the connection is declared dead.
    public var timeout: Duration

    /// PINGs every `interval`, each to be answered within `timeout`.
    public init(interval: Duration, timeout: Duration = .seconds(20)) {
        self.interval = interval
        self.timeout = timeout
    }
}

import BridgeIO

/// A connection shell that runs keepalive: the timer logic is written once, here.
protocol KeepaliveHost: AnyObject {
    var loop: EventLoop { get }
    var keepalive: KeepaliveState? { get set }
    /// Whether the connection is still up (the timer stops when it is not).
    var keepaliveConnectionOpen: Bool { get }
    func sendKeepalivePing(_ opaque: UInt64)
    func closeForKeepalive()
}

extension KeepaliveHost {
    /// Ticks the keepalive state every interval (or timeout, if shorter) while the connection lives.
    func scheduleKeepalive() {
        guard let policy = keepalive?.policy else { return }
        loop.scheduleTimer(after: min(policy.interval, policy.timeout)) { [weak self] in
            guard let self, self.keepaliveConnectionOpen, var state = self.keepalive else { return }
            let action = state.tick()
            self.keepalive = state
            switch action {
            case .sendPing(let opaque): self.sendKeepalivePing(opaque)
            case .closeConnection: return self.closeForKeepalive()
            case .nothing: break
            }
            self.scheduleKeepalive()
        }
    }
}

/// The keepalive bookkeeping of one connection, pure: the shell calls ``tick()`` from a timer
/// and ``acknowledged(_:)`` on every PING ACK, and does what they say.
struct KeepaliveState: Sendable {
    enum Action: Equatable {
        case sendPing(UInt64)
        case closeConnection
        case nothing
    }

    let policy: GRPCKeepalive
    private var outstanding: UInt64?
    private var sentAt: ContinuousClock.Instant?
    private var next: UInt64 = 1
    /// When the last PING went out (or the connection started): the next is due `interval` later.
    private var lastPing: ContinuousClock.Instant
    private(set) var acknowledgedCount = 0

    init(policy: GRPCKeepalive, now: ContinuousClock.Instant = .now) {
        self.policy = policy
        self.lastPing = now
    }

    /// Called by a timer running every interval or timeout, whichever is shorter: a PING when
    /// one is due (once per `interval`), a close when the last one went unanswered for `timeout`.
    mutating func tick(now: ContinuousClock.Instant = .now) -> Action {
        if outstanding != nil, let sentAt, now - sentAt >= policy.timeout { return .closeConnection }
        guard outstanding == nil, now - lastPing >= policy.interval else { return .nothing }
        lastPing = now
        let opaque = next
        next += 1
        outstanding = opaque
        sentAt = now
        return .sendPing(opaque)
    }

    mutating func acknowledged(_ opaque: UInt64) {
        guard opaque == outstanding else { return }
        outstanding = nil
        sentAt = nil
        acknowledgedCount += 1
    }
}
