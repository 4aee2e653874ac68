// TEMPORARY: replaced by the real callback runtime.
import Dispatch
public struct CallbackOutcome<Value: Sendable>: Sendable {
    public var result: Result<Value, BridgeError>
    public var duration: Duration
}
public final class CallbackContext: Sendable {}
public final class CallbackPool: Sendable {
    public static let shared = CallbackPool()
    @discardableResult
    public func submit(timeout: Duration? = nil, _ body: @escaping @Sendable (CallbackContext) throws -> Void) -> Int {
        DispatchQueue.global().async { try? body(CallbackContext()) }
        return 0
    }
    public func run<T: Sendable>(timeout: Duration? = nil, _ body: @escaping @Sendable (CallbackContext) throws -> T) async -> CallbackOutcome<T> {
        do { return CallbackOutcome(result: .success(try body(CallbackContext())), duration: .zero) }
        catch { return CallbackOutcome(result: .failure(BridgeError(wrapping: error)), duration: .zero) }
    }
}
