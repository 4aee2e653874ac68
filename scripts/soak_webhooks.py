#!/usr/bin/env python3
"""Async-request accounting for scripts/soak.sh: submits POST /validate-async requests at a
modest pace and receives their signed webhooks, so every 202 can be matched to a delivery.

    soak_webhooks.py --http H:P --secret S --duration SECONDS [--concurrency 2] [--grace 90]
                     [--fail-first 0.1] [--min-pause 0.02] [--max-pause 0.1]

A receiver on 127.0.0.1 (the server needs --allow-private-callbacks) checks each delivery's
Standard Webhooks signature (a `whsec_` secret keys the HMAC with its base64-decoded bytes, any
other with its UTF-8 bytes) and timestamp (at most 5 minutes away), answers 204, and records it
by `webhook-id`. The first delivery of about --fail-first of the requests is answered 500 so
the server's retry path runs too (its retry must carry the same webhook-id). Deliveries are
deduplicated by webhook-id: a second 2xx-answered delivery with the same id counts as a
duplicate, not a second delivery.

After --duration seconds it stops submitting and waits up to --grace seconds until every
accepted request is delivered, then looks up any missing one with GET /requests/{id} and prints
one JSON object: submitted, accepted, rejected (by HTTP status), submit_errors, delivered,
lost, duplicates, bad_signature, stale_timestamp, unknown, forced_500, webhook_id_mismatch,
lost_detail (up to 10 of the missing requests as the server reports them), wait_s.
Exit status 0 when lost == 0 and no delivery was badly signed, 1 otherwise.
Standard library only.
"""

import argparse
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import random
import sys
import threading
import time

MESSAGES = [
    {"type": "VALIDATION_REQUEST", "attributes": {"board_id": "soak", "voltage": 12.5, "current": 3, "mode": "auto"}},
    {"type": "VALIDATION_REQUEST", "attributes": {"board_id": "soak", "voltage": 60, "mode": "auto"}},  # FAIL
    {"type": "VALIDATION_REQUEST", "attributes": {"board_id": "soak", "voltage": 5, "delay_ms": 50}},
    {"type": "VALIDATION_REQUEST", "attributes": {"board_id": "soak", "voltage": 5, "work_iterations": 200}},
    {"type": "PING", "attributes": {}},
    {"type": "ECHO", "attributes": {"response_bytes": 2048}},
]


def hmac_key(secret):
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_"):])
    return secret.encode()


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted = set()
        self.rejected = {}
        self.submitted = 0
        self.submit_errors = 0
        self.submit_error_samples = []
        self.delivered = {}  # webhook-id -> request_id
        self.delivered_requests = set()
        self.webhook_of = {}  # request_id -> first webhook-id seen
        self.attempted = set()  # webhook-ids seen at least once (for the forced 500)
        self.duplicates = 0
        self.bad_signature = 0
        self.stale = 0
        self.unknown = 0
        self.forced_500 = 0
        self.id_mismatch = 0


