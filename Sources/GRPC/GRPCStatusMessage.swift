/// `grpc-message` is percent-encoded (PROTOCOL-HTTP2.md): bytes outside 0x20...0x7E and '%'
/// become `%XX` of the UTF-8 bytes. Decoding is lenient, as the spec asks: a bad escape is
/// kept as written.
public enum GRPCStatusMessage {
    /// The percent-encoded form of `message`, safe in a header value.
    public static func encode(_ message: String) -> String {
        var output = ""
        for byte in message.utf8 {
            if byte >= 0x20 && byte <= 0x7E && byte != UInt8(ascii: "%") {
                output.append(Character(UnicodeScalar(byte)))
            } else {
                let hex = Array("0123456789ABCDEF")
                output.append("%")
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            }
        }
        return output
    }

    /// The text of a percent-encoded `grpc-message`; bad escapes are kept as written.
    public static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
