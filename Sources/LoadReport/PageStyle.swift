/// Colours and the page's inline stylesheet.
enum Palette {
    static let runs = ["#2563eb", "#ea580c", "#059669", "#9333ea", "#0891b2", "#ca8a04"]
    static let error = "#dc2626"

    static func color(_ index: Int) -> String { runs[index % runs.count] }
}

enum PageStyle {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f1f5f9; color: #0f172a;
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
        main { max-width: 1360px; margin: 0 auto; padding: 24px 28px 40px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 10px; }
        .sub { color: #475569; margin: 0 0 14px; }
        .runs { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 0; padding: 0; list-style: none; }
        .runs li { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 6px 10px; }
        .meta { color: #64748b; font-weight: 400; margin-left: 6px; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
        .grid { display: grid; gap: 14px; }
        .card { background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; padding: 10px 12px 6px; margin: 0; min-width: 0; }
        .card figcaption { font-weight: 600; margin-bottom: 2px; }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        svg .plot { fill: #fff; }
        svg .grid { stroke: #e2e8f0; stroke-width: 1; }
        svg .grid.minor { stroke: #f1f5f9; }
        svg .axis { stroke: #64748b; stroke-width: 1; }
        svg .tick { font-size: 11px; fill: #475569; }
        svg .label { font-size: 12px; fill: #334155; }
        svg .legend-text { font-size: 12px; fill: #1e293b; }
        svg .swatch { stroke-width: 3; }
        svg .marker { stroke: #0f172a; stroke-width: 1; stroke-dasharray: 3 3; }
        svg .marker-text { font-size: 11px; fill: #0f172a; }
        svg .guide { stroke: #94a3b8; stroke-width: 1; stroke-dasharray: 2 4; }
        svg .guide-text { font-size: 10px; fill: #64748b; }
        svg .empty { font-size: 14px; fill: #94a3b8; }
        table { border-collapse: collapse; background: #fff; border: 1px solid #e2e8f0; border-radius: 10px; overflow: hidden; }
        th, td { padding: 5px 14px; border-bottom: 1px solid #f1f5f9; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; color: #334155; }
        thead th { background: #f8fafc; font-weight: 600; border-bottom: 1px solid #e2e8f0; }
        tr.sep td { border-top: 2px solid #e2e8f0; }
        td.num { font-variant-numeric: tabular-nums; }
        td.bad { color: #b91c1c; font-weight: 600; }
        td.good { color: #047857; }
        .bar { display: inline-block; height: 10px; background: #dc2626; border-radius: 2px; margin-right: 8px; vertical-align: 0; }
        .none { color: #047857; background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 8px 12px; display: inline-block; }
        footer { color: #64748b; font-size: 12px; margin-top: 28px; max-width: 980px; }
        """
}
