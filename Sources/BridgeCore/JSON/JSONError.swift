/// Why a JSON text could not be read: what was wrong and at which byte offset.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong (`expected ':' after an object key`).
    public var reason: String
    /// The byte offset in the input where it went wrong.
    public var offset: Int

    /// An error about the input at byte `offset`.
    public init(_ reason: String, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
