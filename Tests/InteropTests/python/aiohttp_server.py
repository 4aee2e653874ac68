#!/usr/bin/env python3
"""An HTTP/1.1 validation server on aiohttp, written from CONTRACT.md sections 1 and 2 only.

It serves the contract's synchronous routes:
    POST /validate, POST /ipcbridge.v1.Validation/Validate, POST /ipcbridge.v1.Validation/Echo
        body: a BridgeMessage as JSON; 200 with the answer, or an ERROR body with the
        contract's HTTP status for its error_code
    GET|HEAD /healthz
        {"status": "ok", "queue_depth", "active_workers", "uptime_s"}
Built-in rule set; PING -> PONG, ECHO -> ECHO, VALIDATION_REQUEST -> VALIDATION_RESPONSE,
anything else -> ERROR UNIMPLEMENTED (404). Reserved attributes: delay_ms (asyncio.sleep),
fail_with (ERROR with that code and its status), work_iterations, response_bytes.
Malformed JSON -> 400 INVALID_ARGUMENT, unknown route -> 404 NOT_FOUND, wrong method -> 405
with Allow, a body over 4 MiB -> 413 RESOURCE_EXHAUSTED.

Usage:
    aiohttp_server.py --port 0 [--host 127.0.0.1]

Prints `listening PORT` on stdout, flushed, once it accepts. SIGTERM or SIGINT stops it.
"""

import argparse
import asyncio
import base64
import hashlib
import json
import signal
import time
import uuid

from aiohttp import web

MAX_BODY_BYTES = 4 * 1024 * 1024

# field, required, kind, min, max, one_of: the contract's built-in rule set, in rule order.
RULES = [
    ("board_id", True, "string", None, None, None),
    ("voltage", False, "number", 0, 48, None),
    ("current", False, "number", 0, 20, None),
    ("mode", False, "string", None, None, ["auto", "manual", "off"]),
]

# The contract's error_code -> HTTP status table; anything else is 500.
HTTP_STATUS = {
    "INVALID_ARGUMENT": 400, "FAILED_PRECONDITION": 400, "OUT_OF_RANGE": 400,
    "UNAUTHENTICATED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404, "UNIMPLEMENTED": 404,
    "ALREADY_EXISTS": 409, "ABORTED": 409,
    "RESOURCE_EXHAUSTED": 429,
    "CANCELLED": 499,
    "UNAVAILABLE": 503,
    "DEADLINE_EXCEEDED": 504,
    "INTERNAL": 500, "UNKNOWN": 500, "DATA_LOSS": 500,
}

# route -> methods it allows (HEAD goes with GET).
ROUTES = {
    "/validate": ("POST",),
    "/ipcbridge.v1.Validation/Validate": ("POST",),
    "/ipcbridge.v1.Validation/Echo": ("POST",),
    "/healthz": ("GET", "HEAD"),
}

STARTED = time.monotonic()
ACTIVE = 0


def new_id():
    return "aiohttp-" + uuid.uuid4().hex


def now_ms():
    return int(time.time() * 1000)


