/// Builds an SVG path's `d` attribute. Points that are not finite are dropped and break the line,
/// so no NaN or infinity ever reaches the page; coordinates are rounded to a tenth of a unit.
struct SVGPath {
    private(set) var d = ""
    private var penDown = false

    var isEmpty: Bool { d.isEmpty }

    /// Starts a new piece of line at (x, y).
    mutating func move(_ x: Double, _ y: Double) {
        guard x.isFinite, y.isFinite else { penDown = false; return }
        append("M", x, y)
        penDown = true
    }

    /// Draws to (x, y) from the last point, or starts there when the line was broken.
    mutating func line(_ x: Double, _ y: Double) {
        guard x.isFinite, y.isFinite else { penDown = false; return }
        append(penDown ? "L" : "M", x, y)
        penDown = true
    }

    mutating func close() {
        guard penDown else { return }
        d += "Z"
        penDown = false
    }

    private mutating func append(_ command: Character, _ x: Double, _ y: Double) {
        d.append(command)
        d += SVG.number(x) + "," + SVG.number(y)
    }
}

/// Small SVG element helpers; every number goes through `number`, every text through escaping.
enum SVG {
    /// A coordinate: finite, rounded to 0.1, never "-0" ("0" for what is not finite).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        return Format.trimmed(min(max(value, -1e7), 1e7), 1)
    }

    static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(Format.escape($0.1))\"" }.joined()
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, _ cssClass: String, extra: [(String, String)] = []) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" class=\"\(cssClass)\"\(attributes(extra))/>"
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil) -> String {
        let open = "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(0, width)))\" height=\"\(number(max(0, height)))\" fill=\"\(Format.escape(fill))\""
        guard let tooltip else { return open + "/>" }
        return open + "><title>\(Format.escape(tooltip))</title></rect>"
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", cssClass: String = "tick",
                     extra: [(String, String)] = []) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" class=\"\(cssClass)\"\(attributes(extra))>\(Format.escape(content))</text>"
    }

    static func path(_ path: SVGPath, stroke: String, fill: String = "none", width: Double = 2, dash: String? = nil, opacity: Double = 1) -> String {
        guard !path.isEmpty else { return "" }
        var out = "<path d=\"\(path.d)\" stroke=\"\(Format.escape(stroke))\" fill=\"\(Format.escape(fill))\" stroke-width=\"\(number(width))\""
        if let dash { out += " stroke-dasharray=\"\(Format.escape(dash))\"" }
        if opacity < 1 { out += " fill-opacity=\"\(Format.trimmed(opacity, 2))\"" }
        return out + " stroke-linejoin=\"round\"/>"
    }
}
