#!/usr/bin/env python3
"""Standard Webhooks interop peer built on the `standardwebhooks` package from PyPI
(CONTRACT.md section 2): the reference implementation nobody on the team wrote.

  receive --port 0 --secret S --expect N [--secret-bytes]
      An HTTP/1.1 receiver on 127.0.0.1 that checks every POST with
      standardwebhooks.Webhook(S).verify(body, headers). Prints `listening PORT` when ready,
      then one JSON line per delivery: {"webhook_id", "verified", "request_id"} (plus "error"
      when refused). Answers 204 when verified, 401 when not. Exits 0 after N verified
      deliveries, 1 when they did not all come within --timeout seconds (default 30).

  send --url URL --secret S --count N [--secret-bytes]
      Signs N BridgeMessage JSON bodies with standardwebhooks.Webhook(S).sign(...) and POSTs
      them with webhook-id, webhook-timestamp and webhook-signature; then one forged delivery
      (a signature made with another key) and one signed correctly but with a timestamp
      10 minutes old. Prints one JSON line per POST: {"kind", "webhook_id", "request_id",
      "status"}. Exits 0 when every POST got an HTTP answer (whatever its status).

--secret-bytes keys the package with the UTF-8 bytes of S (Webhook(S.encode())) instead of
the string form, which always base64-decodes S (after stripping an optional `whsec_`).

Standard library plus `standardwebhooks` only.
"""

import argparse
import http.server
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


def emit(obj):
    sys.stdout.write(json.dumps(obj, sort_keys=True) + "\n")
    sys.stdout.flush()


def make_webhook(secret, secret_bytes):
    return Webhook(secret.encode("utf-8") if secret_bytes else secret)


# ---------------------------------------------------------------- receive


def receive(args):
    webhook = make_webhook(args.secret, args.secret_bytes)
    lock = threading.Lock()
    verified_count = [0]
    done = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the server's connection pool expects

        def log_message(self, format, *arguments):  # keep stdout for the JSON lines
            sys.stderr.write("webhooks_peer: " + (format % arguments) + "\n")

        def answer(self, status, body=b""):
            self.send_response(status)
            if status != 204:
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and status != 204:
                self.wfile.write(body)
            self.wfile.flush()

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {name: value for name, value in self.headers.items()}
            webhook_id = self.headers.get("webhook-id")
            request_id = None
            try:
                request_id = json.loads(body).get("request_id")
            except Exception:
                pass
            error = None
            try:
                webhook.verify(body, headers)
                verified = True
            except WebhookVerificationError as exc:
                verified = False
                error = str(exc)
            except Exception as exc:  # malformed header values raise other errors in the package
                verified = False
                error = "%s: %s" % (type(exc).__name__, exc)
            line = {"webhook_id": webhook_id, "verified": verified, "request_id": request_id}
            if error is not None:
                line["error"] = error
            with lock:
                emit(line)
                if verified:
                    verified_count[0] += 1
                    if verified_count[0] >= args.expect:
                        done.set()
            if verified:
                self.answer(204)
            else:
                self.answer(401, ("refused: %s" % error).encode())

        def do_GET(self):
            self.answer(405, b"webhooks are POSTed")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    sys.stdout.write("listening %d\n" % server.server_address[1])
    sys.stdout.flush()

    ok = done.wait(timeout=args.timeout)
    # Let the last 204 reach the sender before the socket goes away.
    time.sleep(0.2)
    server.shutdown()
    server.server_close()
    if not ok:
        sys.stderr.write("webhooks_peer: only %d of %d verified deliveries within %s s\n"
                         % (verified_count[0], args.expect, args.timeout))
        return 1
    return 0


# ---------------------------------------------------------------- send


def bridge_message(index):
    return {
        "message_id": "py-" + uuid.uuid4().hex,
        "type": "PONG",
        "request_id": "py-req-%d-%s" % (index, uuid.uuid4().hex[:8]),
        "attributes": {"index": index, "from": "standardwebhooks"},
        "timestamp_ms": int(time.time() * 1000),
    }


def post(url, body, headers, timeout):
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def send(args):
    webhook = make_webhook(args.secret, args.secret_bytes)
    # The forgery is signed with a key that is not the shared secret.
    forger = Webhook(b"not-the-shared-secret-" + uuid.uuid4().bytes)
    failures = 0

    def deliver(kind, index, signer, when):
        nonlocal failures
        message = bridge_message(index)
        payload = json.dumps(message, separators=(",", ":"))
        msg_id = "msg_py_" + uuid.uuid4().hex
        signature = signer.sign(msg_id, when, payload)
        headers = {
            "webhook-id": msg_id,
            "webhook-timestamp": str(int(when.timestamp())),
            "webhook-signature": signature,
        }
        try:
            status = post(args.url, payload.encode("utf-8"), headers, args.timeout)
        except Exception as exc:
            failures += 1
            emit({"kind": kind, "webhook_id": msg_id, "request_id": message["request_id"],
                  "status": None, "error": "%s: %s" % (type(exc).__name__, exc)})
            return
        emit({"kind": kind, "webhook_id": msg_id, "request_id": message["request_id"], "status": status})

    for index in range(args.count):
        deliver("genuine", index, webhook, datetime.now(tz=timezone.utc))
    deliver("forged", args.count, forger, datetime.now(tz=timezone.utc))
    deliver("stale", args.count + 1, webhook, datetime.now(tz=timezone.utc) - timedelta(minutes=10))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    receiver = commands.add_parser("receive")
    receiver.add_argument("--port", type=int, default=0)
    receiver.add_argument("--secret", required=True)
    receiver.add_argument("--expect", type=int, required=True)
    receiver.add_argument("--timeout", type=float, default=30.0)
    receiver.add_argument("--secret-bytes", action="store_true")

    sender = commands.add_parser("send")
    sender.add_argument("--url", required=True)
    sender.add_argument("--secret", required=True)
    sender.add_argument("--count", type=int, required=True)
    sender.add_argument("--timeout", type=float, default=10.0)
    sender.add_argument("--secret-bytes", action="store_true")

    args = parser.parse_args()
    if args.command == "receive":
        return receive(args)
    return send(args)


if __name__ == "__main__":
    sys.exit(main())
