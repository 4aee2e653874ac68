/// Why a `--rate-limit` value was refused: the text as given and what is wrong with it.
public struct RateLimitSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The flag value as given.
    public var text: String
    /// What is wrong, e.g. `request count must be at least 1`.
    public var problem: String

    /// An error saying `text` was refused because of `problem`.
    public init(_ text: String, _ problem: String) {
        self.text = text
        self.problem = problem
    }

    public var description: String {
        "invalid rate limit \"\(text)\": \(problem) (expected N/SECONDS, e.g. 100/1 or 5/0.5)"
    }
}
