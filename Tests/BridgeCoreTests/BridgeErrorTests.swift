import Testing
@testable import BridgeCore

@Suite("BridgeError: one line a person can act on")
struct BridgeErrorTests {
    @Test("status, message, transport and target, cause, then the hint")
    func layout() {
        let error = BridgeError(.unavailable, "cannot connect", transport: "tcp", target: "127.0.0.1:9001", cause: "connect: Connection refused")
        #expect(error.description
                == "UNAVAILABLE: cannot connect [tcp 127.0.0.1:9001] (connect: Connection refused) — is bridge-server running with --tcp 127.0.0.1:9001?")
    }

    @Test("each status a caller can act on has a hint; CANCELLED (the caller's own doing) has none", arguments: [
        (StatusCode.deadlineExceeded, "raise the timeout"), (.unauthenticated, "--token"), (.resourceExhausted, "a limit was hit"),
        (.unimplemented, "does not offer"), (.invalidArgument, "which field"), (.permissionDenied, "--allowed-uid"),
        (.notFound, "request id"), (.failedPrecondition, "event-loop thread"), (.unavailable, "retry with backoff"),
    ])
    func hints(code: StatusCode, expected: String) {
        let error = BridgeError(code, "something", transport: "grpc", target: "127.0.0.1:50051")
        #expect(error.hint?.contains(expected) == true, "\(error)")
        #expect(error.description.hasSuffix(" — \(error.hint ?? "")"))
        #expect(BridgeError(.cancelled, "call cancelled").hint == nil)
    }

    @Test("at(transport:target:) fills in only what is missing")
    func stamping() {
        let bare = BridgeError(.deadlineExceeded, "deadline exceeded").at(transport: "http", target: "127.0.0.1:8080")
        #expect(bare.transport == "http" && bare.target == "127.0.0.1:8080")
        let known = BridgeError(.internal, "x", transport: "tcp", target: "unix:/tmp/a.sock").at(transport: "http", target: "other")
        #expect(known.transport == "tcp" && known.target == "unix:/tmp/a.sock")
    }
}
