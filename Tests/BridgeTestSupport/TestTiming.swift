import Foundation

/// How much slower than usual this test run may be. Sanitizers (scripts/sanitize.sh) slow
/// everything several-fold, so the script sets `IPCBRIDGE_TIME_SCALE`; upper time bounds in
/// tests (which prove "did not hang", never speed) and the delays they race against are
/// multiplied by it. Default 1.
public enum TestTiming {
    public static let scale: Int = {
        guard let text = ProcessInfo.processInfo.environment["IPCBRIDGE_TIME_SCALE"], let value = Int(text), value >= 1 else { return 1 }
        return value
    }()

    /// `duration`, stretched by ``scale``.
    public static func bound(_ duration: Duration) -> Duration { duration * scale }

    /// `milliseconds`, stretched by ``scale`` (for `delay_ms` and interval attributes).
    public static func milliseconds(_ milliseconds: Int) -> Int { milliseconds * scale }
}
