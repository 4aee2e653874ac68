/// Text for the page: HTML escaping and number formatting, without Foundation.
enum Format {
    /// Escapes text for HTML and SVG, in element content and in quoted attributes alike.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML 1.0.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `value` with exactly `decimals` digits after the point ("0" for a value that is not finite).
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        let decimals = max(0, min(decimals, 9))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value < 0 ? "-\(abs(value).rounded())" : "\(value.rounded())" }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        let negative = value < 0 && units != 0
        var text = (negative ? "-" : "") + "\(whole)"
        if decimals > 0 {
            let fraction = String(units % UInt64(scale))
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return text
    }

    /// `fixed` without trailing zeros after the point ("2.50" reads "2.5", "3.00" reads "3").
    static func trimmed(_ value: Double, _ decimals: Int) -> String {
        var text = fixed(value, decimals)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// An integer with thousands separators: 1234567 reads "1,234,567".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// A count or rate in few characters: 950, 12.5k, 3.2M.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e6 { return trimmed(value / 1e6, magnitude >= 1e7 ? 0 : 1) + "M" }
        if magnitude >= 1e3 { return trimmed(value / 1e3, magnitude >= 1e4 ? 0 : 1) + "k" }
        return trimmed(value, magnitude >= 10 ? 0 : 1)
    }

    /// A latency given in microseconds, for a table: "0.043 ms", "12.40 ms", "1.25 s".
    static func latency(micros: Double) -> String {
        let ms = micros / 1000
        if ms >= 10_000 { return fixed(ms / 1000, 2) + " s" }
        if ms >= 100 { return fixed(ms, 1) + " ms" }
        if ms >= 10 { return fixed(ms, 2) + " ms" }
        return fixed(ms, 3) + " ms"
    }

    /// A latency given in microseconds, for an axis tick: "50µs", "2ms", "1.5s".
    static func latencyTick(micros: Double) -> String {
        if micros >= 1e6 { return trimmed(micros / 1e6, 2) + "s" }
        if micros >= 1e3 { return trimmed(micros / 1e3, 2) + "ms" }
        return trimmed(micros, 1) + "µs"
    }

    /// Seconds for an axis tick or a table: "0.5s", "12s".
    static func seconds(_ value: Double) -> String {
        trimmed(value, value >= 10 ? 0 : (value >= 1 ? 1 : 2)) + "s"
    }

    /// A share as a percentage: 0.1234 reads "12.3%".
    static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        trimmed(fraction * 100, decimals) + "%"
    }
}
