import ProtoGenerator
import Testing

/// Parses `text` as `test.proto`.
func parse(_ text: String) throws(ProtoGeneratorError) -> ProtoFile {
    try ProtoParser.parse(text, path: "test.proto")
}

/// Checks `files["main.proto"]` and everything it imports from `files`.
func check(_ files: [String: String], root: String = "main.proto") throws(ProtoGeneratorError) -> ProtoSchema {
    try ProtoSemantics.check(root, sources: files)
}

/// The error `body` throws, or nil (recorded as an issue) when it throws none.
func generatorError(_ body: () throws(ProtoGeneratorError) -> Void,
                    sourceLocation: SourceLocation = #_sourceLocation) -> ProtoGeneratorError? {
    do {
        try body()
        Issue.record("expected an error", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Expects parsing `text` to fail at `line:column` with a message containing `fragment`.
func expectParseError(_ text: String, at line: Int, _ column: Int, _ fragment: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = generatorError({ () throws(ProtoGeneratorError) in _ = try parse(text) }, sourceLocation: sourceLocation) else { return }
    #expect(error.file == "test.proto", sourceLocation: sourceLocation)
    #expect(error.line == line && error.column == column, "\(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
}

/// Expects checking `main.proto` (with `others` beside it) to fail at `file:line:column`.
func expectCheckError(_ main: String, others: [String: String] = [:], file: String = "main.proto", at line: Int, _ column: Int,
                      _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
    var files = others
    files["main.proto"] = main
    guard let error = generatorError({ () throws(ProtoGeneratorError) in _ = try check(files) }, sourceLocation: sourceLocation) else {
        return
    }
    #expect(error.file == file && error.line == line && error.column == column, "\(error)", sourceLocation: sourceLocation)
    #expect(error.message.contains(fragment), "\(error)", sourceLocation: sourceLocation)
}
