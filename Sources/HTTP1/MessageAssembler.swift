/// Builds whole messages from decoded parts, shared by the two aggregators.
///
/// Body bytes go straight from the caller's buffer into the message's body array (sized up front
/// when Content-Length is known); body size is capped at `maxBodyBytes` here as well as in the
/// decoder, so pushing hand-made events cannot grow a body past the limit either.
struct MessageAssembler<Message: AssembledMessage>: MessageSink, Sendable {
    typealias Head = Message.Head

    private(set) var pendingHead: Head?
    private var body: [UInt8] = []
    private var overLimit = false
    let maxBodyBytes: Int
    private var completed: [Message] = []

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    mutating func head(_ head: Head, bodyLength: Int?) {
        pendingHead = head
        body = []
        if let bodyLength, bodyLength > 0 { body.reserveCapacity(min(bodyLength, maxBodyBytes)) }
    }

    mutating func body(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= maxBodyBytes - body.count else {
            overLimit = true
            return
        }
        body.append(contentsOf: bytes)
    }

    mutating func end(trailers: HTTPHeaders) {
        guard let head = pendingHead else { return }
        completed.append(Message(head: head, body: body, trailers: trailers))
        pendingHead = nil
        body = []
    }

    /// Takes the messages completed so far; throws 413 if a body went over the limit.
    mutating func takeCompleted() throws(HTTP1Error) -> [Message] {
        if overLimit { throw .bodyTooLarge("body over \(maxBodyBytes) bytes") }
        defer { completed = [] }
        return completed
    }
}

/// A message the assembler can build: `HTTP1Request` or `HTTP1Response`.
protocol AssembledMessage: Sendable {
    associatedtype Head: Sendable
    init(head: Head, body: [UInt8], trailers: HTTPHeaders)
}

extension HTTP1Request: AssembledMessage {}
extension HTTP1Response: AssembledMessage {}
