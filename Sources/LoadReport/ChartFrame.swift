/// The box every chart draws in: its size, the plot area inside the margins, the axes with
/// their ticks, grid lines and labels, and a legend. Content is drawn by the chart itself.
struct ChartFrame {
    var width = 640.0
    var height = 300.0
    var left = 64.0, right = 18.0, top = 30.0, bottom = 46.0

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    var xRange: (Double, Double) { (plotLeft, plotRight) }
    /// Bottom to top, so larger values sit higher.
    var yRange: (Double, Double) { (plotBottom, plotTop) }

    struct LegendEntry {
        let label: String
        let color: String
        var dashed = false
    }

    /// The whole `<svg>`: grid and axes first, then `content`, then the legend on top.
    func svg(title: String, x: Scale, xTicks: [Tick], xLabel: String, y: Scale, yTicks: [Tick], yLabel: String,
             legend: [LegendEntry] = [], content: String) -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(SVG.number(width)) \(SVG.number(height))\""
        out += " role=\"img\" class=\"chart\"><title>\(Format.escape(title))</title>"
        out += "<rect x=\"\(SVG.number(plotLeft))\" y=\"\(SVG.number(plotTop))\" width=\"\(SVG.number(plotRight - plotLeft))\""
        out += " height=\"\(SVG.number(plotBottom - plotTop))\" class=\"plot\"/>"
        for tick in yTicks {
            let py = y(tick.value)
            out += SVG.line(x1: plotLeft, y1: py, x2: plotRight, y2: py, tick.label == nil ? "grid minor" : "grid")
            if let label = tick.label { out += SVG.text(label, x: plotLeft - 6, y: py + 4, anchor: "end") }
        }
        for tick in xTicks {
            let px = x(tick.value)
            out += SVG.line(x1: px, y1: plotTop, x2: px, y2: plotBottom, tick.label == nil ? "grid minor" : "grid")
            out += SVG.line(x1: px, y1: plotBottom, x2: px, y2: plotBottom + 4, "axis")
            if let label = tick.label { out += SVG.text(label, x: px, y: plotBottom + 17, anchor: "middle") }
        }
        out += SVG.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, "axis")
        out += SVG.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, "axis")
        out += SVG.text(xLabel, x: (plotLeft + plotRight) / 2, y: height - 8, anchor: "middle", cssClass: "label")
        out += SVG.text(yLabel, x: 14, y: (plotTop + plotBottom) / 2, anchor: "middle", cssClass: "label",
                        extra: [("transform", "rotate(-90 14 \(SVG.number((plotTop + plotBottom) / 2)))")])
        out += content
        out += legendSVG(legend)
        return out + "</svg>"
    }

    /// Entries in a row above the plot, right-aligned.
    private func legendSVG(_ entries: [LegendEntry]) -> String {
        guard !entries.isEmpty else { return "" }
        var out = "<g class=\"legend\">"
        // Roughly 7 units a character at the legend's font size, generous so entries never touch.
        let widths = entries.map { 36 + Double($0.label.count) * 7 }
        var x = max(plotLeft, plotRight - widths.reduce(0, +))
        for (entry, entryWidth) in zip(entries, widths) {
            out += SVG.line(x1: x, y1: 15, x2: x + 18, y2: 15, "swatch",
                            extra: [("stroke", entry.color)] + (entry.dashed ? [("stroke-dasharray", "4 3")] : []))
            out += SVG.text(entry.label, x: x + 22, y: 19, cssClass: "legend-text")
            x += entryWidth
        }
        return out + "</g>"
    }
}
