// example-webhook-receiver: an asynchronous HTTP request answered by a signed webhook. It runs a
// small HTTP server of its own as the receiver, POSTs the request to bridge-server's
// /validate-async with that server's URL as callback_url (202 Accepted at once), then receives
// the answer as a POST and checks its Standard Webhooks signature before trusting it.
//
//   swift run bridge-server --http 127.0.0.1:8080 --webhook-secret whsec_c2VjcmV0 --allow-private-callbacks &
//   swift run example-webhook-receiver --http 127.0.0.1:8080 --webhook-secret whsec_c2VjcmV0
//
// (or BRIDGE_HTTP and BRIDGE_WEBHOOK_SECRET). --allow-private-callbacks lets the server call back
// to 127.0.0.1, where this receiver listens. Exits 0 when the verified answer arrived, else
// prints one line and exits 1.
import Foundation
import IPCBridge

/// `--NAME VALUE` from the command line, else the environment variable `BRIDGE_NAME`.
func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count { return arguments[index + 1] }
    return ProcessInfo.processInfo.environment["BRIDGE_" + name.uppercased().replacingOccurrences(of: "-", with: "_")]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("example-webhook-receiver: \(message)\n".utf8))
    exit(1)
}

/// Handles each POST: verify the signature, then hand the answer over. Called on an event loop.
struct Receiver: HTTPRequestHandler {
    let secret: WebhookSecret
    let answers: AsyncStream<BridgeMessage>.Continuation

    func handle(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder) {
        let headers = request.head.headers
        do {
            // The MAC covers "webhook-id.webhook-timestamp.body" and is compared in constant time;
            // a timestamp more than 5 minutes away is refused, so a captured delivery cannot be replayed.
            try StandardWebhooks.verify(secret: secret, id: headers[StandardWebhooks.idHeader],
                                        timestamp: headers[StandardWebhooks.timestampHeader],
                                        signatureHeader: headers[StandardWebhooks.signatureHeader],
                                        body: request.body, now: Clocks.unixMilliseconds() / 1000)
            let answer = try BridgeMessage(json: request.body)
            print("POST \(request.head.path)  webhook-id \(headers[StandardWebhooks.idHeader] ?? "")  signature verified")
            answers.yield(answer)
            responder.respond(HTTPResponse(status: 204))   // a 2xx ends delivery; anything else is retried
        } catch {
            print("refused a delivery: \(error)")
            responder.respond(HTTPResponse(status: 401))
        }
    }
}

guard let address = option("http"), let secretText = option("webhook-secret") else {
    fail("pass --http HOST:PORT and --webhook-secret SECRET, the server's (see the top of this file)")
}
do {
    let secret = try WebhookSecret(secretText)     // whsec_<base64> keys the HMAC with the decoded bytes
    let (answers, delivered) = AsyncStream.makeStream(of: BridgeMessage.self)
    let receiver = try HTTPServer(address: SocketAddress(parsing: "127.0.0.1:0"), group: .shared,
                                  handler: Receiver(secret: secret, answers: delivered))
    defer { receiver.shutdown(grace: .milliseconds(100)) }
    let bridge = try HTTPBridge(target: address)
    defer { bridge.close() }

    // 1. POST /validate-async: the server journals the request and answers 202 with its id.
    let request = BridgeMessage.request(MessageType.validationRequest, attributes: ["board_id": "board-7", "voltage": 12.5])
    let id = try await bridge.submit(request, callbackURL: "http://\(receiver.address)/webhooks")
    print("202 Accepted: request \(id), answer to http://\(receiver.address)/webhooks")

    // 2. The answer arrives later as a signed POST (wait at most 30 s).
    Task { try? await Task.sleep(for: .seconds(30)); delivered.finish() }
    guard let answer = await answers.first(where: { $0.requestID == id }) else { fail("no verified webhook for \(id) within 30 s") }
    guard answer.attributes["result"]?.stringValue == "PASS" else { fail("expected PASS, got \(answer)") }
    print("webhook: \(answer.type) \(answer.attributes["result"]?.stringValue ?? "") for request \(answer.requestID)")

    // The same round trip in one call: HTTPBridge's embedded WebhookReceiver does the verifying.
    let oneCall = try HTTPBridge(target: address, configuration: HTTPBridgeConfiguration(webhookSecret: secretText))
    defer { oneCall.close() }
    let reply = try await oneCall.callAsync(.request(MessageType.validationRequest, attributes: request.attributes),
                                           options: .timeout(.seconds(30)))
    print("callAsync: \(reply.type) \(reply.attributes["result"]?.stringValue ?? "")")
} catch {
    fail("\(error)")
}
