import CBridgeSystem
import Synchronization

/// A fixed set of event loops, handed out round-robin.
public final class EventLoopGroup: Sendable {
    /// Every loop of the group, each with its own thread.
    public let loops: [EventLoop]
    private let nextIndex = Atomic<Int>(0)

    /// Starts `threads` loops (default: one per CPU this process may use).
    public init(threads: Int = EventLoopGroup.defaultThreadCount, name: String = "io") throws(IOError) {
        var loops: [EventLoop] = []
        for index in 0..<max(1, threads) {
            loops.append(try EventLoop(name: "\(name)-\(index)"))
        }
        self.loops = loops
    }

    /// One loop per CPU in this process's affinity mask (so `taskset -c 0` gives one).
    public static var defaultThreadCount: Int { Int(cb_cpu_count()) }

    /// The process-wide group bridges use unless given one: created on first use, never shut down.
    public static let shared: EventLoopGroup = {
        do {
            return try EventLoopGroup(name: "bridge-io")
        } catch {
            // Without an event loop nothing can work; there is no caller to report to here.
            preconditionFailure("IPCBridge could not start its event loop: \(error)")
        }
    }()

    /// The next loop, round-robin.
    public func next() -> EventLoop {
        let index = nextIndex.add(1, ordering: .relaxed).oldValue
        return loops[index % loops.count]
    }

    /// Stops every loop and waits for their threads.
    public func shutdown() {
        for loop in loops { loop.shutdown() }
    }
}
