/// An event loop can run Swift tasks: `withTaskExecutorPreference(loop) { ... }` keeps the
/// tasks started inside on the loop's thread.
///
/// Why: an `await bridge.call(...)` is resumed by the loop thread that read the answer. With the
/// default executor that resume wakes a thread of the global pool, a context switch per call,
/// which on a busy or pinned core costs more than the call itself. With the loop as the task's
/// executor the resumed task runs on that same thread at the end of the loop's tick, with no
/// wake-up at all. Code in such a task must not block (no blocking calls, no long loops): it
/// holds up every connection on the loop, exactly like a connection handler would.
extension EventLoop: TaskExecutor {
    /// Runs `job` on the loop thread, after the I/O of the current tick. A job enqueued on the
    /// loop itself (the usual case: the loop read an answer and resumes the task awaiting it)
    /// skips ``execute(_:)``'s lock and closure.
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if inEventLoop {
            enqueueLocal(job)
        } else {
            execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }
}
