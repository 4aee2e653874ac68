/// One side's SETTINGS (RFC 9113 section 6.5.2), with the defaults the RFC gives and the
/// DoS-minded ones we advertise (at most 100 concurrent streams, like swift-nio-http2).
public struct HTTP2Settings: Sendable, Equatable {
    /// SETTINGS_HEADER_TABLE_SIZE (default 4096).
    public var headerTableSize: Int = 4096
    /// SETTINGS_ENABLE_PUSH (default true; ``ours`` turns it off).
    public var enablePush: Bool = true
    /// SETTINGS_MAX_CONCURRENT_STREAMS (default unlimited; ``ours`` says 100).
    public var maxConcurrentStreams: Int = .max
    /// SETTINGS_INITIAL_WINDOW_SIZE (default 65,535).
    public var initialWindowSize: Int = 65_535
    /// SETTINGS_MAX_FRAME_SIZE (default 16,384).
    public var maxFrameSize: Int = 16_384
    /// SETTINGS_MAX_HEADER_LIST_SIZE (default unlimited; ``ours`` says 16 KiB).
    public var maxHeaderListSize: Int = .max

    /// The RFC's defaults: what a peer assumes before any SETTINGS frame.
    public init() {}

    /// What this implementation advertises by default.
    public static var ours: HTTP2Settings {
        var settings = HTTP2Settings()
        settings.enablePush = false
        settings.maxConcurrentStreams = 100
        settings.maxHeaderListSize = 16_384
        return settings
    }

    /// The settings as a SETTINGS frame carries them (only the ones that differ from the RFC defaults).
    public var parameters: [HTTP2Setting] {
        let defaults = HTTP2Settings()
        var list: [HTTP2Setting] = []
        if headerTableSize != defaults.headerTableSize { list.append(HTTP2Setting(HTTP2Setting.headerTableSize, UInt32(clamping: headerTableSize))) }
        if enablePush != defaults.enablePush { list.append(HTTP2Setting(HTTP2Setting.enablePush, enablePush ? 1 : 0)) }
        if maxConcurrentStreams != defaults.maxConcurrentStreams {
            list.append(HTTP2Setting(HTTP2Setting.maxConcurrentStreams, UInt32(clamping: maxConcurrentStreams)))
        }
        if initialWindowSize != defaults.initialWindowSize { list.append(HTTP2Setting(HTTP2Setting.initialWindowSize, UInt32(clamping: initialWindowSize))) }
        if maxFrameSize != defaults.maxFrameSize { list.append(HTTP2Setting(HTTP2Setting.maxFrameSize, UInt32(clamping: maxFrameSize))) }
        if maxHeaderListSize != defaults.maxHeaderListSize { list.append(HTTP2Setting(HTTP2Setting.maxHeaderListSize, UInt32(clamping: maxHeaderListSize))) }
        return list
    }

    /// Applies received parameters (already validated by the frame decoder); unknown ones are ignored.
    public mutating func apply(_ parameters: [HTTP2Setting]) {
        for parameter in parameters {
            let value = Int(parameter.value)
            switch parameter.identifier {
            case HTTP2Setting.headerTableSize: headerTableSize = value
            case HTTP2Setting.enablePush: enablePush = value == 1
            case HTTP2Setting.maxConcurrentStreams: maxConcurrentStreams = value
            case HTTP2Setting.initialWindowSize: initialWindowSize = value
            case HTTP2Setting.maxFrameSize: maxFrameSize = value
            case HTTP2Setting.maxHeaderListSize: maxHeaderListSize = value
            default: break
            }
        }
    }
}
