#!/usr/bin/env python3
"""A minimal framed-TCP validation server, written from CONTRACT.md sections 1 and 3 only.

A frame is a 4-byte big-endian unsigned length N, then N bytes of UTF-8 JSON holding one
BridgeMessage. Every frame is handled in its own task, so answers may leave in any order
(`delay_ms` makes that visible). Standard library only.

Usage:
    framed_server.py --port 0 [--host 127.0.0.1] [--push-events N]
    framed_server.py --unix PATH [--push-events N]

Prints `listening PORT` (or `listening unix:PATH`) on stdout, flushed, once it accepts.
With --push-events N, right after a connection's first request it sends N unsolicited
EVENT frames with an empty request_id and attribute `pushed` = 0..N-1.
"""

import argparse
import asyncio
import json
import os
import signal
import struct
import time
import uuid

HEADER = struct.Struct(">I")
MAX_FRAME_BYTES = 16 * 1024 * 1024

# field, required, kind, min, max, one_of: the contract's built-in rule set, in rule order.
RULES = [
    ("board_id", True, "string", None, None, None),
    ("voltage", False, "number", 0, 48, None),
    ("current", False, "number", 0, 20, None),
    ("mode", False, "string", None, None, ["auto", "manual", "off"]),
]


def new_id():
    return "pysrv-" + uuid.uuid4().hex


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


def reply(request_id, msg_type, attributes=None, **fields):
    message = {"message_id": new_id(), "type": msg_type, "request_id": request_id,
               "attributes": attributes or {}, "timestamp_ms": now_ms()}
    message.update(fields)
    return message


def error(request_id, code, text):
    return reply(request_id, "ERROR", {"error_code": code, "error_message": text})


def number(value, default=0):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return default
    try:
        return float(value)
    except ValueError:
        return default


class Connection:
    def __init__(self, reader, writer, push_events):
        self.reader = reader
        self.writer = writer
        self.push_events = push_events
        self.write_lock = asyncio.Lock()
        self.tasks = set()
        self.first_request_seen = False

    async def send(self, message):
        body = json.dumps(message).encode("utf-8")
        async with self.write_lock:
            self.writer.write(HEADER.pack(len(body)) + body)
            await self.writer.drain()

    def spawn(self, coroutine):
        task = asyncio.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def serve(self):
        try:
            while True:
                (length,) = HEADER.unpack(await self.reader.readexactly(4))
                if length > MAX_FRAME_BYTES:
                    await self.send(error("", "RESOURCE_EXHAUSTED", "frame of %d bytes is over the limit" % length))
                    break
                body = await self.reader.readexactly(length)
                try:
                    request = json.loads(body.decode("utf-8"))
                    if not isinstance(request, dict):
                        raise ValueError("a BridgeMessage must be a JSON object")
                except ValueError as problem:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                    await self.send(error("", "INVALID_ARGUMENT", "malformed frame: %s" % problem))
                    continue
                self.spawn(self.handle(request))
                if not self.first_request_seen:
                    self.first_request_seen = True
                    if self.push_events > 0:
                        self.spawn(self.push())
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            for task in list(self.tasks):
                task.cancel()
            self.writer.close()

    async def push(self):
        for index in range(self.push_events):
            await self.send(reply("", "EVENT", {"pushed": index}))

    async def handle(self, request):
        try:
            attributes = request.get("attributes") or {}
            if not isinstance(attributes, dict):
                attributes = {}
            request_id = request.get("message_id", "")
            delay_ms = number(attributes.get("delay_ms"))
            if delay_ms > 0:
                await asyncio.sleep(delay_ms / 1000.0)
            fail_with = attributes.get("fail_with")
            if isinstance(fail_with, str) and fail_with:
                await self.send(error(request_id, fail_with, "failing as asked by fail_with"))
                return
            msg_type = request.get("type", "")
            if msg_type == "PING":
                await self.send(reply(request_id, "PONG"))
            elif msg_type == "HELLO":
                await self.send(reply(request_id, "HELLO_ACK"))
            elif msg_type == "ECHO":
                fields = {}
                if "payload" in request:
                    fields["payload"] = request["payload"]
                await self.send(reply(request_id, "ECHO", attributes, **fields))
            elif msg_type == "VALIDATION_REQUEST":
                violations = validate(attributes)
                result = "FAIL" if violations else "PASS"
                text = "%d violation(s)" % len(violations) if violations else "all rules passed"
                await self.send(reply(request_id, "VALIDATION_RESPONSE",
                                      {"result": result, "message": text, "violations": violations}))
            elif msg_type == "WATCH":
                count = int(number(attributes.get("event_count")))
                interval = number(attributes.get("event_interval_ms")) / 1000.0
                for seq in range(count):
                    if seq and interval > 0:
                        await asyncio.sleep(interval)
                    await self.send(reply(request_id, "EVENT", {"seq": seq}))
                await self.send(reply(request_id, "END"))
            else:
                await self.send(error(request_id, "UNIMPLEMENTED", "unknown message type %r" % msg_type))
        except ConnectionError:
            pass


async def main(args):
    async def on_connect(reader, writer):
        await Connection(reader, writer, args.push_events).serve()

    # A parent may hand SIGTERM down ignored or blocked (both survive exec): take it back, so
    # that SIGTERM always stops the server, and stop cleanly (removing a Unix socket file).
    stop = asyncio.Event()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for number in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(number, stop.set)

    if args.unix:
        if os.path.exists(args.unix):
            os.unlink(args.unix)
        server = await asyncio.start_unix_server(on_connect, path=args.unix)
        print("listening unix:%s" % args.unix, flush=True)
    else:
        server = await asyncio.start_server(on_connect, host=args.host, port=args.port)
        port = server.sockets[0].getsockname()[1]
        print("listening %d" % port, flush=True)
    await stop.wait()
    server.close()  # no wait_closed(): open connections are cancelled when asyncio.run returns
    if args.unix and os.path.exists(args.unix):
        os.unlink(args.unix)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", type=int, help="TCP port (0 takes a free one)")
    where.add_argument("--unix", help="Unix socket path")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--push-events", type=int, default=0, metavar="N")
    try:
        asyncio.run(main(parser.parse_args()))
    except KeyboardInterrupt:
        pass
