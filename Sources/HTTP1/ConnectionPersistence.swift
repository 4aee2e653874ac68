/// Whether a message persists its connection (RFC 9112 9.3): the `Connection` options decide,
/// else the version's default (HTTP/1.1 persists, HTTP/1.0 does not).
func persistsConnection(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
    if headers.listContains("connection", token: "close") { return false }
    if version.isAtLeast1_1 { return true }
    return headers.listContains("connection", token: "keep-alive")
}
