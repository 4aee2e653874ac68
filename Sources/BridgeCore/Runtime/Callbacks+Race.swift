extension Callbacks {
    /// Runs every operation concurrently; the first to succeed wins and the others are
    /// cancelled. Hedged requests and "first healthy replica" lookups are built on this.
    ///
    /// Throws the last failure (a ``BridgeError``) when all fail, `INVALID_ARGUMENT` when there
    /// is no operation, and `DEADLINE_EXCEEDED` when `timeout` passes first (see
    /// ``withTimeout(_:_:)``). Without a timeout, `race` returns once the losers have
    /// acknowledged their cancellation, so none outlives the call.
    public static func race<T: Sendable>(timeout: Duration? = nil,
                                         _ operations: [@Sendable () async throws -> T]) async throws -> T {
        guard !operations.isEmpty else {
            throw BridgeError.invalidArgument("race needs at least one operation")
        }
        if let timeout {
            return try await withTimeout(timeout) { try await firstSuccess(of: operations) }
        }
        return try await firstSuccess(of: operations)
    }

    private static func firstSuccess<T: Sendable>(of operations: [@Sendable () async throws -> T]) async throws -> T {
        let winner = await withTaskGroup(of: Result<T, BridgeError>.self) { group -> Result<T, BridgeError> in
            for operation in operations {
                group.addTask { await capture(operation) }
            }
            var lastFailure = BridgeError.internal("race finished without a result")
            while let result = await group.next() {
                switch result {
                case .success:
                    group.cancelAll()
                    return result
                case .failure(let error):
                    lastFailure = error
                }
            }
            return .failure(lastFailure)
        }
        return try winner.get()
    }
}
