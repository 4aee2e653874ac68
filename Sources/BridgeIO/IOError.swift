#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: which operation, and the errno it set.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call and what it was for (`connect 127.0.0.1:9001`).
    public var operation: String
    /// The `errno` the call set.
    public var errnoCode: Int32

    /// An error for `operation`, which failed with errno `code`.
    public init(_ operation: String, errno code: Int32) {
        self.operation = operation
        self.errnoCode = code
    }

    /// An error from the current `errno`.
    public static func current(_ operation: String) -> IOError {
        IOError(operation, errno: errno)
    }

    /// The C library's text for the errno (`Connection refused`).
    public var reason: String {
        guard let text = strerror(errnoCode) else { return "errno \(errnoCode)" }
        return String(cString: text)
    }

    public var description: String { "\(operation): \(reason)" }
}
