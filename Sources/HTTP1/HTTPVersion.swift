/// The version of an HTTP/1.x message: `HTTP/<major>.<minor>`.
///
/// Decoders only produce major version 1 (anything else is a 505); the minor version steers the
/// defaults, e.g. persistence is opt-in on 1.0 and opt-out from 1.1 on.
public struct HTTPVersion: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The major version: 1 for everything this code speaks.
    public var major: Int
    /// The minor version: 0 or 1.
    public var minor: Int

    /// A version, e.g. `HTTPVersion(major: 1, minor: 1)`.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0: connections close after each exchange unless `Connection: keep-alive` says otherwise.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1: connections persist unless `Connection: close` says otherwise.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// `HTTP/1.1`, as it appears on the wire.
    public var description: String { "HTTP/\(major).\(minor)" }

    /// True from HTTP/1.1 on: connections persist unless closed, and `Host` is required.
    var isAtLeast1_1: Bool { major > 1 || (major == 1 && minor >= 1) }
}