def kind_of(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return type(value).__name__


def validate(attributes):
    violations = []
    for field, required, kind, low, high, one_of in RULES:
        value = attributes.get(field)
        if value is None:
            if required:
                violations.append({"field": field, "rule": "required", "detail": "%s is required" % field})
            continue
        if kind_of(value) != kind:
            violations.append({"field": field, "rule": "kind",
                               "detail": "%s must be a %s, not %s" % (field, kind, kind_of(value))})
            continue
        if required and kind == "string" and value == "":
            violations.append({"field": field, "rule": "required", "detail": "%s must not be empty" % field})
            continue
        measure = value if kind == "number" else len(value)
        if low is not None and measure < low:
            violations.append({"field": field, "rule": "min", "detail": "%s %s is below %s" % (field, value, low)})
        if high is not None and measure > high:
            violations.append({"field": field, "rule": "max", "detail": "%s %s is above %s" % (field, value, high)})
        if one_of is not None and value not in one_of:
            violations.append({"field": field, "rule": "one_of",
                               "detail": "%s must be one of %s" % (field, ", ".join(one_of))})
    return violations


def number(value, default=0):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return default
    try:
        return float(value)
    except ValueError:
        return default


def reply(request_id, msg_type, attributes=None, **fields):
    message = {"message_id": new_id(), "type": msg_type, "request_id": request_id,
               "attributes": attributes or {}, "timestamp_ms": now_ms()}
    message.update(fields)
    return message


def answer(message, status=200, headers=None):
    return web.Response(status=status, headers=headers, body=json.dumps(message).encode("utf-8"),
                        content_type="application/json")


def error(request_id, code, text, status=None, headers=None):
    message = reply(request_id, "ERROR", {"error_code": code, "error_message": text})
    return answer(message, status or HTTP_STATUS.get(code, 500), headers)


async def respond(request_message, route):
    """The answer to one BridgeMessage, as Validate (or Echo, by route) would give it."""
    attributes = request_message.get("attributes") or {}
    if not isinstance(attributes, dict):
        attributes = {}
    request_id = request_message.get("message_id", "")
    if not isinstance(request_id, str):
        request_id = ""
    delay_ms = number(attributes.get("delay_ms"))
    if delay_ms > 0:
        await asyncio.sleep(delay_ms / 1000.0)  # a timer: the event loop keeps serving others
    fail_with = attributes.get("fail_with")
    if isinstance(fail_with, str) and fail_with:
        return error(request_id, fail_with, "failing as asked by fail_with")

    fields = {}
    response_bytes = int(number(attributes.get("response_bytes")))
    if response_bytes > 0:
        fields["payload"] = base64.b64encode(b"\x00" * response_bytes).decode("ascii")
    extra = {}
    iterations = int(number(attributes.get("work_iterations")))
    if iterations >= 1:
        digest = hashlib.sha256(request_id.encode("utf-8")).digest()
        for _ in range(iterations - 1):
            digest = hashlib.sha256(digest).digest()
        extra["digest"] = digest.hex()

    msg_type = request_message.get("type", "")
    if route.endswith("/Echo"):
        msg_type = "ECHO" if msg_type in ("", "ECHO") else msg_type
    if msg_type == "PING":
        return answer(reply(request_id, "PONG", extra, **fields))
    if msg_type == "ECHO":
        echoed = {"timestamp_ms": request_message.get("timestamp_ms", 0)}
        if "payload" in request_message:
            echoed["payload"] = request_message["payload"]
        echoed.update(fields)
        message = reply(request_id, "ECHO", dict(attributes, **extra))
        message.update(echoed)
        return answer(message)
    if msg_type == "VALIDATION_REQUEST":
        violations = validate(attributes)
        result = "FAIL" if violations else "PASS"
        text = "%d violation(s)" % len(violations) if violations else "all rules passed"
        out = {"result": result, "message": text, "violations": violations}
        out.update(extra)
        return answer(reply(request_id, "VALIDATION_RESPONSE", out, **fields))
    return error(request_id, "UNIMPLEMENTED", "unknown message type %r" % msg_type)


async def handle_message(request):
    global ACTIVE
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return error("", "RESOURCE_EXHAUSTED", "body over %d bytes" % MAX_BODY_BYTES, status=413)
    try:
        message = json.loads(body.decode("utf-8"))
        if not isinstance(message, dict):
            raise ValueError("a BridgeMessage must be a JSON object")
    except ValueError as problem:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return error("", "INVALID_ARGUMENT", "body is not a BridgeMessage: %s" % problem)
    ACTIVE += 1
    try:
        return await respond(message, request.path)
    finally:
        ACTIVE -= 1


async def handle_health(request):
    return answer({"status": "ok", "queue_depth": 0, "active_workers": ACTIVE,
                   "uptime_s": int(time.monotonic() - STARTED)})


async def dispatch(request):
    """One catch-all handler, so that 404 and 405 carry ERROR bodies like every other error."""
    methods = ROUTES.get(request.path)
    if methods is None:
        return error("", "NOT_FOUND", "no route %s %s" % (request.method, request.path))
    if request.method not in methods:
        return error("", "UNIMPLEMENTED", "%s is not allowed on %s" % (request.method, request.path),
                     status=405, headers={"Allow": ", ".join(methods)})
    if request.path == "/healthz":
        return await handle_health(request)
    return await handle_message(request)


async def main(args):
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_route("*", "/{tail:.*}", dispatch)
    # A test server: on SIGTERM give in-flight handlers (say a delay_ms 2000 whose client gave
    # up) half a second, not aiohttp's default minute. Older aiohttp has no such argument here.
    try:
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
    except TypeError:
        runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host=args.host, port=args.port)
    await site.start()

    # A parent may hand SIGTERM down ignored or blocked (both survive exec): take it back.
    stop = asyncio.Event()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)

    # The bound port: from the site's listening sockets (runner.addresses reads the same sockets).
    server = getattr(site, "_server", None)
    sockets = getattr(server, "sockets", None) or []
    port = sockets[0].getsockname()[1] if sockets else runner.addresses[0][1]
    print("listening %d" % port, flush=True)
    await stop.wait()
    await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True, help="TCP port (0 takes a free one)")
    parser.add_argument("--host", default="127.0.0.1")
    try:
        asyncio.run(main(parser.parse_args()))
    except KeyboardInterrupt:
        pass
