import BridgeTestSupport
import Foundation
import Synchronization
import Testing
import IPCBridge

/// Requests accepted with 202 survive `kill -9` when a journal is configured (CONTRACT.md
/// section 2): real `bridge-server` processes on one journal file, killed mid-storm and
/// restarted three times, deliver every accepted answer, each exactly once after deduplication
/// by `webhook-id`.
@Suite("Journal durability across kill -9", .serialized)
struct JournalDurabilityTests {
    /// Where each submission stands, shared by the submitting tasks.
    struct Ledger: Sendable {
        /// Ids still to submit (or to submit again after a transport failure).
        var todo: [String] = []
        /// Ids the server took: 202, or 409 on a resubmission (the journal already had it).
        var accepted: Set<String> = []
        var acceptedBy202 = 0
        var acceptedBy409 = 0
        /// Ids answered with anything else (must not be delivered).
        var refused: [String: Int] = [:]
        /// Transport failures (connection refused/lost around the kill); those ids are resubmitted.
        var transportFailures = 0
        var attemptsByID: [String: Int] = [:]
    }

    /// The server under test: replaced at each restart.
    final class Target: Sendable {
        private let client = Locked<HTTPClient?>(nil)
        func set(_ new: HTTPClient?) {
            let old = client.withLock { current in
                defer { current = new }
                return current
            }
            old?.close()
        }
        var current: HTTPClient? { client.withLock { $0 } }
    }

    static let perCycle = 200
    static let cycles = 3
    static let submitters = 6

    static func start(journal: String, secret: String) async throws -> (HTTPServerProcess, HTTPClient) {
        let server = try HTTPServerProcess(["--http", "127.0.0.1:0", "--journal", journal, "--webhook-secret", secret,
                                            "--allow-private-callbacks", "--workers", "4", "--threads", "2"])
        let line = try await onDedicatedThread { server.readLine() }
        let target = try #require(server.httpTarget, "no listening line (got '\(line)'); stderr: \(server.stderr)")
        return (server, HTTPClient(address: try SocketAddress(parsing: target), configuration: .init(maxConnections: 8)))
    }

    @Test("kill -9 mid-storm, restart on the same journal, three times: every accepted id delivered, once after dedupe")
    func killAndRestartStorm() async throws {
        let testStart = ContinuousClock.now
        let secret = randomWhsecSecret()
        let journal = "/tmp/ipcbridge-journal-\(UInt64.random(in: 0...UInt64.max)).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: journal + suffix) } }

        let recorder = WebhookRecorder(secret: try WebhookSecret(secret))
        let receiver = try WebhookReceiver(recorder, threads: 2)
        defer { receiver.stop() }
        let callback = receiver.url("durable")

        let ledger = Locked(Ledger())
        let target = Target()
        var (server, client) = try await Self.start(journal: journal, secret: secret)
        target.set(client)
        defer {
            target.set(nil)
            server.signal(SIGKILL)
        }
        var kills = 0
        var backlogAtKill: [Int] = []

        for cycle in 0..<Self.cycles {
            let ids = (0..<Self.perCycle).map { "c\(cycle)-r\($0)" }
            ledger.withLock { $0.todo = ids.reversed() }
            let acceptedBefore = ledger.withLock { $0.accepted.count }

            // Submitters: pull an id, POST it to whichever server is current; on a transport
            // failure put it back to be sent again (same request_id) once a server answers.
            let storm = Task {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<Self.submitters {
                        group.addTask {
                            let giveUp = ContinuousClock.now + .seconds(25)
                            while ContinuousClock.now < giveUp {
                                guard let id = ledger.withLock({ $0.todo.popLast() }) else { return }
                                let delay = Int.random(in: 0...50)
                                let body = asyncBody(requestID: id, callback: callback, message: passingMessage(["delay_ms": .number(Double(delay))]))
                                guard let client = target.current else {
                                    ledger.withLock { $0.todo.append(id) }
                                    try? await Task.sleep(for: .milliseconds(20))
                                    continue
                                }
                                let result = await client.exchange("POST", "/validate-async", body: body, timeout: .seconds(3))
                                let retry: Bool = ledger.withLock { ledger in
                                    ledger.attemptsByID[id, default: 0] += 1
                                    switch result {
                                    case .success(let reply) where reply.status == 202:
                                        ledger.accepted.insert(id)
                                        ledger.acceptedBy202 += 1
                                        return false
                                    case .success(let reply) where reply.status == 409 && ledger.attemptsByID[id, default: 0] > 1:
                                        ledger.accepted.insert(id)  // journaled by the killed server before its 202 got out
                                        ledger.acceptedBy409 += 1
                                        return false
                                    case .success(let reply):
                                        ledger.refused[id] = reply.status
                                        return false
                                    case .failure:
                                        ledger.transportFailures += 1
                                        ledger.todo.insert(id, at: 0)
                                        return true
                                    }
                                }
                                if retry { try? await Task.sleep(for: .milliseconds(20)) }
                            }
                        }
                    }
                }
            }

            // Kill once about half of this cycle's requests were accepted.
            let halfway = await eventually(seconds: 15) { ledger.withLock { $0.accepted.count } - acceptedBefore >= Self.perCycle / 2 }
            #expect(halfway, "cycle \(cycle): half the requests were not accepted within 15 s")
            server.signal(SIGKILL)
            kills += 1
            // How much was accepted but not yet delivered when the process died (in flight or queued).
            backlogAtKill.append(ledger.withLock { $0.accepted.count } - recorder.deliveredRequestIDs.count)
            _ = try await onDedicatedThread { [server] in server.waitForExit(timeout: .seconds(5)) }
            target.set(nil)

            // Restart on the same journal (a new port; callbacks go to the receiver anyway).
            (server, client) = try await Self.start(journal: journal, secret: secret)
            target.set(client)
            await storm.value
            let leftover = ledger.withLock { $0.todo.count }
            #expect(leftover == 0, "cycle \(cycle): \(leftover) submissions never got an answer")

            // Every accepted id so far delivered (bounded by what is left of a ~50 s budget).
            let accepted = ledger.withLock { $0.accepted }
            let budget = max(5.0, 50.0 - (ContinuousClock.now - testStart).secondsDouble)
            let allDelivered = await eventually(seconds: budget) { recorder.deliveredRequestIDs.isSuperset(of: accepted) }
            let missing = accepted.subtracting(recorder.deliveredRequestIDs)
            #expect(allDelivered, "cycle \(cycle): \(missing.count) accepted ids not delivered, e.g. \(missing.sorted().prefix(5))")
        }