def make_handler(state, key, fail_first, rng_lock, rng):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status):
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            wid = self.headers.get("webhook-id", "")
            ts = self.headers.get("webhook-timestamp", "")
            sigs = self.headers.get("webhook-signature", "")
            expected = base64.b64encode(hmac.new(key, f"{wid}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
            good = any(part.startswith("v1,") and hmac.compare_digest(part[3:], expected) for part in sigs.split())
            if not good:
                with state.lock:
                    state.bad_signature += 1
                return self.answer(401)
            try:
                fresh = abs(time.time() - int(ts)) <= 300
            except ValueError:
                fresh = False
            if not fresh:
                with state.lock:
                    state.stale += 1
                return self.answer(401)
            try:
                request_id = json.loads(body).get("request_id", "")
            except ValueError:
                request_id = ""
            with rng_lock:
                fail_now = rng.random() < fail_first
            with state.lock:
                first_time = wid not in state.attempted
                state.attempted.add(wid)
                known = state.webhook_of.setdefault(request_id, wid)
                if known != wid:
                    state.id_mismatch += 1
                if first_time and fail_now:
                    state.forced_500 += 1
                    status = 500
                elif wid in state.delivered:
                    state.duplicates += 1
                    status = 204
                else:
                    state.delivered[wid] = request_id
                    state.delivered_requests.add(request_id)
                    if request_id not in state.accepted:
                        state.unknown += 1  # the 202 may still be on its way back to us
                    status = 204
            self.answer(status)

    return Handler


def submitter(server, callback_url, state, deadline, seed, min_pause, max_pause):
    rng = random.Random(seed)
    host, _, port = server.rpartition(":")
    conn = None
    n = 0
    while time.monotonic() < deadline:
        n += 1
        request_id = f"soak-{seed}-{n}-{rng.getrandbits(32):08x}"
        message = dict(rng.choice(MESSAGES))
        message["message_id"] = request_id
        body = json.dumps({"request_id": request_id, "callback_url": callback_url, "message": message})
        with state.lock:
            state.submitted += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
            conn.request("POST", "/validate-async", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()
            with state.lock:
                if response.status == 202:
                    state.accepted.add(request_id)
                    if request_id in state.delivered_requests:
                        state.unknown -= 1  # delivered before the 202 reached us
                else:
                    state.rejected[str(response.status)] = state.rejected.get(str(response.status), 0) + 1
                    if len(state.submit_error_samples) < 5:
                        state.submit_error_samples.append(f"{response.status} {payload[:160]!r}")
        except (OSError, http.client.HTTPException) as error:
            with state.lock:
                state.submit_errors += 1
                if len(state.submit_error_samples) < 5:
                    state.submit_error_samples.append(f"{type(error).__name__}: {error}")
            if conn is not None:
                conn.close()
            conn = None
        time.sleep(rng.uniform(min_pause, max_pause))
    if conn is not None:
        conn.close()


def lookup(server, request_id):
    host, _, port = server.rpartition(":")
    try:
        conn = http.client.HTTPConnection(host, int(port), timeout=5)
        conn.request("GET", f"/requests/{request_id}")
        response = conn.getresponse()
        record = json.loads(response.read() or b"{}")
        conn.close()
        return {"request_id": request_id, "http": response.status, "status": record.get("status"),
                "attempts": record.get("attempts"), "error": record.get("error") or record.get("failure")}
    except Exception as error:  # report, never crash the summary
        return {"request_id": request_id, "lookup_error": f"{type(error).__name__}: {error}"}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--http", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--grace", type=float, default=90)
    parser.add_argument("--fail-first", type=float, default=0.1)
    parser.add_argument("--min-pause", type=float, default=0.02)
    parser.add_argument("--max-pause", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)

    state = State()
    receiver = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), make_handler(state, hmac_key(args.secret), args.fail_first, threading.Lock(), random.Random(seed)))
    receiver.daemon_threads = True
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    callback_url = f"http://127.0.0.1:{receiver.server_address[1]}/hooks"

    deadline = time.monotonic() + args.duration
    workers = [threading.Thread(target=submitter, args=(args.http, callback_url, state, deadline, f"{seed}x{i}",
                                                        args.min_pause, args.max_pause)) for i in range(args.concurrency)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    wait_started = time.monotonic()
    while time.monotonic() - wait_started < args.grace:
        with state.lock:
            if state.accepted <= state.delivered_requests:
                break
        time.sleep(0.2)
    wait_s = time.monotonic() - wait_started
    with state.lock:
        missing = sorted(state.accepted - state.delivered_requests)
        result = {
            "seed": seed, "submitted": state.submitted, "accepted": len(state.accepted), "rejected": state.rejected,
            "submit_errors": state.submit_errors, "submit_error_samples": state.submit_error_samples,
            "delivered": len(state.accepted & state.delivered_requests), "lost": len(missing),
            "duplicates": state.duplicates, "bad_signature": state.bad_signature, "stale_timestamp": state.stale,
            "unknown": state.unknown, "forced_500": state.forced_500, "webhook_id_mismatch": state.id_mismatch,
            "wait_s": round(wait_s, 1),
        }
    result["lost_detail"] = [lookup(args.http, request_id) for request_id in missing[:10]]
    receiver.shutdown()
    print(json.dumps(result))
    sys.stdout.flush()
    return 0 if result["lost"] == 0 and result["bad_signature"] == 0 and result["webhook_id_mismatch"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
