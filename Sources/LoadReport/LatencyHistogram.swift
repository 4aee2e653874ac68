/// Latencies in microseconds, counted in log-linear buckets (as HdrHistogram does): every value
/// below 256 µs has a bucket of its own, and each power of two above is cut into 128 equal
/// buckets, so any value is known to within 1/128 (0.8%) of itself. At most 7,424 buckets cover
/// all of UInt64, so memory stays the same whether a run makes ten requests or ten million.
public struct LatencyHistogram: Sendable, Equatable {
    /// log2 of the buckets per power of two.
    public static let subBucketBits = 7
    static let subBucketCount = 1 << subBucketBits          // 128
    static let exactLimit = UInt64(subBucketCount * 2)       // values below it are exact
    /// How many buckets cover every UInt64.
    public static let bucketCount = Int(exactLimit) + (64 - (subBucketBits + 1)) * subBucketCount

    /// Counts by bucket index; grows to the highest bucket used.
    public private(set) var counts: [Int] = []
    /// How many values were recorded.
    public private(set) var totalCount = 0
    /// The smallest and largest values recorded, exactly (0 when empty).
    public private(set) var minValue: UInt64 = 0
    /// The largest value recorded, exactly (0 when empty).
    public private(set) var maxValue: UInt64 = 0
    /// The sum of the values recorded, for the mean.
    public private(set) var sum: Double = 0

    /// An empty histogram.
    public init() {}

    /// True when nothing was recorded.
    public var isEmpty: Bool { totalCount == 0 }
    /// The exact mean of the values recorded (0 when empty).
    public var mean: Double { totalCount == 0 ? 0 : sum / Double(totalCount) }

    /// The bucket `value` falls in.
    public static func index(of value: UInt64) -> Int {
        if value < exactLimit { return Int(value) }
        let top = 63 - value.leadingZeroBitCount              // >= subBucketBits + 1
        let shift = top - subBucketBits
        let sub = Int(value >> UInt64(shift)) - subBucketCount  // 0..<128
        return Int(exactLimit) + (top - subBucketBits - 1) * subBucketCount + sub
    }

    /// The smallest and largest value (inclusive) that fall in bucket `index`.
    public static func bounds(of index: Int) -> (lower: UInt64, upper: UInt64) {
        precondition(index >= 0 && index < bucketCount, "bucket index out of range")
        if index < Int(exactLimit) { return (UInt64(index), UInt64(index)) }
        let level = (index - Int(exactLimit)) / subBucketCount
        let sub = (index - Int(exactLimit)) % subBucketCount
        let shift = UInt64(level + 1)
        let lower = UInt64(subBucketCount + sub) << shift
        return (lower, lower + ((1 << shift) - 1))
    }

    /// The 1-based rank of the value at quantile `q` among `count` sorted values: the smallest
    /// value with at least a fraction `q` of all values at or below it.
    public static func rank(forQuantile q: Double, count: Int) -> Int {
        guard count > 0 else { return 0 }
        let exact = q.isFinite ? Double(count) * min(max(q, 0), 1) : Double(count)
        // Guards 999.0000000001 from a binary fraction turning into the next rank.
        return min(count, max(1, Int((exact - 1e-9).rounded(.up))))
    }

    /// Records `value` `count` times (a count below 1 records nothing).
    public mutating func record(_ value: UInt64, count: Int = 1) {
        guard count > 0 else { return }
        let index = Self.index(of: value)
        if index >= counts.count { counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count)) }
        counts[index] += count
        minValue = totalCount == 0 ? value : min(minValue, value)
        maxValue = totalCount == 0 ? value : max(maxValue, value)
        totalCount += count
        sum += Double(value) * Double(count)
    }

    /// Adds every value `other` recorded, as if they had been recorded here.
    public mutating func merge(_ other: LatencyHistogram) {
        guard !other.isEmpty else { return }
        if other.counts.count > counts.count { counts.append(contentsOf: repeatElement(0, count: other.counts.count - counts.count)) }
        for (index, count) in other.counts.enumerated() where count > 0 { counts[index] += count }
        minValue = isEmpty ? other.minValue : min(minValue, other.minValue)
        maxValue = isEmpty ? other.maxValue : max(maxValue, other.maxValue)
        totalCount += other.totalCount
        sum += other.sum
    }

    /// The value at quantile `q` (0.99 for p99): the top of the bucket holding the value of
    /// that rank, never above the largest value recorded. It is never below the exact answer
    /// and at most 1/128 of it above. 0 when empty.
    public func value(atQuantile q: Double) -> UInt64 {
        let rank = Self.rank(forQuantile: q, count: totalCount)
        guard rank > 0 else { return 0 }
        var seen = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank { return max(minValue, min(maxValue, Self.bounds(of: index).upper)) }
        }
        return maxValue
    }

    /// The buckets that hold values, smallest first.
    public var nonEmptyBuckets: [(lower: UInt64, upper: UInt64, count: Int)] {
        counts.indices.compactMap { index in
            guard counts[index] > 0 else { return nil }
            let bounds = Self.bounds(of: index)
            return (bounds.lower, bounds.upper, counts[index])
        }
    }
}

extension LatencyHistogram: Codable {
    private enum Keys: String, CodingKey { case unit, subBucketBits, count, min, max, sum, buckets }

    /// Sparse: `buckets` is `[[index, count], ...]` for the buckets that hold values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode("microseconds", forKey: .unit)
        try container.encode(Self.subBucketBits, forKey: .subBucketBits)
        try container.encode(totalCount, forKey: .count)
        try container.encode(minValue, forKey: .min)
        try container.encode(maxValue, forKey: .max)
        try container.encode(sum, forKey: .sum)
        try container.encode(counts.indices.filter { counts[$0] > 0 }.map { [$0, counts[$0]] }, forKey: .buckets)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let bits = try container.decode(Int.self, forKey: .subBucketBits)
        guard bits == Self.subBucketBits else {
            throw DecodingError.dataCorruptedError(forKey: .subBucketBits, in: container, debugDescription: "expected \(Self.subBucketBits), got \(bits)")
        }
        self.init()
        for pair in try container.decode([[Int]].self, forKey: .buckets) {
            guard pair.count == 2, pair[0] >= 0, pair[0] < Self.bucketCount, pair[1] >= 0, pair[1] <= Int.max - totalCount else {
                throw DecodingError.dataCorruptedError(forKey: .buckets, in: container, debugDescription: "bad bucket \(pair)")
            }
            if pair[0] >= counts.count { counts.append(contentsOf: repeatElement(0, count: pair[0] + 1 - counts.count)) }
            counts[pair[0]] += pair[1]
            totalCount += pair[1]
        }
        guard totalCount > 0 else { return }
        minValue = try container.decode(UInt64.self, forKey: .min)
        maxValue = try container.decode(UInt64.self, forKey: .max)
        sum = try container.decode(Double.self, forKey: .sum)
        guard minValue <= maxValue, sum.isFinite, sum >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .min, in: container, debugDescription: "min, max or sum out of range")
        }
    }
}
