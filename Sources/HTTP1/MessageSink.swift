/// Where the shared decoding machinery delivers a message's parts.
///
/// The public decoders collect parts into `Event` arrays; the aggregators append body bytes
/// straight from the caller's buffer into the message they build, skipping the per-piece array
/// an event would need. Generic, so each use is specialised and nothing is boxed.
protocol MessageSink<Head> {
    associatedtype Head
    /// A complete head; `bodyLength` is the Content-Length when the framing gave one.
    mutating func head(_ head: Head, bodyLength: Int?)
    /// A piece of body, valid only during the call.
    mutating func body(_ bytes: UnsafeRawBufferPointer)
    /// The message is complete.
    mutating func end(trailers: HTTPHeaders)
}
