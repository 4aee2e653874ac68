/// Accumulates generated Swift text with indentation, so the emitters write structure
/// (`block("struct X") { ... }`) instead of counting spaces.
struct SwiftCodeWriter {
    private(set) var text = ""
    private var indentation = 0

    /// One line at the current indentation (an empty line has no trailing spaces).
    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: indentation) + content + "\n"
        }
    }

    /// `header {`, the body indented, `}`.
    mutating func block(_ header: String, _ body: (inout SwiftCodeWriter) -> Void) {
        line(header + " {")
        indentation += 1
        body(&self)
        indentation -= 1
        line("}")
    }

    /// `switch subject {`, the cases at the switch's own indentation (Swift's style), `}`.
    mutating func switchBlock(_ subject: String, _ body: (inout SwiftCodeWriter) -> Void) {
        line("switch \(subject) {")
        body(&self)
        line("}")
    }

    /// A `///` doc comment; nothing for no lines.
    mutating func doc(_ lines: [String]) {
        for content in lines {
            line(content.isEmpty ? "///" : "/// " + content)
        }
    }
}
