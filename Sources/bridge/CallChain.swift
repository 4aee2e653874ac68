import BridgeCore
import BridgeIO
import Dispatch

/// One chain of a pipelined load run: a call, and when it completes, the next.
///
/// The chain is its own completion handler (``answered(_:)``, a method of a class, passed as a
/// closure that holds only the chain), so a call costs the chain no allocation, and each call
/// starts at the clock reading that recorded the one before it.
final class CallChain: @unchecked Sendable {  // `start` is touched by one call at a time
    enum Style {
        /// Handlers run on the thread that completes the call (`whenCompleteInline`).
        case inline
        /// Handlers run on the bridge's callback pool.
        case callback
    }

    private let run: LoadRun
    private let bridge: any Bridge
    private let style: Style
    private let ended: @Sendable () -> Void
    private let options = CallOptions()
    private var start = ContinuousClock.now

    init(run: LoadRun, bridge: any Bridge, style: Style, ended: @escaping @Sendable () -> Void) {
        self.run = run
        self.bridge = bridge
        self.style = style
        self.ended = ended
    }

    /// Starts the chain's next call at `now`, or ends the chain when the run is over.
    func issue(at now: ContinuousClock.Instant) {
        guard let request = run.nextRequest() else { return ended() }
        start = now
        switch style {
        case .inline: bridge.start(request, options: options).whenCompleteInline(answered)
        case .callback: bridge.call(request, options: options, onResult: answered)
        }
    }

    private func answered(_ result: Result<BridgeMessage, BridgeError>) {
        let end = run.record(result, since: start)
        // An inline answer arrives on a fresh loop stack; a failure can complete inside `start`
        // itself (a refused or disconnected call), so that chain goes on from elsewhere rather
        // than recursing once per remaining request. Pool handlers always run on a fresh stack.
        let onFreshStack = switch (style, result) {
        case (.callback, _): true
        case (.inline, .success): EventLoop.isOnIOThread
        case (.inline, .failure): false
        }
        if onFreshStack {
            issue(at: end)
        } else {
            DispatchQueue.global().async { self.issue(at: .now) }
        }
    }
}
