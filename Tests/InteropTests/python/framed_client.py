#!/usr/bin/env python3
"""A framed-TCP client for IPCBridge, written from CONTRACT.md sections 1 and 3 only.

A frame is a 4-byte big-endian unsigned length N, then N bytes of UTF-8 JSON holding one
BridgeMessage. Answers carry request_id = the message_id they answer and may arrive in
any order. Standard library only.

Usage:
    framed_client.py HOST PORT [--token T]
    framed_client.py unix:PATH [--token T]

Runs a fixed scenario against the server and prints one JSON line per check:
    {"name": "...", "status": "pass" | "fail", "detail": "..."}
Exits 0 when every check passed, 1 otherwise (2 on bad usage or no connection).
"""

import argparse
import asyncio
import json
import struct
import sys
import time
import uuid

ANSWER_TIMEOUT_S = 5.0
HEADER = struct.Struct(">I")


def new_id():
    return "py-" + uuid.uuid4().hex


def now_ms():
    return int(time.time() * 1000)


class FramedConnection:
    """One connection; a reader task routes every frame to the queue of its request_id."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.routes = {}                    # request_id -> asyncio.Queue
        self.unmatched = asyncio.Queue()    # frames answering nothing we asked (e.g. request_id "")
        self.closed = asyncio.Event()
        self.reader_task = asyncio.create_task(self._read_loop())

    async def _read_loop(self):
        try:
            while True:
                header = await self.reader.readexactly(4)
                (length,) = HEADER.unpack(header)
                body = await self.reader.readexactly(length)
                message = json.loads(body.decode("utf-8"))
                queue = self.routes.get(message.get("request_id", ""))
                (queue if queue is not None else self.unmatched).put_nowait(message)
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            self.closed.set()

    def register(self, message_id):
        queue = asyncio.Queue()
        self.routes[message_id] = queue
        return queue

    def write_frame(self, body):
        self.writer.write(HEADER.pack(len(body)) + body)

    def write_message(self, message):
        self.write_frame(json.dumps(message).encode("utf-8"))

    async def next_from(self, queue):
        return await asyncio.wait_for(queue.get(), ANSWER_TIMEOUT_S)

    async def call(self, msg_type, attributes=None, **fields):
        message = {
            "message_id": new_id(),
            "type": msg_type,
            "attributes": attributes or {},
            "timestamp_ms": now_ms(),
        }
        message.update(fields)
        queue = self.register(message["message_id"])
        self.write_message(message)
        await self.writer.drain()
        answer = await self.next_from(queue)
        return message, answer

    async def close(self):
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass
        self.reader_task.cancel()


class Checks:
    def __init__(self):
        self.failed = 0

    def report(self, name, passed, detail=""):
        if not passed:
            self.failed += 1
        line = {"name": name, "status": "pass" if passed else "fail", "detail": detail}
        print(json.dumps(line), flush=True)

    async def run(self, name, coroutine):
        try:
            passed, detail = await coroutine
        except asyncio.TimeoutError:
            passed, detail = False, "timed out after %.0f s waiting for an answer" % ANSWER_TIMEOUT_S
        except Exception as error:  # a check never takes the whole run down
            passed, detail = False, "%s: %s" % (type(error).__name__, error)
        self.report(name, passed, detail)


def violations_of(answer):
    return answer.get("attributes", {}).get("violations", [])


async def check_ping(conn):
    request, answer = await conn.call("PING")
    ok = answer.get("type") == "PONG" and answer.get("request_id") == request["message_id"]
    ok = ok and answer.get("message_id") not in ("", None, request["message_id"])
    return ok, "type=%s request_id=%s" % (answer.get("type"), answer.get("request_id"))


async def check_validation_pass(conn):
    attributes = {"board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"}
    request, answer = await conn.call("VALIDATION_REQUEST", attributes)
    result = answer.get("attributes", {}).get("result")
    ok = (answer.get("type") == "VALIDATION_RESPONSE" and answer.get("request_id") == request["message_id"]
          and result == "PASS" and violations_of(answer) == [])
    return ok, "type=%s result=%s violations=%s" % (answer.get("type"), result, violations_of(answer))


async def check_validation_fail(conn):
    attributes = {"board_id": "board-7", "voltage": 60, "current": 3, "mode": "auto"}
    request, answer = await conn.call("VALIDATION_REQUEST", attributes)
    result = answer.get("attributes", {}).get("result")
    violations = violations_of(answer)
    has_voltage_max = any(v.get("field") == "voltage" and v.get("rule") == "max" for v in violations)
    ok = (answer.get("type") == "VALIDATION_RESPONSE" and answer.get("request_id") == request["message_id"]
          and result == "FAIL" and has_voltage_max)
    return ok, "result=%s violations=%s" % (result, violations)


async def check_pipelined(conn, count=20):
    # Write every request before reading any answer, then match answers by request_id.
    requests = []
    for index in range(count):
        message = {"message_id": new_id(), "type": "ECHO", "attributes": {"index": index},
                   "timestamp_ms": now_ms()}
        requests.append((message, conn.register(message["message_id"])))
    conn.writer.write(b"".join(
        HEADER.pack(len(body)) + body
        for body in (json.dumps(message).encode("utf-8") for message, _ in requests)))
    await conn.writer.drain()
    answers = await asyncio.gather(*(conn.next_from(queue) for _, queue in requests))
    mismatched = [
        message["attributes"]["index"]
        for (message, _), answer in zip(requests, answers)
        if answer.get("request_id") != message["message_id"]
        or answer.get("type") != "ECHO"
        or answer.get("attributes", {}).get("index") != message["attributes"]["index"]
    ]
    return not mismatched, "%d/%d answered and matched%s" % (
        count - len(mismatched), count, "; mismatched: %s" % mismatched if mismatched else "")


async def check_watch(conn):
    message = {"message_id": new_id(), "type": "WATCH", "attributes": {"event_count": 3},
               "timestamp_ms": now_ms()}
    queue = conn.register(message["message_id"])
    conn.write_message(message)
    await conn.writer.drain()
    seen = []
    while True:
        answer = await conn.next_from(queue)
        seen.append(answer.get("type"))
        if answer.get("type") == "EVENT":
            seen[-1] = "EVENT(seq=%s)" % answer.get("attributes", {}).get("seq")
        else:
            break
    expected = ["EVENT(seq=0)", "EVENT(seq=1)", "EVENT(seq=2)", "END"]
    return seen == expected, " ".join(seen)


async def check_unknown_type(conn):
    request, answer = await conn.call("NO_SUCH_TYPE")
    code = answer.get("attributes", {}).get("error_code")
    ok = answer.get("type") == "ERROR" and code == "UNIMPLEMENTED" and answer.get("request_id") == request["message_id"]
    return ok, "type=%s error_code=%s" % (answer.get("type"), code)


async def check_invalid_json(conn):
    conn.write_frame(b"{this is not json")
    await conn.writer.drain()
    answer = await conn.next_from(conn.unmatched)
    code = answer.get("attributes", {}).get("error_code")
    ok = answer.get("type") == "ERROR" and code == "INVALID_ARGUMENT" and answer.get("request_id", "") == ""
    # The connection must still work afterwards.
    request, pong = await conn.call("PING")
    alive = pong.get("type") == "PONG" and pong.get("request_id") == request["message_id"]
    return ok and alive, "error=%s/%s request_id=%r then ping -> %s" % (
        answer.get("type"), code, answer.get("request_id", ""), pong.get("type"))


async def check_timestamp_string(conn):
    stamp = str(now_ms())
    request, answer = await conn.call("ECHO", {"note": "timestamp as string"}, timestamp_ms=stamp)
    ok = (answer.get("type") == "ECHO" and answer.get("request_id") == request["message_id"]
          and answer.get("attributes", {}).get("note") == "timestamp as string")
    return ok, "sent timestamp_ms=%r, answer type=%s" % (stamp, answer.get("type"))


async def connect(args):
    if args.target.startswith("unix:"):
        reader, writer = await asyncio.open_unix_connection(args.target[len("unix:"):])
    else:
        if args.port is None:
            raise SystemExit("usage: framed_client.py HOST PORT | unix:PATH [--token T]")
        reader, writer = await asyncio.open_connection(args.target, args.port)
    return FramedConnection(reader, writer)


async def main(args):
    try:
        conn = await asyncio.wait_for(connect(args), ANSWER_TIMEOUT_S)
    except (OSError, asyncio.TimeoutError) as error:
        print(json.dumps({"name": "connect", "status": "fail", "detail": str(error)}), flush=True)
        return 2
    checks = Checks()
    if args.token is not None:
        async def hello():
            _, answer = await conn.call("HELLO", {"token": args.token})
            return answer.get("type") == "HELLO_ACK", "type=%s" % answer.get("type")
        await checks.run("hello", hello())
    await checks.run("ping", check_ping(conn))
    await checks.run("validation_pass", check_validation_pass(conn))
    await checks.run("validation_fail", check_validation_fail(conn))
    await checks.run("pipelined_20", check_pipelined(conn))
    await checks.run("watch_3", check_watch(conn))
    await checks.run("unknown_type", check_unknown_type(conn))
    await checks.run("invalid_json", check_invalid_json(conn))
    await checks.run("timestamp_string", check_timestamp_string(conn))
    await conn.close()
    return 1 if checks.failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", help="HOST, or unix:PATH")
    parser.add_argument("port", nargs="?", type=int, help="TCP port (not with unix:PATH)")
    parser.add_argument("--token", help="send HELLO with this token first")
    sys.exit(asyncio.run(main(parser.parse_args())))