        // The final server's log agrees: nothing left pending or failed.
        let pendingOrFailed = await eventually(seconds: 5) {
            var count = 0
            for status in ["queued", "processing", "failed"] {
                guard case .success(let reply) = await client.exchange("GET", "/requests?status=\(status)&limit=1000") else { return false }
                count += reply.json?["requests"]?.arrayValue?.count ?? 1
            }
            return count == 0
        }
        #expect(pendingOrFailed, "the request log still holds queued, processing or failed requests")

        server.signal(SIGTERM)
        let exitStatus = try await onDedicatedThread { [server] in server.waitForExit(timeout: .seconds(10)) }
        #expect(exitStatus == 0, "SIGTERM should exit 0; stderr: \(server.stderr)")

        let final = ledger.withLock { $0 }
        let dedupe = recorder.deduped
        let delivered = Set(dedupe.firstSeen.values)
        let deliveries = recorder.all
        #expect(kills == Self.cycles)
        #expect(final.accepted.count + final.refused.count == Self.perCycle * Self.cycles, "every submission ended accepted or refused")
        #expect(final.refused.isEmpty, "refused: \(final.refused.prefix(5))")
        #expect(delivered.subtracting(final.accepted).isEmpty,
                "delivered but never accepted: \(delivered.subtracting(final.accepted).sorted().prefix(5))")
        #expect(final.accepted.subtracting(delivered).isEmpty,
                "accepted but never delivered: \(final.accepted.subtracting(delivered).sorted().prefix(5))")
        #expect(delivered == final.accepted, "after dedupe by webhook-id the delivered set is the accepted set")
        #expect(dedupe.firstSeen.count == delivered.count, "one webhook-id per request (no id delivered under two webhook-ids)")
        #expect(dedupe.webhookIDsByRequest.values.allSatisfy { $0.count == 1 })
        #expect(dedupe.duplicateMismatches == 0, "a duplicate webhook-id carried another request's answer")
        let badSignatures = deliveries.filter { $0.signatureError != nil }
        #expect(badSignatures.isEmpty, "bad signatures: \(badSignatures.prefix(3).map { $0.signatureError ?? "" })")
        #expect(deliveries.allSatisfy { $0.message?.type == "VALIDATION_RESPONSE" })

        let elapsed = ContinuousClock.now - testStart
        print("""
            JournalDurabilityTests: \(Self.cycles) kill -9 cycles in \(elapsed): \(final.accepted.count) accepted \
            (\(final.acceptedBy202) by 202, \(final.acceptedBy409) by 409 on resubmission), \
            \(final.transportFailures) transport failures resubmitted, \(deliveries.count) POSTs received, \
            \(delivered.count) distinct, \(dedupe.duplicates) duplicates (same webhook-id); \
            accepted-but-undelivered at each kill: \(backlogAtKill)
            """)
    }
}
