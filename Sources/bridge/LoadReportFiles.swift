import CommandLineSupport
import Foundation
import LoadReport

/// `bridge load`'s `--report FILE.html` and `--report-json FILE.json`: where the run goes, and
/// the files' one format for a saved run (read back by `bridge report`).
struct LoadReportFiles {
    let html: String?
    let json: String?
    let label: String?

    /// nil when neither file was asked for. Fails before the run when a file's folder is missing.
    init?(_ arguments: ParsedArguments) throws {
        html = arguments.value("report")
        json = arguments.value("report-json")
        label = arguments.value("report-label")
        guard html != nil || json != nil else { return nil }
        for (flag, path) in [("report", html), ("report-json", json)] {
            guard let path else { continue }
            let folder = (path as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw UsageError("--\(flag): no folder '\(folder)' to write \(path) in")
            }
        }
    }

    func newRun(transport: String, mode: String, concurrency: Int) -> LoadRunRecord {
        LoadRunRecord(label: label ?? "\(transport) \(mode) ×\(concurrency)", transport: transport, mode: mode,
                      concurrency: concurrency, started: Date().ISO8601Format())
    }

    /// Writes the files asked for and prints `report: FILE` for each; false (after saying why) on failure.
    func write(_ run: LoadRunRecord) -> Bool {
        do {
            if let json {
                try SavedRun.encode(run).write(to: URL(fileURLWithPath: json))
                print("report-json: \(json)")
            }
            if let html {
                try Data(LoadReportPage.render(runs: [run], title: "bridge load: \(run.label)").utf8).write(to: URL(fileURLWithPath: html))
                print("report: \(html)")
            }
            return true
        } catch {
            CLI.printError("cannot write the report: \(error.localizedDescription)")
            return false
        }
    }
}

/// A saved run: `{"format": "ipcbridge-load-run", "version": 1, "run": {...}}`.
enum SavedRun {
    static let format = "ipcbridge-load-run"

    private struct Envelope: Codable {
        var format: String
        var version: Int
        var run: LoadRunRecord
    }

    static func encode(_ run: LoadRunRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Envelope(format: format, version: 1, run: run))
    }

    static func decode(_ data: Data, from path: String) throws -> LoadRunRecord {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw UsageError("\(path) is not a saved run (bridge load --report-json): \(error)")
        }
        guard envelope.format == format, envelope.version == 1 else {
            throw UsageError("\(path): format \(envelope.format) version \(envelope.version), expected \(format) version 1")
        }
        return envelope.run
    }
}
