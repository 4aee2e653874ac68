import BridgeCore
import BridgeIO
import Dispatch

/// The validation service of CONTRACT.md section 1, the same behind every transport.
///
/// It answers `VALIDATION_REQUEST` (checked against the rule set), `ECHO`, `PING`, `HELLO`
/// and `WATCH` (a stream of `EVENT`s then `END`); anything else gets `UNIMPLEMENTED`.
/// The reserved attributes steer it: `delay_ms` (a loop timer, no thread sleeps),
/// `work_iterations` (chained SHA-256 off the event loop), `fail_with`, `response_bytes`,
/// `event_count` and `event_interval_ms`.
public final class ValidationService: MessageService {
    /// The rules VALIDATION_REQUESTs are checked against.
    public let rules: RuleSet
    /// Bounds on what the reserved attributes may ask for.
    public let limits: ValidationServiceLimits

    /// Work above this many SHA-256 rounds leaves the event loop for a worker thread.
    static let inlineWorkLimit = 256

    /// A service checking `rules`, refusing reserved attributes past `limits`.
    public init(rules: RuleSet = .builtIn, limits: ValidationServiceLimits = .defaults) {
        self.rules = rules
        self.limits = limits
    }

    public func handle(_ request: BridgeMessage, replies: any ReplyWriter) {
        let knobs: ReservedAttributes
        do {
            knobs = try ReservedAttributes(request.attributes, limits: limits)
        } catch {
            replies.reply(.error(error, requestID: request.messageID))
            return
        }
        if request.type == MessageType.watch {
            after(knobs.delayMilliseconds, on: replies.loop) {
                WatchEmitter(request: request, knobs: knobs, replies: replies).start()
            }
            return
        }
        if knobs.workIterations > Self.inlineWorkLimit {
            // Long hashing must not stall the loop's other connections.
            DispatchQueue.global().async {
                let answer = self.answer(request, knobs: knobs)
                self.after(knobs.delayMilliseconds, on: replies.loop) { replies.reply(answer) }
            }
            return
        }
        let answer = answer(request, knobs: knobs)
        after(knobs.delayMilliseconds, on: replies.loop) { replies.reply(answer) }
    }

    /// The one answer to a non-streaming request.
    func answer(_ request: BridgeMessage, knobs: ReservedAttributes) -> BridgeMessage {
        if let code = knobs.failWith {
            return .error(BridgeError(code, "failed as requested by fail_with"), requestID: request.messageID)
        }
        var answer: BridgeMessage
        switch request.type {
        case MessageType.validationRequest:
            answer = .reply(to: request, type: MessageType.validationResponse,
                            attributes: rules.verdict(for: request.attributes).attributes)
        case MessageType.echo:
            answer = request
            answer.messageID = MessageID.next()
            answer.requestID = request.messageID
            return answer
        case MessageType.ping:
            answer = .reply(to: request, type: MessageType.pong)
        case MessageType.hello:
            answer = .reply(to: request, type: MessageType.helloAck)
        default:
            let shown = request.type.isEmpty ? "(empty)" : "'\(request.type)'"
            return .error(BridgeError(.unimplemented, "unknown message type \(shown)"), requestID: request.messageID)
        }
        if knobs.workIterations > 0 {
            let digest = chainedSHA256(seed: Array(request.messageID.utf8), rounds: knobs.workIterations)
            answer.attributes["digest"] = .string(Hex.encode(digest))
        }
        if knobs.responseBytes > 0 {
            answer.payload = (0..<knobs.responseBytes).map { UInt8(truncatingIfNeeded: $0) }
        }
        return answer
    }

    /// Runs `action` on `loop` after `milliseconds` (a loop timer), or at once.
    private func after(_ milliseconds: Int, on loop: EventLoop, _ action: @escaping @Sendable () -> Void) {
        if milliseconds == 0 {
            action()
        } else {
            loop.executeOrRun { loop.scheduleTimer(after: .milliseconds(milliseconds), action) }
        }
    }
}

/// Sends a WATCH's events, `event_interval_ms` apart on loop timers, then `END`.
struct WatchEmitter: Sendable {
    let request: BridgeMessage
    let knobs: ReservedAttributes
    let replies: any ReplyWriter

    func start() {
        if let code = knobs.failWith {
            replies.reply(.error(BridgeError(code, "failed as requested by fail_with"), requestID: request.messageID))
            return
        }
        if knobs.eventIntervalMilliseconds == 0 {
            for sequence in 0..<knobs.eventCount { replies.send(event(sequence)) }
            replies.reply(.reply(to: request, type: MessageType.end, attributes: ["count": .number(Double(knobs.eventCount))]))
        } else {
            emit(0)
        }
    }

    private func emit(_ sequence: Int) {
        guard sequence < knobs.eventCount else {
            replies.reply(.reply(to: request, type: MessageType.end, attributes: ["count": .number(Double(knobs.eventCount))]))
            return
        }
        replies.send(event(sequence))
        let loop = replies.loop
        loop.executeOrRun {
            loop.scheduleTimer(after: .milliseconds(knobs.eventIntervalMilliseconds)) { self.emit(sequence + 1) }
        }
    }

    private func event(_ sequence: Int) -> BridgeMessage {
        .reply(to: request, type: MessageType.event, attributes: ["seq": .number(Double(sequence))])
    }
}
