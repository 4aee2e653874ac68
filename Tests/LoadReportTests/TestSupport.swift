import BridgeTestSupport
@testable import LoadReport

/// The shared seeded generator (BridgeTestSupport).
typealias SplitMix64 = SeededGenerator

/// Latencies spread over many decades, as a log-uniform draw from 1 µs to about 10 s.
func randomLatencies(count: Int, seed: UInt64) -> [UInt64] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in
        let exponent = Double.random(in: 0..<7, using: &generator)
        return UInt64(Math.exp10(exponent))
    }
}

/// A run with samples, errors and a timeline, for the page tests.
func sampleRun(label: String, mode: String = "async", count: Int = 5_000, seed: UInt64 = 1, errorEvery: Int = 0,
               seconds: Double = 3) -> LoadRunRecord {
    var run = LoadRunRecord(label: label, transport: "tcp", mode: mode, concurrency: 16, started: "2026-01-01T00:00:00Z",
                            durationSeconds: seconds)
    var generator = SplitMix64(seed: seed)
    for index in 0..<count {
        let at = UInt64(Double(index) / Double(count) * seconds * 1e6)
        if errorEvery > 0 && index % errorEvery == 0 {
            run.recordFailure(code: index % (errorEvery * 2) == 0 ? "UNAVAILABLE" : "DEADLINE_EXCEEDED", atMicros: at)
        } else {
            run.recordSuccess(latencyMicros: 200 + UInt64(Double.random(in: 0..<3, using: &generator) * 1_000), atMicros: at)
        }
    }
    return run
}

/// Checks that every tag in an HTML page (or an SVG fragment) is closed in order, allowing
/// HTML's void elements; returns the first problem, or nil.
func tagBalanceProblem(_ markup: String) -> String? {
    let voidElements: Set<String> = ["meta", "br", "img", "input", "link", "hr"]
    var stack: [String] = []
    var rest = markup[...]
    while let open = rest.firstIndex(of: "<") {
        guard let close = rest[open...].firstIndex(of: ">") else { return "unterminated tag at \(rest[open...].prefix(40))" }
        let tag = rest[rest.index(after: open)..<close]
        rest = rest[rest.index(after: close)...]
        if tag.hasPrefix("!") { continue }
        let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" })
        if tag.hasPrefix("/") {
            let closing = String(tag.dropFirst())
            guard let last = stack.popLast() else { return "</\(closing)> with nothing open" }
            guard last == closing else { return "</\(closing)> closes <\(last)>" }
        } else if tag.hasSuffix("/") || voidElements.contains(name) {
            continue
        } else {
            guard !name.isEmpty else { return "empty tag name" }
            stack.append(name)
        }
    }
    return stack.isEmpty ? nil : "left open: \(stack)"
}

/// Every value of a coordinate or path attribute in `markup`, with its name.
func numericAttributes(_ markup: String) -> [(name: String, value: String)] {
    let names: Set<String> = ["x", "y", "x1", "x2", "y1", "y2", "width", "height", "d", "viewBox", "stroke-width"]
    var found: [(String, String)] = []
    var rest = markup[...]
    while let equals = rest.range(of: "=\"") {
        let nameStart = rest[..<equals.lowerBound].lastIndex(of: " ").map { rest.index(after: $0) } ?? equals.lowerBound
        let name = String(rest[nameStart..<equals.lowerBound])
        guard let end = rest[equals.upperBound...].firstIndex(of: "\"") else { break }
        if names.contains(name) { found.append((name, String(rest[equals.upperBound..<end]))) }
        rest = rest[rest.index(after: end)...]
    }
    return found
}

/// The `<svg>...</svg>` fragments of a page.
func svgFragments(_ page: String) -> [String] {
    var fragments: [String] = []
    var rest = page[...]
    while let start = rest.range(of: "<svg"), let end = rest[start.lowerBound...].range(of: "</svg>") {
        fragments.append(String(rest[start.lowerBound..<end.upperBound]))
        rest = rest[end.upperBound...]
    }
    return fragments
}
