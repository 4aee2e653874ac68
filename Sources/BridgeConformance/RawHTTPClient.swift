import BridgeCore
import BridgeIO
import Foundation

/// Exact bytes on an HTTP/1.1 connection, for checks a well-behaved client cannot make.
/// Reads responses with Content-Length bodies (all the validation server sends).
final class RawHTTPClient {
    struct Response {
        let status: Int
        let headers: [String: String]   // lowercased names
        let body: [UInt8]

        var message: BridgeMessage? { try? BridgeMessage(json: body) }
    }

    let socket: BlockingSocket
    let host: String
    private var buffer: [UInt8] = []

    init(target: String) throws {
        var text = target
        if text.hasPrefix("http://") { text = String(text.dropFirst(7)) }
        let address = try SocketAddress(parsing: text)
        socket = try BlockingSocket(connectingTo: address)
        host = address.description
    }

    func send(_ text: String) throws {
        try socket.send(Array(text.utf8))
    }

    /// A request with the usual headers; `extraHeaders` lines end in CRLF.
    func request(_ method: String, _ path: String, body: String = "", extraHeaders: String = "") throws {
        try send("\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Type: application/json\r\n\(extraHeaders)Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
    }

    func receive() throws -> Response {
        while true {
            if let end = headerEnd() {
                let headText = String(decoding: buffer[0..<end], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ConformanceFailure("bad status line \(headText)") }
                var headers: [String: String] = [:]
                for line in lines {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                let length = Int(headers["content-length"] ?? "0") ?? 0
                let bodyStart = end + 4
                while buffer.count < bodyStart + length { try fill() }
                let body = Array(buffer[bodyStart..<bodyStart + length])
                buffer.removeFirst(bodyStart + length)
                return Response(status: status, headers: headers, body: body)
            }
            try fill()
        }
    }

    private func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4) where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func fill() throws {
        guard let byte = try socket.receive(exactly: 1) else { throw ConformanceFailure("server closed the connection") }
        buffer += byte
    }
}
