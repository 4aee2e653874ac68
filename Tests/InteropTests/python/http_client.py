#!/usr/bin/env python3
"""An HTTP/1.1 client for the validation service, written from CONTRACT.md sections 1 and 2 only,
on httpx (a third-party client nobody on the team wrote; its sync API).

Usage:
    http_client.py http://127.0.0.1:PORT [--token T]

Runs each check against the server and prints one JSON line per check,
{"name", "status": "pass"|"fail", "detail"}, then exits 1 when any check failed (2 when httpx
cannot be imported). Every request has a 10 s timeout, so the script always ends.
"""

import argparse
import json
import sys
import uuid

try:
    import httpx
except ImportError as problem:  # the Swift side probes the import first; this is for humans
    print("http_client.py needs httpx: %s" % problem, file=sys.stderr)
    sys.exit(2)

TIMEOUT = httpx.Timeout(10.0)


class CheckFailed(Exception):
    pass


def expect(condition, detail):
    if not condition:
        raise CheckFailed(detail)


def new_id():
    return "pyhttp-" + uuid.uuid4().hex


def message(msg_type, attributes=None):
    return {"message_id": new_id(), "type": msg_type, "attributes": attributes or {}, "timestamp_ms": 1}


def describe(response):
    return "HTTP %d %s" % (response.status_code, response.text[:300])


def json_body(response):
    try:
        body = response.json()
    except ValueError:
        raise CheckFailed("body is not JSON: " + describe(response))
    expect(isinstance(body, dict), "body is not a JSON object: " + describe(response))
    return body


def expect_error(response, status, code):
    expect(response.status_code == status, "want %d, got %s" % (status, describe(response)))
    body = json_body(response)
    expect(body.get("type") == "ERROR", "want type ERROR, got " + describe(response))
    attributes = body.get("attributes") or {}
    expect(attributes.get("error_code") == code,
           "want error_code %s, got %s" % (code, describe(response)))
    expect(isinstance(attributes.get("error_message"), str), "ERROR without error_message: " + describe(response))
    return body


def local_address(response):
    """The client end of the connection that carried `response`, when httpx exposes it."""
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        return stream.get_extra_info("client_addr")
    except Exception:  # an httpcore without get_extra_info
        return None


# ---------------------------------------------------------------------------------------------
# The checks. Each takes the shared client and returns a detail string or raises CheckFailed.


def check_ping(client):
    request = message("PING")
    response = client.post("/validate", json=request)
    expect(response.status_code == 200, describe(response))
    body = json_body(response)
    expect(body.get("type") == "PONG", "want PONG, got " + describe(response))
    expect(body.get("request_id") == request["message_id"],
           "request_id %r != message_id %r" % (body.get("request_id"), request["message_id"]))
    expect(body.get("message_id") and body.get("message_id") != request["message_id"],
           "answer needs a fresh message_id: " + describe(response))
    expect(response.headers.get("content-type", "").startswith("application/json"),
           "content-type %r" % response.headers.get("content-type"))
    return "PONG for %s" % request["message_id"]


def check_validation_pass(client):
    request = message("VALIDATION_REQUEST", {"board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"})
    response = client.post("/validate", json=request)
    expect(response.status_code == 200, describe(response))
    body = json_body(response)
    attributes = body.get("attributes") or {}
    expect(body.get("type") == "VALIDATION_RESPONSE", describe(response))
    expect(body.get("request_id") == request["message_id"], "request_id mismatch: " + describe(response))
    expect(attributes.get("result") == "PASS", "want PASS: " + describe(response))
    expect(attributes.get("violations") == [], "want no violations: " + describe(response))
    expect(isinstance(attributes.get("message"), str), "no message: " + describe(response))
    return "PASS"


def check_validation_fail(client):
    request = message("VALIDATION_REQUEST", {"board_id": "board-7", "voltage": 60, "current": 3, "mode": "auto"})
    response = client.post("/validate", json=request)
    expect(response.status_code == 200, describe(response))
    body = json_body(response)
    attributes = body.get("attributes") or {}
    expect(body.get("type") == "VALIDATION_RESPONSE", describe(response))
    expect(body.get("request_id") == request["message_id"], "request_id mismatch: " + describe(response))
    expect(attributes.get("result") == "FAIL", "want FAIL: " + describe(response))
    violations = attributes.get("violations")
    expect(isinstance(violations, list) and len(violations) == 1, "want one violation: " + describe(response))
    violation = violations[0]
    expect(violation.get("field") == "voltage" and violation.get("rule") == "max",
           "want voltage/max, got %r" % violation)
    expect(isinstance(violation.get("detail"), str), "violation without detail: %r" % violation)
    return "FAIL voltage/max"


def check_keep_alive(client):
    addresses = []
    for _ in range(5):
        request = message("PING")
        response = client.post("/validate", json=request)
        expect(response.status_code == 200, describe(response))
        expect(json_body(response).get("request_id") == request["message_id"], "request_id mismatch")
        expect(response.headers.get("connection", "").lower() != "close",
               "server asked to close a keep-alive connection: %r" % dict(response.headers))
        addresses.append(local_address(response))
    if all(address is not None for address in addresses):
        expect(len(set(addresses)) == 1, "5 requests used %d connections: %r" % (len(set(addresses)), addresses))
        return "5 requests on one connection from %s:%s" % addresses[0][:2]
    return "5 requests succeeded (httpx does not expose the connection here)"


