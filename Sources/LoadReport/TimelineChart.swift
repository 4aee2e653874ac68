/// Charts over the run's time: calls per second (errors per second in red when there were
/// any), and the mean and largest latency in each step. Intervals are regrouped into steps of
/// one width for all runs, at most `maxSteps` to a chart; runs side by side share both axes.
enum TimelineChart {
    static let maxSteps = 160

    struct Step {
        let start: Double      // seconds since the run started
        let end: Double
        let okPerSecond: Double
        let errorsPerSecond: Double
        let meanLatency: Double?   // µs; nil with no success in the step
        let maxLatency: Double?
    }

    /// One step width for all these runs (so side-by-side charts step alike): the coarsest
    /// run's interval, doubled until `maxSteps` steps cover the longest run.
    static func stepMicros(_ runs: [LoadRunRecord]) -> UInt64 {
        var step = runs.map(\.timeline.intervalMicros).max() ?? 100_000
        let longest = runs.map { max($0.durationSeconds, Double($0.timeline.count) * $0.timeline.intervalSeconds) }.max() ?? 0
        while Double(step) / 1e6 * Double(maxSteps) < longest && step < UInt64.max / 4 { step *= 2 }
        return step
    }

    /// The run's intervals regrouped into steps of `stepMicros`. A step cut short by the end of
    /// the run is rated over the time it covers (at least half a step, so one late answer does
    /// not draw a spike).
    static func steps(_ run: LoadRunRecord, stepMicros: UInt64) -> [Step] {
        let timeline = run.timeline
        guard timeline.count > 0, stepMicros > 0 else { return [] }
        let stepCount = Int((UInt64(timeline.count - 1) * timeline.intervalMicros) / stepMicros) + 1
        var ok = [Int](repeating: 0, count: stepCount), errors = ok
        var latencySum = [Double](repeating: 0, count: stepCount)
        var latencyMax = [UInt64](repeating: 0, count: stepCount)
        for index in 0..<timeline.count {
            let step = Int((UInt64(index) * timeline.intervalMicros) / stepMicros)
            ok[step] += timeline.ok[index]
            errors[step] += timeline.errors[index]
            latencySum[step] += timeline.latencySumMicros[index]
            latencyMax[step] = max(latencyMax[step], timeline.latencyMaxMicros[index])
        }
        let width = Double(stepMicros) / 1e6
        let end = run.durationSeconds > 0 ? run.durationSeconds : Double(stepCount) * width
        return (0..<stepCount).map { step in
            let start = Double(step) * width
            let covered = max(min(start + width, end) - start, width / 2)
            return Step(start: start, end: start + width, okPerSecond: Double(ok[step]) / covered, errorsPerSecond: Double(errors[step]) / covered,
                        meanLatency: ok[step] > 0 ? latencySum[step] / Double(ok[step]) : nil,
                        maxLatency: ok[step] > 0 ? Double(latencyMax[step]) : nil)
        }
    }

    /// The time axis's end for these runs: the longest run.
    static func timeCeiling(_ runs: [LoadRunRecord]) -> Double {
        let longest = runs.map { max($0.durationSeconds, Double($0.timeline.count) * $0.timeline.intervalSeconds) }.max() ?? 0
        return max(longest, 0.1)
    }

    static func rateCeiling(_ runs: [LoadRunRecord], stepMicros: UInt64) -> Double {
        Scale.niceCeiling(max(runs.flatMap { steps($0, stepMicros: stepMicros) }.map { max($0.okPerSecond, $0.errorsPerSecond) }.max() ?? 0, 1))
    }

    static func latencyDomain(_ runs: [LoadRunRecord], stepMicros: UInt64) -> (low: Double, high: Double) {
        let all = runs.flatMap { steps($0, stepMicros: stepMicros) }
        let low = all.compactMap(\.meanLatency).min() ?? 1, high = all.compactMap(\.maxLatency).max() ?? 1000
        return (Scale.logFloor(max(1, low)), Scale.logCeiling(max(2, high)))
    }

