import BridgeIO
import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writes log lines to a file descriptor from a thread of its own, so an event loop never
/// blocks on a slow or full stderr (a pipe nobody reads). Lines queue up to `capacity`; past
/// that they are dropped and counted, and the count is written once there is room again.
public final class LogWriter: Sendable {
    private struct Queue {
        var lines: [String] = []
        var dropped = 0
    }

    private let fd: Int32
    private let capacity: Int
    private let queue = Locked(Queue())
    private let wakeUp = DispatchSemaphore(value: 0)

    /// Standard error, for every logger in the process.
    public static let standardError = LogWriter(fd: 2)

    /// A writer to `fd` that queues at most `capacity` lines. Starts its thread, and ignores
    /// SIGPIPE for the process so a reader that goes away costs lines, not the process.
    public init(fd: Int32, capacity: Int = 10_000) {
        // A reader that goes away must cost log lines, not the process (EPIPE, not SIGPIPE).
        signal(SIGPIPE, SIG_IGN)
        self.fd = fd
        self.capacity = capacity
        let thread = Thread { [self] in self.run() }
        thread.name = "ipcbridge-log"
        thread.start()
    }

    /// Queues a line (without its newline); never blocks.
    public func write(_ line: String) {
        let queued = queue.withLock { queue -> Bool in
            guard queue.lines.count < capacity else {
                queue.dropped += 1
                return false
            }
            queue.lines.append(line)
            return true
        }
        if queued { wakeUp.signal() }
    }

    private func run() {
        while true {
            wakeUp.wait()
            let (lines, dropped) = queue.withLock { queue -> ([String], Int) in
                defer { queue = Queue() }
                return (queue.lines, queue.dropped)
            }
            var text = lines.joined(separator: "\n")
            if !lines.isEmpty { text += "\n" }
            if dropped > 0 { text += "level=error msg=\"log lines dropped: the log output was not keeping up\" dropped=\(dropped)\n" }
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
                if written > 0 { offset += written } else if written < 0 && errno == EINTR { continue } else { break }
            }
        }
    }
}
