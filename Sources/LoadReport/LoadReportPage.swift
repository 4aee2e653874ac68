/// One self-contained HTML page for one or more load runs: inline CSS, hand-written inline SVG,
/// no script and nothing fetched. With two or more runs, each chart kind is drawn once per run,
/// side by side on the same axes, and the CDF overlays them all.
public enum LoadReportPage {
    /// The whole HTML document for `runs` (one run, or several side by side), titled `title`.
    public static func render(runs: [LoadRunRecord], title: String = "bridge load report") -> String {
        let colors = runs.indices.map(Palette.color)
        let columns = runs.count <= 1 ? 2 : min(runs.count, 3)
        let latencyDomain = HistogramChart.latencyDomain(runs)
        let shareCeiling = HistogramChart.shareCeiling(runs)
        let timeCeiling = TimelineChart.timeCeiling(runs)
        let stepMicros = TimelineChart.stepMicros(runs)
        let rateCeiling = TimelineChart.rateCeiling(runs, stepMicros: stepMicros)
        let overTimeDomain = TimelineChart.latencyDomain(runs, stepMicros: stepMicros)

        var body = "<h1>\(Format.escape(title))</h1>"
        body += "<p class=\"sub\">\(runs.count == 1 ? "One run" : "\(runs.count) runs, side by side on the same axes")</p>"
        body += runList(runs, colors: colors)
        guard !runs.isEmpty else { return document(title: title, body: body + "<p class=\"none\">No runs.</p>") }

        body += "<h2>Summary</h2>" + SummaryTable.summary(runs, colors: colors)

        // One run: each card is named for its chart; several: for its run, under the chart's heading.
        let single = runs.count == 1
        let histograms = zip(runs, colors).map { run, color in
            card(run, color: color, chart: single ? "Latency histogram" : nil, HistogramChart.svg(run, color: color, domain: latencyDomain, shareCeiling: shareCeiling))
        }
        let cdf = "<figure class=\"card\"><figcaption>Latency CDF\(runs.count > 1 ? " <span class=\"meta\">all runs</span>" : "")</figcaption>"
            + CDFChart.svg(runs, colors: colors, domain: latencyDomain, wide: runs.count > 1) + "</figure>"
        let throughput = zip(runs, colors).map { run, color in
            card(run, color: color, chart: single ? "Throughput over time" : nil, TimelineChart.throughputSVG(run, color: color, stepMicros: stepMicros, timeCeiling: timeCeiling, rateCeiling: rateCeiling))
        }
        let latencyOverTime = zip(runs, colors).map { run, color in
            card(run, color: color, chart: single ? "Latency over time" : nil, TimelineChart.latencySVG(run, color: color, stepMicros: stepMicros, timeCeiling: timeCeiling, domain: overTimeDomain))
        }

        if single {
            body += "<h2>Latency distribution</h2>" + grid([histograms[0], cdf], columns: 2)
            body += "<h2>Over time</h2>" + grid([throughput[0], latencyOverTime[0]], columns: 2)
        } else {
            body += "<h2>Latency histogram</h2>" + grid(histograms, columns: columns)
            body += "<h2>Latency CDF</h2>" + cdf
            body += "<h2>Throughput over time</h2>" + grid(throughput, columns: columns)
            body += "<h2>Latency over time <span class=\"meta\">(mean and max per step)</span></h2>" + grid(latencyOverTime, columns: columns)
        }
        body += "<h2>Errors</h2>" + SummaryTable.errors(runs, colors: colors)
        body += footer
        return document(title: title, body: body)
    }

    private static func runList(_ runs: [LoadRunRecord], colors: [String]) -> String {
        var out = "<ul class=\"runs\">"
        for (run, color) in zip(runs, colors) {
            out += "<li><span class=\"swatch\" style=\"background:\(color)\"></span>\(Format.escape(run.label))"
            out += "<span class=\"meta\">\(Format.escape("\(run.transport) · \(run.mode) · concurrency \(run.concurrency) · \(Format.grouped(run.requests)) calls"))</span></li>"
        }
        return out + "</ul>"
    }

    /// A chart in a card, captioned with `chart` when given, else with the run's label.
    private static func card(_ run: LoadRunRecord, color: String, chart: String?, _ svg: String) -> String {
        let caption = chart.map { Format.escape($0) }
            ?? "<span class=\"swatch\" style=\"background:\(color)\"></span>\(Format.escape(run.label))"
            + "<span class=\"meta\">\(Format.escape("\(run.transport) · \(run.mode)"))</span>"
        return "<figure class=\"card\"><figcaption>\(caption)</figcaption>\(svg)</figure>"
    }

    private static func grid(_ cells: [String], columns: Int) -> String {
        "<div class=\"grid\" style=\"grid-template-columns:repeat(\(columns),minmax(0,1fr))\">" + cells.joined() + "</div>"
    }

    private static let footer = """
        <footer>Latency is the time from sending a call to its answer (in webhook mode, to the signed webhook's \
        arrival), for calls that succeeded. Percentiles come from a log-linear histogram: exact below 256 µs, \
        otherwise at most 0.8% above the true value. Throughput counts successful calls per step; a step cut \
        short by the end of the run is rated over the time it covers. Drawn without script or network: the page \
        is one file.</footer>
        """

    private static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Format.escape(title))</title>
        <style>
        \(PageStyle.css)
        </style>
        </head>
        <body><main>
        \(body)
        </main></body>
        </html>

        """
    }
}
