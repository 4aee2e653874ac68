import Foundation
import Testing
@testable import LoadReport

@Suite("ThroughputTimeline")
struct ThroughputTimelineTests {
    @Test("completions land in 100 ms intervals, successes and errors apart")
    func intervals() {
        var timeline = ThroughputTimeline()
        timeline.record(atMicros: 0, latencyMicros: 10)
        timeline.record(atMicros: 99_999, latencyMicros: 30)
        timeline.record(atMicros: 100_000, latencyMicros: nil)
        timeline.record(atMicros: 350_000, latencyMicros: 5)
        #expect(timeline.ok == [2, 0, 0, 1])
        #expect(timeline.errors == [0, 1, 0, 0])
        #expect(timeline.latencySumMicros[0] == 40)
        #expect(timeline.latencyMaxMicros[0] == 30)
    }

    @Test("a run past maxIntervals coarsens pairwise: bounded, and no completion is lost")
    func coarsens() {
        var timeline = ThroughputTimeline()
        var recorded = 0
        for second in stride(from: 0, to: 3 * 86_400, by: 7) {   // three days, one call every 7 s
            timeline.record(atMicros: UInt64(second) * 1_000_000, latencyMicros: UInt64(second % 1000))
            recorded += 1
        }
        timeline.record(atMicros: .max, latencyMicros: 1)   // absurd offsets cannot trap either
        #expect(timeline.count <= ThroughputTimeline.maxIntervals)
        #expect(timeline.ok.reduce(0, +) == recorded + 1)
        #expect(timeline.intervalMicros > 100_000)
        #expect(timeline.latencyMaxMicros.max() == 999)
    }

    @Test("JSON round trip; columns of different lengths are refused")
    func codable() throws {
        var timeline = ThroughputTimeline()
        for index in 0..<50 { timeline.record(atMicros: UInt64(index) * 40_000, latencyMicros: index % 3 == 0 ? nil : 12) }
        let data = try JSONEncoder().encode(timeline)
        #expect(try JSONDecoder().decode(ThroughputTimeline.self, from: data) == timeline)
        let bad = #"{"intervalMicros":100000,"ok":[1,2],"errors":[0],"latencySumMicros":[1,2],"latencyMaxMicros":[1,2]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ThroughputTimeline.self, from: Data(bad.utf8)) }
    }
}
