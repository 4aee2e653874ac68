import BridgeCore
import BridgeIO
import HTTP1

/// One keep-alive client connection: one exchange at a time (no client-side pipelining, so a
/// slow answer never holds up another call's), responses read with the pure
/// ``HTTP1ResponseDecoder``. Loop-confined; owned by an ``HTTPClient``.
final class HTTPClientConnection: ConnectionHandler, @unchecked Sendable {
    struct Exchange {
        let request: [UInt8]
        let method: String
        let deadlineTimer: TimerID?
        let complete: (Result<HTTPClientResponse, BridgeError>) -> Void
        /// Whether this connection carried an earlier exchange: a reused connection the server
        /// closed before answering is retried once on a fresh one.
        let reused: Bool
    }

    private weak var client: HTTPClient?
    /// Checked: calls go through it, and closing clears it from inside such a call.
    private(set) var connection: Connection?
    // The rest is confined to the loop and each access is a whole read or write (the decoder's
    // `decode` is pure and calls nothing back), so the run-time exclusivity checks, ~10 per
    // exchange, could only pass.
    @exclusivity(unchecked) private var decoder: HTTP1ResponseDecoder
    @exclusivity(unchecked) private var exchange: Exchange?
    @exclusivity(unchecked) private var head: HTTPResponseHead?
    @exclusivity(unchecked) private var body: [UInt8] = []
    @exclusivity(unchecked) private var receivedAny = false
    @exclusivity(unchecked) private(set) var isConnected = false
    @exclusivity(unchecked) private(set) var exchangesCompleted = 0

    init(client: HTTPClient, limits: HTTP1Limits) {
        self.client = client
        self.decoder = HTTP1ResponseDecoder(limits: limits)
    }

    var isBusy: Bool { exchange != nil }

    func attach(_ connection: Connection) {
        self.connection = connection
    }

    /// Starts an exchange; the connection must be idle.
    func start(_ exchange: Exchange) {
        self.exchange = exchange
        head = nil
        body = []
        receivedAny = false
        decoder.expectResponse(toMethod: exchange.method)
        if isConnected { connection?.send(exchange.request) }
    }

    func connectionActive(_ connection: Connection) {
        isConnected = true
        if let exchange { connection.send(exchange.request) }
    }

    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        receivedAny = true
        do {
            let (events, consumed) = try decoder.decode(bytes)
            handle(events)
            return consumed
        } catch {
            finish(.failure(BridgeError(.internal, "malformed HTTP response: \(error.reason)")), close: true)
            return bytes.count
        }
    }

    private func handle(_ events: [HTTP1ResponseDecoder.Event]) {
        for event in events {
            switch event {
            case .head(let responseHead):
                if responseHead.status >= 100 && responseHead.status < 200 { continue }  // 100 Continue
                head = responseHead
            case .body(let piece):
                if body.isEmpty { body = piece } else { body.append(contentsOf: piece) }  // one piece: no copy
            case .end:
                guard let responseHead = head else { continue }
                finish(.success(HTTPClientResponse(head: responseHead, body: body)), close: !responseHead.keepAlive)
            }
        }
    }

    func connectionInputClosed(_ connection: Connection) {
        if let events = try? decoder.endOfInput() { handle(events) }
        connection.close()
    }

    func connectionClosed(_ connection: Connection, error: IOError?) {
        isConnected = false
        self.connection = nil
        if let exchange = self.exchange {
            self.exchange = nil
            if let timer = exchange.deadlineTimer { connection.loop.cancelTimer(timer) }
            let retry = exchange.reused && !receivedAny
            client?.connectionLost(self, exchange: exchange, error: error, retry: retry)
        } else {
            client?.connectionLost(self, exchange: nil, error: error, retry: false)
        }
    }

    /// Ends the current exchange (answer, timeout or failure) and hands the connection back.
    func finish(_ result: Result<HTTPClientResponse, BridgeError>, close: Bool) {
        guard let exchange else { return }
        self.exchange = nil
        if let timer = exchange.deadlineTimer { connection?.loop.cancelTimer(timer) }
        exchangesCompleted += 1
        exchange.complete(result)
        if close {
            connection?.close()
        } else {
            client?.connectionIdle(self)
        }
    }
}
