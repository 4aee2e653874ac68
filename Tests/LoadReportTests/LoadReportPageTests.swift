import Foundation
import Testing
@testable import LoadReport

@Suite("LoadReportPage")
struct LoadReportPageTests {
    /// Every chart's numbers are plain finite decimals, and every tag is closed.
    func expectWellFormed(_ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(tagBalanceProblem(page) == nil, "\(tagBalanceProblem(page) ?? "")", sourceLocation: sourceLocation)
        let svgs = svgFragments(page)
        #expect(!svgs.isEmpty, sourceLocation: sourceLocation)
        for svg in svgs {
            #expect(tagBalanceProblem(svg) == nil, sourceLocation: sourceLocation)
            #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""), sourceLocation: sourceLocation)
        }
        let attributes = numericAttributes(page)
        #expect(attributes.count > 100, sourceLocation: sourceLocation)
        for (name, value) in attributes {
            let allowed: Set<Character> = name == "d" ? Set("MLZ0123456789.,-") : Set("0123456789.- ")
            #expect(!value.isEmpty && value.allSatisfy(allowed.contains), "\(name)=\"\(value)\"", sourceLocation: sourceLocation)
            #expect(!value.lowercased().contains("nan") && !value.lowercased().contains("inf"), sourceLocation: sourceLocation)
        }
    }

