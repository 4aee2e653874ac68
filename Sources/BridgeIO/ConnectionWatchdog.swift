/// Enforces ``ConnectionLimits/idleTimeout`` and ``ConnectionLimits/stallTimeout`` for the
/// accepted connections of one event loop with a single sweep timer, rather than a timer per
/// connection: 10,000 idle connections cost one timer and a dictionary entry each.
///
/// Loop-confined: created, used and swept on its loop only.
final class ConnectionWatchdog {
    /// Why a connection was cut off; the text becomes the close error.
    enum Verdict: Equatable {
        case healthy
        case idle
        case stalledInput(seconds: Int)
        case stalledOutput(seconds: Int)
        case stalledByPeer(seconds: Int)
    }

    private unowned let loop: EventLoop
    private var watched: [ObjectIdentifier: Connection] = [:]
    private var sweeping = false
    /// How often the sweep runs: timeouts are enforced to within this.
    static let period = Duration.seconds(1)

    init(loop: EventLoop) {
        self.loop = loop
    }

    func watch(_ connection: Connection) {
        watched[ObjectIdentifier(connection)] = connection
        if !sweeping {
            sweeping = true
            scheduleSweep()
        }
    }

    func forget(_ connection: Connection) {
        watched[ObjectIdentifier(connection)] = nil
    }

    private func scheduleSweep() {
        _ = loop.scheduleTimer(after: Self.period) { [weak self] in
            guard let self else { return }
            self.sweep(now: MonotonicTime.nanoseconds())
            if self.watched.isEmpty {
                self.sweeping = false
            } else {
                self.scheduleSweep()
            }
        }
    }

    private func sweep(now: UInt64) {
        for connection in Array(watched.values) {
            switch Self.verdict(for: connection.activity, limits: connection.limits, now: now,
                                idleSince: { connection.handlerIdleSince }, stalledSince: { connection.handlerStalledSince }) {
            case .healthy:
                continue
            case .idle:
                connection.idleTimedOut()
            case .stalledInput(let seconds):
                connection.cutOff("the peer started a message and sent no more of it for \(seconds) s")
            case .stalledOutput(let seconds):
                connection.cutOff("the peer read none of our queued output for \(seconds) s")
            case .stalledByPeer(let seconds):
                connection.cutOff("the peer kept its flow-control window shut for \(seconds) s")
            }
        }
    }

    /// The decision, pure: what a connection with this activity record deserves at `now`.
    static func verdict(for activity: ConnectionActivity, limits: ConnectionLimits, now: UInt64,
                        idleSince: () -> UInt64?, stalledSince: () -> UInt64?) -> Verdict {
        if let stall = limits.stallTimeout {
            let bound = stall.nanosecondsClamped
            let seconds = Int(stall.secondsDouble.rounded())
            if activity.partialInputSince != 0 && now &- activity.partialInputSince >= bound { return .stalledInput(seconds: seconds) }
            if activity.pendingOutputSince != 0 && now &- activity.pendingOutputSince >= bound { return .stalledOutput(seconds: seconds) }
            if let since = stalledSince(), now &- since >= bound { return .stalledByPeer(seconds: seconds) }
        }
        if let idle = limits.idleTimeout, activity.partialInputSince == 0, activity.pendingOutputSince == 0,
           let since = idleSince(), now &- since >= idle.nanosecondsClamped {
            return .idle
        }
        return .healthy
    }
}

/// When a connection last moved bytes, in ``MonotonicTime`` nanoseconds (0: not now).
struct ConnectionActivity {
    /// The last read or write that moved bytes.
    var lastTraffic: UInt64
    /// Since when input has been held waiting for the rest of a message.
    var partialInputSince: UInt64 = 0
    /// Since when queued output has made no progress (reset by every write that moves bytes).
    var pendingOutputSince: UInt64 = 0
}
