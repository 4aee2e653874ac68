/// The page's tables: the summary (what ran, counts, throughput, percentiles) and the errors.
enum SummaryTable {
    private static func header(_ runs: [LoadRunRecord], colors: [String], first: String, ratio: Bool) -> String {
        var out = "<thead><tr><th>\(Format.escape(first))</th>"
        for (run, color) in zip(runs, colors) {
            out += "<th><span class=\"swatch\" style=\"background:\(color)\"></span>\(Format.escape(run.label))</th>"
        }
        if ratio { out += "<th title=\"second run divided by the first\">2nd ÷ 1st</th>" }
        return out + "</tr></thead>"
    }

    private static func row(_ name: String, _ cells: [String], ratio: String? = nil, cssClass: String = "", rowClass: String = "") -> String {
        var out = rowClass.isEmpty ? "<tr>" : "<tr class=\"\(rowClass)\">"
        out += "<td>\(Format.escape(name))</td>"
        for cell in cells { out += "<td class=\"num \(cssClass)\">\(Format.escape(cell))</td>" }
        if let ratio { out += "<td class=\"num\">\(Format.escape(ratio))</td>" }
        return out + "</tr>"
    }

    /// "×1.84" when there are exactly two runs and both values are positive; "" otherwise.
    private static func ratio(_ values: [Double], _ enabled: Bool) -> String? {
        guard enabled else { return nil }
        guard values.count == 2, values[0] > 0, values[1] > 0 else { return "–" }
        let r = values[1] / values[0]
        return "×" + Format.fixed(r, r >= 100 ? 0 : (r >= 10 ? 1 : 2))
    }

    static func summary(_ runs: [LoadRunRecord], colors: [String]) -> String {
        let compare = runs.count == 2
        let summaries = runs.map { LatencySummary($0.latency) }
        var out = "<table class=\"summary\">" + header(runs, colors: colors, first: "", ratio: compare) + "<tbody>"
        out += row("transport / mode", runs.map { "\($0.transport) / \($0.mode)" }, ratio: compare ? "" : nil)
        out += row("concurrency", runs.map { Format.grouped($0.concurrency) }, ratio: compare ? "" : nil)
        if runs.contains(where: { !$0.started.isEmpty }) {
            out += row("started", runs.map { $0.started.isEmpty ? "–" : $0.started }, ratio: compare ? "" : nil)
        }
        out += row("calls", runs.map { Format.grouped($0.requests) }, ratio: ratio(runs.map { Double($0.requests) }, compare), rowClass: "sep")
        out += row("succeeded", runs.map { Format.grouped($0.succeeded) }, ratio: ratio(runs.map { Double($0.succeeded) }, compare))
        out += "<tr><td>errors</td>"
        for run in runs {
            let share = run.requests > 0 ? " (" + Format.percent(Double(run.failed) / Double(run.requests), decimals: 2) + ")" : ""
            out += "<td class=\"num \(run.failed > 0 ? "bad" : "good")\">\(Format.grouped(run.failed))\(Format.escape(share))</td>"
        }
        out += compare ? "<td class=\"num\"></td></tr>" : "</tr>"
        if runs.contains(where: { $0.lost != nil }) {
            out += "<tr><td title=\"webhook mode: accepted (202) and never answered\">lost (accepted, never answered)</td>"
            for run in runs {
                if let lost = run.lost { out += "<td class=\"num \(lost > 0 ? "bad" : "good")\">\(Format.grouped(lost))</td>" } else { out += "<td class=\"num\">–</td>" }
            }
            out += compare ? "<td class=\"num\"></td></tr>" : "</tr>"
        }
        out += row("duration", runs.map { Format.trimmed($0.durationSeconds, 2) + " s" }, ratio: ratio(runs.map(\.durationSeconds), compare))
        out += row("throughput (ok/s)", runs.map { Format.grouped(Int($0.throughput.rounded())) }, ratio: ratio(runs.map(\.throughput), compare))
        out += row("latency mean", zip(runs, summaries).map { $0.latency.isEmpty ? "–" : Format.latency(micros: $1.mean) },
                   ratio: ratio(summaries.map(\.mean), compare), rowClass: "sep")
        for (index, quantile) in LatencySummary.quantiles.enumerated() {
            out += row(quantile.name, zip(runs, summaries).map { $0.latency.isEmpty ? "–" : Format.latency(micros: Double($1.percentiles[index])) },
                       ratio: ratio(summaries.map { Double($0.percentiles[index]) }, compare))
        }
        out += row("max", zip(runs, summaries).map { $0.latency.isEmpty ? "–" : Format.latency(micros: Double($1.max)) },
                   ratio: ratio(summaries.map { Double($0.max) }, compare))
        return out + "</tbody></table>"
    }

    /// Error counts by status and run, with a bar for each run's share of its calls.
    static func errors(_ runs: [LoadRunRecord], colors: [String]) -> String {
        let codes = Set(runs.flatMap(\.errors.keys)).sorted()
        guard !codes.isEmpty else { return "<p class=\"none\">No errors in \(runs.count == 1 ? "the run" : "any run").</p>" }
        var out = "<table class=\"errors\">" + header(runs, colors: colors, first: "status", ratio: false) + "<tbody>"
        for code in codes {
            out += "<tr><td>\(Format.escape(code))</td>"
            for run in runs {
                let count = run.errors[code, default: 0]
                let share = run.requests > 0 ? Double(count) / Double(run.requests) : 0
                let bar = count > 0 ? "<span class=\"bar\" style=\"width:\(Format.trimmed(max(2, share * 160), 1))px\"></span>" : ""
                out += "<td class=\"num\(count > 0 ? " bad" : "")\">\(bar)\(Format.grouped(count)) (\(Format.percent(share, decimals: 2)))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}