    @Test("one run: self-contained page with the percentiles table, histogram, CDF, throughput and errors")
    func oneRun() {
        let run = sampleRun(label: "tcp async", errorEvery: 50)
        let page = LoadReportPage.render(runs: [run])
        expectWellFormed(page)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        for heading in ["p50", "p90", "p95", "p99", "p99.9", "max", "Latency distribution", "Over time", "Errors", "UNAVAILABLE", "DEADLINE_EXCEEDED"] {
            #expect(page.contains(heading), "\(heading)")
        }
        #expect(svgFragments(page).count == 4)
        // Nothing fetched, nothing run: no script, no external resource.
        for forbidden in ["<script", "http://", "https://", "src=", "href=", "@import", "url("] {
            let outsideXMLNS = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!outsideXMLNS.contains(forbidden), "\(forbidden)")
        }
    }

    @Test("labels, error codes and the title are escaped")
    func escaping() {
        var run = sampleRun(label: #"<script>alert("x")</script> & 'co'"#, count: 200)
        run.recordFailure(code: "<b>BAD</b>", atMicros: 10)
        run.transport = "tcp\"><img"
        let page = LoadReportPage.render(runs: [run, run], title: "<i>title</i>")
        expectWellFormed(page)
        #expect(!page.contains("<script"))
        #expect(!page.contains("<b>") && !page.contains("<i>") && !page.contains("<img"))
        #expect(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"))
        #expect(page.contains("&lt;b&gt;BAD&lt;/b&gt;"))
        #expect(page.contains("<title>&lt;i&gt;title&lt;/i&gt;</title>"))
        #expect(Format.escape("a\u{1}b") == "a\u{FFFD}b")
    }

    @Test("two runs: both appear, side by side, on the same axes, with a ratio column and one overlaid CDF")
    func comparison() {
        let sync = sampleRun(label: "sync (POST /validate)", mode: "sync", count: 4_000, seed: 3, seconds: 8)
        let webhook = sampleRun(label: "async + webhook", mode: "webhook", count: 4_000, seed: 4, errorEvery: 400, seconds: 3)
        let page = LoadReportPage.render(runs: [sync, webhook], title: "storm")
        expectWellFormed(page)
        #expect(page.contains("sync (POST /validate)") && page.contains("async + webhook"))
        #expect(page.contains("2nd ÷ 1st"))
        #expect(page.contains("lost (accepted, never answered)"))
        #expect(page.contains("repeat(2,minmax(0,1fr))"))
        let svgs = svgFragments(page)
        #expect(svgs.count == 7)   // histogram, throughput and latency over time for each, plus one CDF
        let cdf = svgs.filter { $0.contains("<title>Latency CDF</title>") }
        #expect(cdf.count == 1)
        #expect(cdf.first?.contains(Palette.color(0)) == true && cdf.first?.contains(Palette.color(1)) == true)
        // Same axes: each pair of side-by-side charts has the same tick labels.
        for kind in ["Latency histogram", "Throughput over time", "Latency over time"] {
            let pair = svgs.filter { $0.contains("<title>\(kind):") }
            #expect(pair.count == 2)
            #expect(tickLabels(pair[0]) == tickLabels(pair[1]), "\(kind)")
        }
    }

    @Test("degenerate runs draw without NaN: none, empty, all errors, a single call, zero duration", arguments: 0..<5)
    func degenerate(_ which: Int) {
        var runs: [LoadRunRecord] = []
        switch which {
        case 0: runs = []
        case 1: runs = [LoadRunRecord(label: "empty", transport: "tcp", mode: "async", concurrency: 1)]
        case 2:
            var run = LoadRunRecord(label: "all errors", transport: "http", mode: "webhook", concurrency: 1, durationSeconds: 1)
            for index in 0..<10 { run.recordFailure(code: "DEADLINE_EXCEEDED", atMicros: UInt64(index) * 50_000) }
            runs = [run]
        case 3:
            var run = LoadRunRecord(label: "one", transport: "tcp", mode: "sync", concurrency: 1, durationSeconds: 0.0001)
            run.recordSuccess(latencyMicros: 0, atMicros: 0)
            runs = [run, sampleRun(label: "normal")]
        default:
            var run = LoadRunRecord(label: "instant", transport: "grpc", mode: "stream", concurrency: 1, durationSeconds: 0)
            for _ in 0..<100 { run.recordSuccess(latencyMicros: 7, atMicros: 0) }
            runs = [run]
        }
        let page = LoadReportPage.render(runs: runs)
        #expect(tagBalanceProblem(page) == nil)
        for (name, value) in numericAttributes(page) {
            #expect(!value.lowercased().contains("nan") && !value.lowercased().contains("inf"), "\(name)=\(value)")
        }
        #expect(!page.contains("NaN") && !page.contains("inf\""))
    }

    @Test("a saved run decodes back to the same page")
    func codableRun() throws {
        let run = sampleRun(label: "saved", errorEvery: 20)
        let decoded = try JSONDecoder().decode(LoadRunRecord.self, from: JSONEncoder().encode(run))
        #expect(decoded == run)
        #expect(LoadReportPage.render(runs: [decoded]) == LoadReportPage.render(runs: [run]))
    }

    /// The text of every tick label in an SVG.
    func tickLabels(_ svg: String) -> [String] {
        svg.components(separatedBy: "class=\"tick\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }
}

@Suite("chart pieces")
struct ChartPieceTests {
    @Test("the tag checker the page tests rely on catches what it should")
    func tagChecker() {
        #expect(tagBalanceProblem("<svg><g><rect/></g></svg>") == nil)
        #expect(tagBalanceProblem("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head></html>") == nil)
        #expect(tagBalanceProblem("<svg><g></svg>") != nil)
        #expect(tagBalanceProblem("<svg><rect></svg>") != nil)
        #expect(tagBalanceProblem("<svg>") != nil)
        #expect(tagBalanceProblem("</g>") != nil)
    }

    @Test("SVGPath drops points that are not finite and breaks the line there")
    func path() {
        var path = SVGPath()
        path.line(1, 2)
        path.line(.nan, 3)
        path.line(4.25, -0.04)
        path.line(.infinity, 1)
        path.line(5, 6)
        path.close()
        #expect(path.d == "M1,2M4.3,0M5,6Z")
    }

    @Test("number formatting: fixed, trimmed, grouped, compact, latency")
    func format() {
        #expect(Format.fixed(2.345, 2) == "2.35" || Format.fixed(2.345, 2) == "2.34")
        #expect(Format.fixed(-0.0001, 2) == "0.00")
        #expect(Format.fixed(.nan, 2) == "0")
        #expect(Format.fixed(0.05, 3) == "0.050")
        #expect(Format.trimmed(2.50, 2) == "2.5")
        #expect(Format.grouped(1_234_567) == "1,234,567")
        #expect(Format.grouped(-1_000) == "-1,000")
        #expect(Format.compact(12_500) == "13k" && Format.compact(2_500) == "2.5k" && Format.compact(3_200_000) == "3.2M")
        #expect(Format.latency(micros: 43) == "0.043 ms")
        #expect(Format.latency(micros: 12_400) == "12.40 ms")
        #expect(Format.latencyTick(micros: 2_000) == "2ms" && Format.latencyTick(micros: 50) == "50µs" && Format.latencyTick(micros: 1_500_000) == "1.5s")
    }

    @Test("scales: linear ticks in 1-2-5 steps, log ticks on decades, degenerate domains widened")
    func scales() {
        let linear = Scale.linear(0, 97, to: (0, 100))
        #expect(linear.ticks(target: 5) { Format.trimmed($0, 0) }.compactMap(\.label) == ["0", "20", "40", "60", "80"])
        let log = Scale.log(10, 10_000, to: (0, 300))
        #expect(log(10) == 0 && log(10_000) == 300 && abs(log(100) - 100) < 1e-9)
        #expect(log.ticks { Format.trimmed($0, 0) }.compactMap(\.label) == ["10", "20", "50", "100", "200", "500", "1000", "2000", "5000", "10000"])
        for scale in [Scale.linear(5, 5, to: (0, 1)), Scale.log(0, 0, to: (0, 1)), Scale.linear(.nan, .infinity, to: (0, 1))] {
            #expect(scale(3).isFinite)
        }
    }
}

@Suite("log axis ends")
struct LogAxisEndTests {
    @Test("log axis ends fall on 1, 2 or 5 times a power of ten")
    func ends() {
        #expect(Scale.logFloor(37) == 20 && Scale.logFloor(500) == 500 && Scale.logFloor(1.5) == 1 && Scale.logFloor(9_999) == 5_000)
        #expect(Scale.logCeiling(160_000) == 200_000 && Scale.logCeiling(1) == 1 && Scale.logCeiling(6) == 10 && Scale.logCeiling(2.01) == 5)
        #expect(Scale.logFloor(0) == 1 && Scale.logCeiling(.nan) == 1)
    }
}
