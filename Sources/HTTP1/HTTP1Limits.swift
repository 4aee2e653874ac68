/// Bounds on what a decoder accepts, so a peer cannot make it buffer or count without end.
///
/// Each limit is checked as soon as the bytes that break it are seen, before the rest of the
/// message arrives: a 1 GiB Content-Length is refused on its header line, not after 1 GiB.
public struct HTTP1Limits: Sendable, Equatable {
    /// Longest request line (or status line), line ending excluded. Over it: 414 (400 for a status line).
    public var maxRequestLineBytes: Int
    /// Most bytes in the field lines of a header (or trailer) section, each line counted with its
    /// line ending; the start line and the final empty line are not counted. Over it: 431.
    public var maxHeaderBytes: Int
    /// Most field lines in a header (or trailer) section. Over it: 431.
    public var maxHeaderCount: Int
    /// Largest body: a Content-Length value, the sum of chunk sizes, or a close-delimited body. Over it: 413.
    public var maxBodyBytes: Int
    /// Longest chunk-size line (size and extensions, line ending excluded). Over it: 400.
    public var maxChunkLineBytes: Int

    /// Limits with every value defaulted (8 KiB request line, 16 KiB and 100 header lines, 16 MiB
    /// body, 1 KiB chunk-size line); name the ones to change.
    public init(
        maxRequestLineBytes: Int = 8192,
        maxHeaderBytes: Int = 16384,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 16 * 1024 * 1024,
        maxChunkLineBytes: Int = 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.maxChunkLineBytes = maxChunkLineBytes
    }

    /// 8 KiB request line, 16 KiB and 100 header fields, 16 MiB body, 1 KiB chunk-size line.
    public static var defaults: HTTP1Limits { HTTP1Limits() }
}
