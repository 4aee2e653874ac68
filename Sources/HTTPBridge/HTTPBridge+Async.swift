import BridgeCore
import BridgeIO
import HTTP1

/// Asynchronous request-reply over HTTP (CONTRACT.md section 2, `/validate-async`), two ways:
///
/// - **Webhook** (`callAsync`): the request is POSTed with this bridge's embedded
///   ``WebhookReceiver`` as `callback_url`; the server answers 202 at once and later POSTs the
///   signed answer there, which completes the call. The receiver listens on a loopback port,
///   so the server must allow it (`--allow-private-callbacks` or `--allow-callback 127.0.0.1`).
/// - **Polling** (`submit` + `answer(polling:)`): for callers that cannot receive; the answer
///   is read from `GET /requests/{id}`.
extension HTTPBridge {
    /// The status of an accepted request, as `GET /requests/{id}` reports it.
    public struct AsyncRequestStatus: Sendable {
        /// The request's id (the `request_id` it was accepted under).
        public let requestID: String
        /// `queued`, `processing`, `delivered` or `failed`.
        public let status: String
        /// The answer, once the service has produced it; nil while queued or processing.
        public let answer: BridgeMessage?
        /// How many delivery attempts were made to the callback URL so far.
        public let attempts: Int
    }

    /// Starts a webhook call: `onResult` runs on the callback pool when the answer is delivered.
    @discardableResult
    public func callAsync(_ request: BridgeMessage, options: CallOptions = .defaults,
                          onResult: @escaping @Sendable (Result<BridgeMessage, BridgeError>) -> Void) -> CallHandle {
        let call = startAsync(request, options: options)
        call.whenComplete(on: callbackPool, onResult)
        return call
    }

    /// Awaits the answer delivered by webhook.
    public func callAsync(_ request: BridgeMessage, options: CallOptions = .defaults) async throws(BridgeError) -> BridgeMessage {
        try await startAsync(request, options: options).value()
    }

    func startAsync(_ request: BridgeMessage, options: CallOptions) -> PendingCall {
        var request = request
        if request.messageID.isEmpty { request.messageID = MessageID.next() }
        let call = PendingCall()
        let receiver: WebhookReceiver
        do {
            receiver = try webhookReceiver()
        } catch {
            call.complete(.failure(error))
            return call
        }
        let id = request.messageID
        receiver.expect(requestID: id) { answer in
            call.complete(answer.carriedError.map { .failure($0.at(transport: "http", target: self.target)) } ?? .success(answer))
        }
        call.setCancelHandler { receiver.forget(requestID: id) }
        if let deadline = options.effectiveDeadline() {
            // The timer is cancelled when the call ends: left to run out, every webhook call
            // would hold its timer (and what it captures) for the whole timeout. Arming and
            // cancelling both run on the timer's loop, so whichever comes second sees the first.
            let loop = configuration.group.next()
            let timer = LoopConfinedTimer()
            loop.execute {
                guard !call.isFinished else { return }
                timer.id = loop.scheduleTimer(after: deadline - .now) {
                    receiver.forget(requestID: id)
                    call.complete(.failure(BridgeError(.deadlineExceeded, "no webhook within the deadline", transport: "http", target: self.target)))
                }
            }
            call.whenCompleteInline { _ in loop.executeOrRun { if let id = timer.id { loop.cancelTimer(id) } } }
        }
        submit(request, callbackURL: receiver.url) { result in
            if case .failure(let error) = result {
                receiver.forget(requestID: id)
                call.complete(.failure(error))
            }
        }
        return call
    }

    /// POSTs `/validate-async`; `completion` gets the accepted request id or the refusal.
    public func submit(_ request: BridgeMessage, callbackURL: String,
                       completion: @escaping @Sendable (Result<String, BridgeError>) -> Void) {
        var request = request
        if request.messageID.isEmpty { request.messageID = MessageID.next() }
        let body: JSONValue = [
            "request_id": .string(request.messageID),
            "callback_url": .string(callbackURL),
            "message": (try? JSONParser.parse(request.jsonBytes())) ?? nil,
        ]
        let target = self.target
        let messageID = request.messageID
        client.send(method: "POST", path: "/validate-async", headers: requestHeaders([:]), body: JSONWriter.encode(body)) { result in
            switch result {
            case .success(let response) where response.status == 202:
                let id = (try? JSONParser.parse(response.body))?["request_id"]?.stringValue ?? messageID
                completion(.success(id))
            case .success(let response):
                completion(.failure(Self.answer(from: response, target: target).failure
                                    ?? BridgeError(.internal, "expected 202, got \(response.status)", transport: "http", target: target)))
            case .failure(let error):
                completion(.failure(error))
            }
        }
    }

    /// POSTs `/validate-async` and returns the accepted request id.
    public func submit(_ request: BridgeMessage, callbackURL: String) async throws(BridgeError) -> String {
        let result: Result<String, BridgeError> = await withCheckedContinuation { continuation in
            submit(request, callbackURL: callbackURL) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// `GET /requests/{id}`.
    public func status(ofRequest id: String) async throws(BridgeError) -> AsyncRequestStatus {
        let target = self.target
        let result: Result<HTTPClientResponse, BridgeError> = await withCheckedContinuation { continuation in
            client.send(method: "GET", path: "/requests/\(id)", headers: requestHeaders([:])) { continuation.resume(returning: $0) }
        }
        let response = try result.get()
        guard response.status == 200, let record = try? JSONParser.parse(response.body) else {
            throw Self.answer(from: response, target: target).failure
                ?? BridgeError(.internal, "GET /requests/\(id) gave \(response.status)", transport: "http", target: target)
        }
        let answer = record["answer"].flatMap { value -> BridgeMessage? in
            value.isNull ? nil : try? BridgeMessage(json: JSONWriter.encode(value))
        }
        return AsyncRequestStatus(requestID: id, status: record["status"]?.stringValue ?? "unknown", answer: answer,
                                  attempts: record["attempts"]?.arrayValue?.count ?? 0)
    }

    /// Polls `GET /requests/{id}` every `interval` until the answer is known (delivered, or
    /// failed delivery with an answer), up to `timeout`.
    public func answer(polling id: String, every interval: Duration = .milliseconds(100),
                       timeout: Duration = .seconds(30)) async throws(BridgeError) -> BridgeMessage {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status = try await status(ofRequest: id)
            if let answer = status.answer {
                if let error = answer.carriedError { throw error.at(transport: "http", target: target) }
                return answer
            }
            if status.status == "failed" { throw BridgeError(.unavailable, "request \(id) failed", transport: "http", target: target) }
            do { try await Task.sleep(for: interval) } catch { throw BridgeError(wrapping: error) }
        }
        throw BridgeError(.deadlineExceeded, "no answer for \(id) within \(timeout)", transport: "http", target: target)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A timer's id, touched only on its loop.
private final class LoopConfinedTimer: @unchecked Sendable {
    var id: TimerID?
}
