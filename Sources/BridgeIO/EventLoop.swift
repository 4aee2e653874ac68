import CBridgeSystem
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Something registered with an event loop's epoll set.
protocol Selectable: AnyObject {
    /// Called on the loop thread with the epoll event bits.
    func handleEvents(_ events: UInt32)
}

/// One thread running `epoll_wait`: it alone touches its sockets, buffers, timers and the
/// state machines driving them, so that state needs no locks.
///
/// Confinement rule (stated once, here): every method except ``execute(_:)``,
/// ``inEventLoop`` and ``shutdown()`` must be called on the loop's own thread. That is what
/// makes the `@unchecked Sendable` below sound; other threads hand work over with
/// ``execute(_:)`` (a mutex-guarded queue plus an `eventfd` wake-up).
public final class EventLoop: @unchecked Sendable, CustomStringConvertible {
    /// The loop's name, also its thread's name (`io-0`: the group's name and index), for logs and debuggers.
    public let name: String
    private let epollFD: Int32
    private let wakeFD: Int32
    private let pendingTasks = Locked<[@Sendable () -> Void]>([])
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    // Loop-confined state: only this loop's thread touches it, and no access spans a call out,
    // so the runtime exclusivity checks would only ever pass (see Connection).
    @exclusivity(unchecked) private var registrations: [UInt64: any Selectable] = [:]
    @exclusivity(unchecked) private var nextRegistration: UInt64 = 1
    @exclusivity(unchecked) private var timers = TimerQueue()
    /// Connections that asked to be flushed once the current batch of work is done, so many
    /// answers written in one tick leave in one system call.
    @exclusivity(unchecked) private var deferredFlushes: [Connection] = []
    /// Swift tasks resumed from the loop's own thread (an answer read here resuming the task
    /// awaiting it): queued without a lock or a closure, and run after the tick's I/O.
    @exclusivity(unchecked) private var localJobs: [UnownedJob] = []
    /// The lists being run, swapped with the live ones each tick so none allocates anew.
    @exclusivity(unchecked) private var flushing: [Connection] = []
    @exclusivity(unchecked) private var runningJobs: [UnownedJob] = []
    @exclusivity(unchecked) private var runningTasks: [@Sendable () -> Void] = []
    /// Scratch space for reads: one per loop, so idle connections hold no read buffer.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// The monotonic time when the loop last woke up: what connection activity is stamped
    /// with, so a busy loop reads the clock once per wake-up rather than once per read.
    /// Read it on the loop.
    @exclusivity(unchecked) public private(set) var tickNanos: UInt64 = MonotonicTime.nanoseconds()
    /// Idle and stall timeouts for this loop's accepted connections (created on first use).
    private(set) lazy var watchdog = ConnectionWatchdog(loop: self)

    static let readBufferSize = 64 * 1024
    /// Resumed tasks run before the one early flush of a tick (see `runPendingTasks`).
    static let jobsBeforeEarlyFlush = 16
    private static let wakeRegistration: UInt64 = 0

    /// Creates a loop and starts its thread.
    public init(name: String) throws(IOError) {
        cb_ignore_sigpipe()
        self.name = name
        let epollFD = cb_epoll_create()
        guard epollFD >= 0 else { throw IOError.current("epoll_create1") }
        let wakeFD = cb_eventfd()
        guard wakeFD >= 0 else {
            let error = IOError.current("eventfd")
            close(epollFD)
            throw error
        }
        guard cb_epoll_ctl(epollFD, 1, wakeFD, CB_EPOLLIN, Self.wakeRegistration) == 0 else {
            let error = IOError.current("epoll_ctl(eventfd)")
            close(epollFD)
            close(wakeFD)
            throw error
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readBufferSize, alignment: 16)
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        readBuffer.deallocate()
    }

    public var description: String { "EventLoop(\(name))" }

    // MARK: threads

    /// True on this loop's own thread.
    public var inEventLoop: Bool {
        cb_current_loop() == Unmanaged.passUnretained(self).toOpaque()
    }

    /// True on the thread of any event loop: where blocking calls must refuse to wait.
    public static var isOnIOThread: Bool { cb_current_loop() != nil }

    /// The loop running the calling thread, if any.
    public static var current: EventLoop? {
        guard let pointer = cb_current_loop() else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(pointer).takeUnretainedValue()
    }

