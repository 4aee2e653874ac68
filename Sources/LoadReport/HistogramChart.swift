/// The latency histogram: the share of calls in each of twenty log-spaced bins per decade, on a
/// log latency axis, with p50 and p99 marked. Runs drawn side by side share both axes.
enum HistogramChart {
    static let binsPerDecade = 20.0

    struct Bin {
        let low: Double
        let high: Double
        let count: Double
    }

    /// The HDR buckets regrouped into log-spaced bins, smallest first. A bucket holds the values
    /// [lower, upper + 1); its count is spread over the bins that range overlaps, in proportion,
    /// so narrow bins over whole-microsecond buckets do not alias into gaps.
    static func bins(_ histogram: LatencyHistogram) -> [Bin] {
        var counts: [Int: Double] = [:]
        for bucket in histogram.nonEmptyBuckets {
            let low = max(1, Double(bucket.lower)), high = max(low + 1, Double(bucket.upper) + 1)
            let first = binIndex(low), last = binIndex(high.nextDown)
            if first == last {
                counts[first, default: 0] += Double(bucket.count)
                continue
            }
            for index in first...last {
                let overlap = min(high, edge(index + 1)) - max(low, edge(index))
                if overlap > 0 { counts[index, default: 0] += Double(bucket.count) * overlap / (high - low) }
            }
        }
        return counts.keys.sorted().map { Bin(low: edge($0), high: edge($0 + 1), count: counts[$0]!) }
    }

    static func binIndex(_ micros: Double) -> Int { Int((Math.lg(max(1, micros)) * binsPerDecade).rounded(.down)) }
    static func edge(_ index: Int) -> Double { Math.exp10(Double(index) / binsPerDecade) }

    /// The latency axis for these runs: whole bins from the smallest value to the largest.
    static func latencyDomain(_ runs: [LoadRunRecord]) -> (low: Double, high: Double) {
        let filled = runs.map(\.latency).filter { !$0.isEmpty }
        guard let low = filled.map(\.minValue).min(), let high = filled.map(\.maxValue).max() else { return (1, 1000) }
        return (edge(binIndex(Double(max(1, low)))), edge(binIndex(Double(max(1, high))) + 1))
    }

    /// The tallest bin's share among these runs, rounded up, for a y axis they share.
    static func shareCeiling(_ runs: [LoadRunRecord]) -> Double {
        let tallest = runs.map { run in
            bins(run.latency).map { $0.count / Double(max(1, run.latency.totalCount)) }.max() ?? 0
        }.max() ?? 0
        return min(1, Scale.niceCeiling(max(tallest, 0.01)))
    }

    static func svg(_ run: LoadRunRecord, color: String, domain: (low: Double, high: Double), shareCeiling: Double) -> String {
        let frame = ChartFrame()
        let x = Scale.log(domain.low, domain.high, to: frame.xRange)
        let y = Scale.linear(0, shareCeiling, to: frame.yRange)
        var content = ""
        let total = Double(max(1, run.latency.totalCount))
        for bin in bins(run.latency) {
            let share = bin.count / total
            let left = x(bin.low) + 0.3, right = x(bin.high) - 0.3
            content += SVG.rect(x: left, y: y(share), width: right - left, height: frame.plotBottom - y(share), fill: color,
                                tooltip: "\(Format.latencyTick(micros: bin.low))–\(Format.latencyTick(micros: bin.high)): "
                                    + "\(Format.grouped(Int(bin.count.rounded()))) calls (\(Format.percent(share, decimals: 2)))")
        }
        if run.latency.isEmpty {
            content += SVG.text("no successful calls", x: (frame.plotLeft + frame.plotRight) / 2, y: (frame.plotTop + frame.plotBottom) / 2,
                                anchor: "middle", cssClass: "empty")
        } else {
            for (name, q) in [("p50", 0.5), ("p99", 0.99)] {
                let px = x(Double(max(1, run.latency.value(atQuantile: q))))
                content += SVG.line(x1: px, y1: frame.plotTop, x2: px, y2: frame.plotBottom, "marker")
                content += SVG.text(name, x: px + 3, y: frame.plotTop + 12, cssClass: "marker-text")
            }
        }
        return frame.svg(title: "Latency histogram: \(run.label)",
                         x: x, xTicks: x.ticks { Format.latencyTick(micros: $0) }, xLabel: "latency (log scale)",
                         y: y, yTicks: y.ticks(target: 5) { Format.percent($0, decimals: 1) }, yLabel: "share of calls",
                         content: content)
    }
}