    /// A step line through `values` (nil breaks the line).
    private static func stepPath(_ steps: [Step], x: Scale, y: Scale, value: (Step) -> Double?) -> SVGPath {
        var path = SVGPath()
        for step in steps {
            guard let v = value(step) else { path.move(.nan, .nan); continue }
            path.line(x(step.start), y(v))
            path.line(x(step.end), y(v))
        }
        return path
    }

    static func throughputSVG(_ run: LoadRunRecord, color: String, stepMicros: UInt64, timeCeiling: Double, rateCeiling: Double) -> String {
        let frame = ChartFrame()
        let x = Scale.linear(0, timeCeiling, to: frame.xRange)
        let y = Scale.linear(0, rateCeiling, to: frame.yRange)
        let steps = steps(run, stepMicros: stepMicros)
        var area = SVGPath()
        if let first = steps.first, let last = steps.last {
            area.move(x(first.start), y(0))
            for step in steps { area.line(x(step.start), y(step.okPerSecond)); area.line(x(step.end), y(step.okPerSecond)) }
            area.line(x(last.end), y(0))
            area.close()
        }
        var content = SVG.path(area, stroke: "none", fill: color, width: 0, opacity: 0.15)
        content += SVG.path(stepPath(steps, x: x, y: y) { $0.okPerSecond }, stroke: color, width: 1.8)
        var legend = [ChartFrame.LegendEntry(label: "ok/s", color: color)]
        if run.failed > 0 {
            content += SVG.path(stepPath(steps, x: x, y: y) { $0.errorsPerSecond }, stroke: Palette.error, width: 1.8, dash: "5 3")
            legend.append(.init(label: "errors/s", color: Palette.error, dashed: true))
        }
        if steps.isEmpty {
            content += SVG.text("no calls completed", x: (frame.plotLeft + frame.plotRight) / 2, y: (frame.plotTop + frame.plotBottom) / 2,
                                anchor: "middle", cssClass: "empty")
        }
        return frame.svg(title: "Throughput over time: \(run.label)", x: x, xTicks: x.ticks { Format.seconds($0) },
                         xLabel: "seconds since start (steps of \(Format.latencyTick(micros: Double(stepMicros))))", y: y, yTicks: y.ticks(target: 5) { Format.compact($0) },
                         yLabel: "calls per second", legend: legend, content: content)
    }

    static func latencySVG(_ run: LoadRunRecord, color: String, stepMicros: UInt64, timeCeiling: Double,
                           domain: (low: Double, high: Double)) -> String {
        let frame = ChartFrame()
        let x = Scale.linear(0, timeCeiling, to: frame.xRange)
        let y = Scale.log(domain.low, domain.high, to: frame.yRange)
        let steps = steps(run, stepMicros: stepMicros)
        var content = SVG.path(stepPath(steps, x: x, y: y) { $0.maxLatency }, stroke: color, width: 1.2, dash: "4 3")
        content += SVG.path(stepPath(steps, x: x, y: y) { $0.meanLatency }, stroke: color, width: 2.2)
        if steps.allSatisfy({ $0.meanLatency == nil }) {
            content += SVG.text("no successful calls", x: (frame.plotLeft + frame.plotRight) / 2, y: (frame.plotTop + frame.plotBottom) / 2,
                                anchor: "middle", cssClass: "empty")
        }
        return frame.svg(title: "Latency over time: \(run.label)", x: x, xTicks: x.ticks { Format.seconds($0) },
                         xLabel: "seconds since start (steps of \(Format.latencyTick(micros: Double(stepMicros))))", y: y, yTicks: y.ticks { Format.latencyTick(micros: $0) },
                         yLabel: "latency (log scale)",
                         legend: [.init(label: "mean", color: color), .init(label: "max", color: color, dashed: true)], content: content)
    }
}
