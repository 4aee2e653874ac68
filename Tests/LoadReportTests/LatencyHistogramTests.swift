import Foundation
import Testing
@testable import LoadReport

@Suite("LatencyHistogram")
struct LatencyHistogramTests {
    @Test("percentiles agree with a brute-force sort: exact below 256 µs, never under and at most 1/128 over above",
          arguments: [1 as UInt64, 2, 3, 42])
    func percentilesAgainstSort(seed: UInt64) {
        let values = randomLatencies(count: 20_000 + Int(seed) * 1_001, seed: seed)
        var histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        let sorted = values.sorted()
        #expect(histogram.totalCount == values.count)
        #expect(histogram.minValue == sorted.first)
        #expect(histogram.maxValue == sorted.last)
        for q in [0.0, 0.001, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 0.9999, 1.0] {
            let exact = sorted[LatencyHistogram.rank(forQuantile: q, count: sorted.count) - 1]
            let reported = histogram.value(atQuantile: q)
            #expect(reported >= exact, "q=\(q)")
            if exact < 256 {
                #expect(reported == exact, "q=\(q)")
            } else {
                #expect(reported - exact <= exact / 128, "q=\(q): \(reported) vs \(exact)")
            }
        }
        #expect(abs(histogram.mean - Double(values.reduce(0, +)) / Double(values.count)) < 1e-6 * histogram.mean)
    }

    @Test("the rank matches the CLI's: ceil(n*q), at least 1, at most n")
    func rank() {
        #expect(LatencyHistogram.rank(forQuantile: 0.5, count: 10) == 5)
        #expect(LatencyHistogram.rank(forQuantile: 0.999, count: 1000) == 999)
        #expect(LatencyHistogram.rank(forQuantile: 0.99, count: 1) == 1)
        #expect(LatencyHistogram.rank(forQuantile: 0, count: 7) == 1)
        #expect(LatencyHistogram.rank(forQuantile: 1, count: 7) == 7)
        #expect(LatencyHistogram.rank(forQuantile: .nan, count: 7) == 7)
        #expect(LatencyHistogram.rank(forQuantile: 0.5, count: 0) == 0)
    }

    @Test("every value lies inside the bounds of its bucket, over all of UInt64")
    func indexAndBounds() {
        var values: [UInt64] = [0, 1, 127, 128, 255, 256, 257, 511, 512, 1_000_000, UInt64.max - 1, UInt64.max]
        for shift in 0..<64 { values += [1 << shift, (1 << shift) - 1, (1 << shift) + 1] }
        var previous = -1
        for value in values.sorted() {
            let index = LatencyHistogram.index(of: value)
            #expect(index >= previous && index < LatencyHistogram.bucketCount)
            let bounds = LatencyHistogram.bounds(of: index)
            #expect(bounds.lower <= value && value <= bounds.upper, "\(value) in \(bounds)")
            #expect(bounds.upper - bounds.lower <= bounds.lower / 128, "bucket of \(value) too wide")
            previous = index
        }
        #expect(LatencyHistogram.index(of: .max) == LatencyHistogram.bucketCount - 1)
    }

    @Test("memory is bounded: ten million values, huge ones among them, use at most 7,424 buckets")
    func bounded() {
        var histogram = LatencyHistogram()
        histogram.record(.max)
        histogram.record(35, count: 10_000_000)
        #expect(histogram.counts.count == LatencyHistogram.bucketCount)
        #expect(histogram.totalCount == 10_000_001)
        #expect(histogram.value(atQuantile: 0.5) == 35)
        #expect(histogram.value(atQuantile: 1) == .max)
    }

    @Test("merging two histograms equals recording both sets")
    func merge() {
        let a = randomLatencies(count: 3_000, seed: 7), b = randomLatencies(count: 5_000, seed: 8)
        var left = LatencyHistogram(), right = LatencyHistogram(), both = LatencyHistogram()
        for value in a { left.record(value); both.record(value) }
        for value in b { right.record(value); both.record(value) }
        left.merge(right)
        #expect(left.counts == both.counts)
        #expect(left.totalCount == both.totalCount && left.minValue == both.minValue && left.maxValue == both.maxValue)
        var empty = LatencyHistogram()
        empty.merge(right)
        #expect(empty.minValue == right.minValue)
    }

    @Test("an empty histogram answers 0 everywhere")
    func empty() {
        let histogram = LatencyHistogram()
        #expect(histogram.value(atQuantile: 0.99) == 0)
        #expect(histogram.mean == 0)
        #expect(histogram.nonEmptyBuckets.isEmpty)
    }

    @Test("JSON round trip is exact and sparse; corrupt bucket lists are refused")
    func codable() throws {
        var histogram = LatencyHistogram()
        for value in randomLatencies(count: 2_000, seed: 9) { histogram.record(value) }
        let data = try JSONEncoder().encode(histogram)
        #expect(try JSONDecoder().decode(LatencyHistogram.self, from: data) == histogram)
        #expect(data.count < 20_000)
        for bad in [#"[[7424,1]]"#, #"[[-1,1]]"#, #"[[3,-1]]"#, #"[[3]]"#] {
            let json = #"{"unit":"microseconds","subBucketBits":7,"count":1,"min":3,"max":3,"sum":3,"buckets":\#(bad)}"#
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(LatencyHistogram.self, from: Data(json.utf8)) }
        }
        let otherLayout = #"{"unit":"microseconds","subBucketBits":5,"count":0,"min":0,"max":0,"sum":0,"buckets":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(LatencyHistogram.self, from: Data(otherLayout.utf8)) }
    }
}