def check_malformed_json(client):
    response = client.post("/validate", content=b'{"message_id": "x", "type": ',
                           headers={"Content-Type": "application/json"})
    expect_error(response, 400, "INVALID_ARGUMENT")
    return "400 INVALID_ARGUMENT"


def check_unknown_route(client):
    response = client.post("/no/such/route", json=message("PING"))
    expect(response.status_code == 404, "want 404, got " + describe(response))
    body = json_body(response)
    expect(body.get("type") == "ERROR", "want an ERROR body, got " + describe(response))
    return "404 %s" % (body.get("attributes") or {}).get("error_code")


def check_wrong_method(client):
    response = client.get("/validate")
    expect(response.status_code == 405, "want 405, got " + describe(response))
    allow = response.headers.get("allow")
    expect(allow is not None, "405 without Allow: %r" % dict(response.headers))
    methods = [part.strip().upper() for part in allow.split(",")]
    expect("POST" in methods, "Allow %r does not name POST" % allow)
    return "405 Allow: %s" % allow


def check_unknown_type(client):
    request = message("NO_SUCH_TYPE")
    response = client.post("/validate", json=request)
    body = expect_error(response, 404, "UNIMPLEMENTED")
    expect(body.get("request_id") == request["message_id"], "request_id mismatch: " + describe(response))
    return "404 UNIMPLEMENTED"


def check_echo_route(client):
    attributes = {"text": "hello", "n": 7, "nested": {"list": [1, "two", True, None]}}
    request = message("ECHO", attributes)
    response = client.post("/ipcbridge.v1.Validation/Echo", json=request)
    expect(response.status_code == 200, describe(response))
    body = json_body(response)
    expect(body.get("type") == "ECHO", "want ECHO: " + describe(response))
    expect(body.get("request_id") == request["message_id"], "request_id mismatch: " + describe(response))
    expect(body.get("attributes") == attributes, "attributes not echoed: %r" % body.get("attributes"))
    return "attributes echoed"


def check_healthz(client):
    response = client.get("/healthz")
    expect(response.status_code == 200, describe(response))
    body = json_body(response)
    expect(body.get("status") == "ok", "status: " + describe(response))
    for field in ("queue_depth", "active_workers", "uptime_s"):
        value = body.get(field)
        expect(isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0,
               "%s is not a number >= 0: %s" % (field, describe(response)))
    return json.dumps(body, sort_keys=True)


def check_chunked_body(client):
    request = message("VALIDATION_REQUEST", {"board_id": "board-9", "voltage": 5, "current": 1, "mode": "off"})
    encoded = json.dumps(request).encode("utf-8")

    def pieces():  # a generator: httpx cannot know the length, so it sends Transfer-Encoding: chunked
        for start in range(0, len(encoded), 7):
            yield encoded[start:start + 7]

    response = client.post("/validate", content=pieces(), headers={"Content-Type": "application/json"})
    sent = response.request.headers
    expect(sent.get("transfer-encoding", "").lower() == "chunked" and "content-length" not in sent,
           "httpx did not send a chunked body: %r" % dict(sent))
    expect(response.status_code == 200, describe(response))
    body = json_body(response)
    expect(body.get("type") == "VALIDATION_RESPONSE", describe(response))
    expect(body.get("request_id") == request["message_id"], "request_id mismatch: " + describe(response))
    expect((body.get("attributes") or {}).get("result") == "PASS", "want PASS: " + describe(response))
    return "%d bytes in %d chunks -> PASS" % (len(encoded), (len(encoded) + 6) // 7)


CHECKS = [
    ("ping", check_ping),
    ("validation_pass", check_validation_pass),
    ("validation_fail", check_validation_fail),
    ("keep_alive", check_keep_alive),
    ("malformed_json", check_malformed_json),
    ("unknown_route", check_unknown_route),
    ("wrong_method", check_wrong_method),
    ("unknown_type", check_unknown_type),
    ("echo_route", check_echo_route),
    ("healthz", check_healthz),
    ("chunked_body", check_chunked_body),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", help="e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", help="sent as Authorization: Bearer TOKEN")
    args = parser.parse_args()
    headers = {"Authorization": "Bearer " + args.token} if args.token else {}

    failures = 0
    with httpx.Client(base_url=args.base_url, timeout=TIMEOUT, headers=headers) as client:
        for name, check in CHECKS:
            try:
                detail = check(client)
                status = "pass"
            except CheckFailed as problem:
                detail, status = str(problem), "fail"
            except Exception as problem:  # transport errors, timeouts: a failed check, not a crash
                detail, status = "%s: %s" % (type(problem).__name__, problem), "fail"
            if status == "fail":
                failures += 1
            print(json.dumps({"name": name, "status": status, "detail": detail}), flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
