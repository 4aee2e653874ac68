/// A tick on an axis: where, and its label (nil for an unlabelled minor tick).
struct Tick {
    let value: Double
    let label: String?
}

/// Maps data values to pixels along one axis, linearly or by log10.
struct Scale {
    enum Kind { case linear, log }

    let kind: Kind
    let domain: (low: Double, high: Double)
    let range: (low: Double, high: Double)

    /// A linear scale; a domain with no width is widened so nothing divides by zero.
    static func linear(_ low: Double, _ high: Double, to range: (Double, Double)) -> Scale {
        var low = low.isFinite ? low : 0, high = high.isFinite ? high : 1
        if high <= low { high = low + (low == 0 ? 1 : abs(low) * 0.1) }
        return Scale(kind: .linear, domain: (low, high), range: range)
    }

    /// A log10 scale over positive values; values at or below zero are clamped to the low end.
    static func log(_ low: Double, _ high: Double, to range: (Double, Double)) -> Scale {
        var low = low.isFinite && low > 0 ? low : 1, high = high.isFinite && high > 0 ? high : low * 10
        if high <= low * 1.0001 { low /= 2; high *= 2 }
        return Scale(kind: .log, domain: (low, high), range: range)
    }

    private func transform(_ value: Double) -> Double {
        switch kind {
        case .linear: value
        case .log: Math.lg(max(value, domain.low))
        }
    }

    /// The pixel for `value`, clamped to the range.
    func callAsFunction(_ value: Double) -> Double {
        let a = transform(domain.low), b = transform(domain.high)
        let t = (transform(value) - a) / (b - a)
        let clamped = t.isFinite ? min(max(t, 0), 1) : 0
        return range.low + clamped * (range.high - range.low)
    }

    /// Ticks across the domain: 1-2-5 steps for a linear scale, decades (with 2 and 5 between,
    /// labelled when there is room) for a log one.
    func ticks(target: Int = 6, label: (Double) -> String) -> [Tick] {
        switch kind {
        case .linear:
            let step = Self.niceStep((domain.high - domain.low) / Double(max(1, target)))
            var value = (domain.low / step).rounded(.up) * step
            var ticks: [Tick] = []
            while value <= domain.high + step * 1e-9 && ticks.count < 50 {
                ticks.append(Tick(value: abs(value) < step * 1e-9 ? 0 : value, label: label(value)))
                value += step
            }
            return ticks
        case .log:
            let first = Int(Math.lg(domain.low).rounded(.down)), last = Int(Math.lg(domain.high).rounded(.up))
            let decades = last - first
            var ticks: [Tick] = []
            for exponent in first...max(first, last) {
                let base = Math.exp10(exponent)
                for multiple in [1.0, 2, 5] {
                    let value = base * multiple
                    guard value >= domain.low * 0.999, value <= domain.high * 1.001 else { continue }
                    let labelled = multiple == 1 || decades <= 3
                    ticks.append(Tick(value: value, label: labelled ? label(value) : nil))
                }
            }
            return ticks
        }
    }

    /// The smallest of 1, 2, 5 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw.isFinite, raw > 0 else { return 1 }
        let base = Math.exp10(Int(Math.lg(raw).rounded(.down)))
        for multiple in [1.0, 2, 5, 10] where base * multiple >= raw * 0.999_999 { return base * multiple }
        return base * 10
    }

    /// A round number at least `value`, for the top of an axis.
    static func niceCeiling(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        let step = niceStep(value / 5)
        return (value / step).rounded(.up) * step
    }

    /// The largest 1, 2 or 5 times a power of ten at or below `value` (positive), for a log axis's low end.
    static func logFloor(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        let base = Math.exp10(Int(Math.lg(value).rounded(.down)))
        return [5.0, 2, 1].map { $0 * base }.first { $0 <= value * 1.000_001 } ?? base
    }

    /// The smallest 1, 2 or 5 times a power of ten at or above `value` (positive), for a log axis's high end.
    static func logCeiling(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        let base = Math.exp10(Int(Math.lg(value).rounded(.down)))
        return [1.0, 2, 5, 10].map { $0 * base }.first { $0 >= value * 0.999_999 } ?? base * 10
    }
}
