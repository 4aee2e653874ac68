/// The cumulative distribution of latency: for each latency, the share of calls answered at
/// least that fast. Every run on one chart, on the histogram's log latency axis.
enum CDFChart {
    /// Points (latency µs, cumulative share), rising through each bucket from its lower to its
    /// upper bound.
    static func points(_ histogram: LatencyHistogram) -> [(x: Double, y: Double)] {
        let total = Double(max(1, histogram.totalCount))
        var seen = 0
        var points: [(x: Double, y: Double)] = []
        for bucket in histogram.nonEmptyBuckets {
            if points.isEmpty { points.append((Double(max(1, bucket.lower)), 0)) }
            seen += bucket.count
            points.append((Double(max(1, bucket.upper)), Double(seen) / total))
        }
        return points
    }

    static func svg(_ runs: [LoadRunRecord], colors: [String], domain: (low: Double, high: Double), wide: Bool) -> String {
        var frame = ChartFrame()
        if wide { frame.width = 1280; frame.height = 340 }
        let x = Scale.log(domain.low, domain.high, to: frame.xRange)
        let y = Scale.linear(0, 1, to: frame.yRange)
        var content = ""
        for guide in [0.5, 0.9, 0.99] {
            content += SVG.line(x1: frame.plotLeft, y1: y(guide), x2: frame.plotRight, y2: y(guide), "guide")
            content += SVG.text(Format.percent(guide, decimals: 0), x: frame.plotLeft + 4, y: y(guide) - 4, cssClass: "guide-text")
        }
        for (run, color) in zip(runs, colors) {
            var path = SVGPath()
            for point in points(run.latency) { path.line(x(point.x), y(point.y)) }
            content += SVG.path(path, stroke: color, width: 2.5)
        }
        let legend = zip(runs, colors).map { ChartFrame.LegendEntry(label: $0.label, color: $1) }
        return frame.svg(title: "Latency CDF", x: x, xTicks: x.ticks { Format.latencyTick(micros: $0) }, xLabel: "latency (log scale)",
                         y: y, yTicks: y.ticks(target: 5) { Format.percent($0, decimals: 0) }, yLabel: "calls at or below",
                         legend: legend, content: content)
    }
}
