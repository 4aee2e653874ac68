#if canImport(Glibc)
import Glibc
#endif

/// How much a ``RequestLogger`` writes: `debug` adds one line per request; errors always.
public enum LogLevel: Int, Sendable, Comparable, CaseIterable {
    /// Every request, one line each (`--log-level debug`).
    case debug
    /// The default: nothing is logged at this level yet, so it writes what `error` writes.
    case info
    /// Failures only: ERROR answers and what went wrong.
    case error

    /// The level named `debug`, `info` or `error` (as `--log-level` takes it); nil for any other name.
    public init?(name: String) {
        switch name {
        case "debug": self = .debug
        case "info": self = .info
        case "error": self = .error
        default: return nil
        }
    }

    /// The level's name, as written in the `level=` field.
    public var name: String {
        switch self {
        case .debug: "debug"
        case .info: "info"
        case .error: "error"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Structured log lines in logfmt (`key=value`, values quoted when they need it), one event per
/// line, so `grep request_id=...` and log shippers both work:
///
///     ts=2026-11-24T16:20:01.123Z level=debug msg=request transport=tcp request_id=r-1 type=VALIDATION_REQUEST status=OK latency_ms=0.41
public struct RequestLogger: Sendable {
    /// The lowest level written.
    public let level: LogLevel
    private let sink: @Sendable (String) -> Void

    /// Lines at `level` and above go to `sink` (default: standard error).
    public init(level: LogLevel, sink: @escaping @Sendable (String) -> Void = RequestLogger.standardError) {
        self.level = level
        self.sink = sink
    }

    /// True when lines at `level` are written: check before building an expensive line.
    public func enabled(_ level: LogLevel) -> Bool { level >= self.level }

    /// Writes one line when `level` is enabled; fields keep their order.
    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, String)]) {
        guard enabled(level) else { return }
        sink(Self.line(timestamp: Self.timestamp(), level: level, message: message, fields: fields))
    }

    /// The line, pure (for tests).
    public static func line(timestamp: String, level: LogLevel, message: String, fields: [(String, String)]) -> String {
        var parts = ["ts=\(timestamp)", "level=\(level.name)", "msg=\(quoted(message))"]
        for (key, value) in fields { parts.append("\(key)=\(quoted(value))") }
        return parts.joined(separator: " ")
    }

    /// A value as logfmt wants it: bare when safe, otherwise in double quotes with escapes.
    static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.isNewline }
        guard needsQuotes else { return value }
        var out = "\""
        for character in value {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// UTC wall-clock time with milliseconds, RFC 3339.
    public static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }

    /// Standard error through ``LogWriter``: a loop thread never waits on a full pipe.
    public static let standardError: @Sendable (String) -> Void = { line in LogWriter.standardError.write(line) }
}
