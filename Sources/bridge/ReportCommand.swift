import CommandLineSupport
import Foundation
import LoadReport

/// `bridge report`: runs saved by `bridge load --report-json`, drawn side by side on one page.
enum ReportCommand: CLICommand {
    static let usage = """
        usage: bridge report RUN.json [RUN.json ...] --output FILE.html [--title TEXT]

          RUN.json          a run saved by `bridge load --report-json`; the page shows the runs in
                            this order, each in its own colour, on the same axes
          --output FILE     the HTML page to write (also -o FILE): self-contained, no script
          --title TEXT      the page's heading (default: bridge load report)

        example: bridge report sync.json async.json -o storm.html --title "storm: sync vs async"
        """
    static let options: Set<String> = ["output", "title"]
    static let switches: Set<String> = []

    static func run(_ arguments: ParsedArguments) async -> Int32 {
        do {
            var inputs: [String] = []
            var output = arguments.value("output")
            var positionals = arguments.positionals.makeIterator()
            while let argument = positionals.next() {
                if argument == "-o" {
                    guard let path = positionals.next() else { throw UsageError("-o needs a file") }
                    output = path
                } else {
                    inputs.append(argument)
                }
            }
            guard let output else { throw UsageError("--output FILE.html is required\n\(usage)") }
            guard !inputs.isEmpty else { throw UsageError("name at least one saved run (bridge load --report-json)\n\(usage)") }
            let runs = try inputs.map { path in
                guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
                return try SavedRun.decode(data, from: path)
            }
            let page = LoadReportPage.render(runs: runs, title: arguments.value("title") ?? "bridge load report")
            try Data(page.utf8).write(to: URL(fileURLWithPath: output))
            print("report: \(output)")
            return 0
        } catch {
            CLI.printError("\(error)")
            return 2
        }
    }
}