    /// Runs `task` on the loop thread soon. Safe from any thread.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = pendingTasks.withLock { tasks in
            tasks.append(task)
            return tasks.count == 1
        }
        // On the loop's own thread no wake-up is needed: the loop runs its queue before it
        // next waits, and waits with a zero timeout while the queue is not empty. (Tasks the
        // loop enqueues for itself, such as resumed Swift tasks, would otherwise cost an
        // eventfd write and read per tick.)
        if wasEmpty && !inEventLoop { _ = cb_eventfd_signal(wakeFD) }
    }

    /// Runs `task` now when called on the loop, otherwise hands it over.
    public func executeOrRun(_ task: @escaping @Sendable () -> Void) {
        if inEventLoop { task() } else { execute(task) }
    }

    /// Stops the loop after the tasks already queued, and waits for its thread to end.
    /// Must not be called on the loop itself.
    public func shutdown() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        _ = cb_eventfd_signal(wakeFD)
        if !inEventLoop { finished.wait() }
    }

    // MARK: timers (loop thread only)

    /// Runs `action` on the loop after `delay`.
    @discardableResult
    public func scheduleTimer(after delay: Duration, _ action: @escaping () -> Void) -> TimerID {
        let deadline = MonotonicTime.nanoseconds() &+ delay.nanosecondsClamped
        return timers.schedule(at: deadline, action)
    }

    /// Timers armed and not yet run or cancelled (loop thread only): a client's per-call
    /// timers should come and go with its calls.
    public var pendingTimerCount: Int { timers.count }

    /// Cancels a timer; harmless when it already ran.
    public func cancelTimer(_ timer: TimerID) {
        timers.cancel(timer)
    }

    /// Flushes `connection` at the end of the current tick (loop thread only).
    func flushAtEndOfTick(_ connection: Connection) {
        deferredFlushes.append(connection)
    }

    private func runDeferredFlushes() {
        while !deferredFlushes.isEmpty {
            // Swapped, not copied: a copy and `removeAll(keepingCapacity:)` on the shared
            // buffer allocated a new array every tick (one allocation per call at depth 1).
            swap(&deferredFlushes, &flushing)
            for connection in flushing { connection.flush() }
            flushing.removeAll(keepingCapacity: true)
        }
    }

    // MARK: registration (loop thread only)

    func register(fd: Int32, events: UInt32, _ selectable: any Selectable) throws(IOError) -> UInt64 {
        let id = nextRegistration
        nextRegistration += 1
        guard cb_epoll_ctl(epollFD, 1, fd, events, id) == 0 else { throw IOError.current("epoll_ctl(add)") }
        registrations[id] = selectable
        return id
    }

    func reregister(fd: Int32, registration: UInt64, events: UInt32) {
        _ = cb_epoll_ctl(epollFD, 3, fd, events, registration)
    }

    func deregister(fd: Int32, registration: UInt64) {
        _ = cb_epoll_ctl(epollFD, 2, fd, 0, 0)
        registrations[registration] = nil
    }

    // MARK: the loop

    private func run() {
        cb_set_current_loop(Unmanaged.passUnretained(self).toOpaque())
        let capacity = 256
        var datas = [UInt64](repeating: 0, count: capacity)
        var events = [UInt32](repeating: 0, count: capacity)
        while !stopped.load(ordering: .acquiring) {
            let count = datas.withUnsafeMutableBufferPointer { datasPointer in
                events.withUnsafeMutableBufferPointer { eventsPointer in
                    cb_epoll_wait(epollFD, datasPointer.baseAddress, eventsPointer.baseAddress,
                                  Int32(capacity), waitTimeout())
                }
            }
            tickNanos = MonotonicTime.nanoseconds()
            if count > 0 {
                for index in 0..<Int(count) {
                    let registration = datas[index]
                    if registration == Self.wakeRegistration {
                        cb_eventfd_drain(wakeFD)
                    } else if let selectable = registrations[registration] {
                        selectable.handleEvents(events[index])
                    }
                }
            }
            runPendingTasks(readyDescriptors: Int(max(count, 0)))
            runDueTimers()
            runDeferredFlushes()
        }
        runPendingTasks(readyDescriptors: 0)
        cb_set_current_loop(nil)
        close(epollFD)
        close(wakeFD)
        finished.signal()
    }

    private func waitTimeout() -> Int32 {
        if !localJobs.isEmpty || !pendingTasks.withLock({ $0.isEmpty }) { return 0 }
        guard let deadline = timers.earliestDeadline() else { return -1 }
        let now = MonotonicTime.nanoseconds()
        if deadline <= now { return 0 }
        let milliseconds = (deadline - now + 999_999) / 1_000_000
        return Int32(min(milliseconds, 60_000))
    }

    /// Runs queued closures, then the Swift jobs queued on the loop; `readyDescriptors` is how
    /// many descriptors the tick's `epoll_wait` reported.
    private func runPendingTasks(readyDescriptors: Int) {
        pendingTasks.withLock { swap(&$0, &runningTasks) }
        for task in runningTasks { task() }
        runningTasks.removeAll(keepingCapacity: true)
        guard !localJobs.isEmpty else { return }
        swap(&localJobs, &runningJobs)
        let executor = asUnownedTaskExecutor()
        for (index, job) in runningJobs.enumerated() {
            job.runSynchronously(on: executor)
            // Tasks resumed by one read each queue their next request: the first few leave
            // now, so the peer starts on them while the rest are made (the async style's
            // counterpart of a client's `Connection.writeEarly`). Without it, one connection's
            // batch went back and forth whole (64 async calls on one connection: 0.52x of
            // tcpload's rate, 0.66x of h2load's; with it 1.0x and 1.35x). Once per tick, and
            // only when one descriptor was ready: when several were, the peer has other work
            // already, and the extra write only splits batches.
            if index + 1 == Self.jobsBeforeEarlyFlush && readyDescriptors <= 1 { runDeferredFlushes() }
        }
        runningJobs.removeAll(keepingCapacity: true)
    }

    /// Queues a job from the loop's own thread (see ``enqueue(_:)``).
    func enqueueLocal(_ job: UnownedJob) {
        localJobs.append(job)
    }

    private func runDueTimers() {
        let now = MonotonicTime.nanoseconds()
        for action in timers.popDue(now: now) { action() }
    }
}
