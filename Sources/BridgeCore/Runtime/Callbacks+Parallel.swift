extension Callbacks {
    /// Runs every operation concurrently, at most `maxConcurrency` at a time (all at once when
    /// nil), and returns every result in input order: one failure does not hide the others.
    ///
    /// Operations still waiting when the calling task is cancelled are not started; they report
    /// `CANCELLED`. Those already running see the cancellation through their task.
    public static func parallel<T: Sendable>(_ operations: [@Sendable () async throws -> T],
                                             maxConcurrency: Int? = nil) async -> [Result<T, BridgeError>] {
        guard !operations.isEmpty else { return [] }
        let limit = min(max(1, maxConcurrency ?? operations.count), operations.count)
        var results = [Result<T, BridgeError>](repeating: .failure(.cancelled("operation not started")),
                                               count: operations.count)
        await withTaskGroup(of: (Int, Result<T, BridgeError>).self) { group in
            var nextIndex = 0
            func startNext() {
                guard nextIndex < operations.count, !Task.isCancelled else { return }
                let index = nextIndex
                let operation = operations[index]
                nextIndex += 1
                group.addTask { (index, await capture(operation)) }
            }
            while nextIndex < limit { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
        }
        return results
    }
}
