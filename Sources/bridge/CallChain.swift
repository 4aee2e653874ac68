import BridgeCore
import BridgeIO
import Dispatch

/// One chain of a pipelined load run: a call, and when it completes, the next.
///
/// The chain is its own completion handler (``answered(_:)``, called from a closure that holds
/// only the chain), so a call costs the chain no allocation, and each call starts at the clock
/// reading that recorded the one before it.
final class CallChain: @unchecked Sendable {  // `start` and `request` are touched by one call at a time
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
    @exclusivity(unchecked) private var start = ContinuousClock.now  // one call at a time: no check needed
    /// The chain's request, given a fresh id for each call.
    @exclusivity(unchecked) private var request: BridgeMessage

    init(run: LoadRun, bridge: any Bridge, style: Style, ended: @escaping @Sendable () -> Void) {
        self.run = run
        self.bridge = bridge
        self.style = style
        self.ended = ended
        self.request = run.template
    }

    /// Starts the chain's next call at `now`, or ends the chain when the run is over.
    func issue(at now: ContinuousClock.Instant) {
        guard run.nextRequest(&request) else { return ended() }
        start = now
        // Closure literals, not the method `answered` itself: a literal capturing only the chain
        // has the chain as its context, where the method reference needed a reabstraction thunk
        // and a context allocated for it on every call (DHAT: 6.0 -> 5.0 allocations per call).
        switch style {
        case .inline: bridge.start(request, options: options).whenCompleteInline { self.answered($0) }
        case .callback: bridge.call(request, options: options) { self.answered($0) }
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
