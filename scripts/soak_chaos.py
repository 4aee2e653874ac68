#!/usr/bin/env python3
"""Chaos client for scripts/soak.sh: misbehaving peers against bridge-server's three listeners.

    soak_chaos.py --tcp H:P --http H:P --grpc H:P --duration S [--workers N] [--seed N] [--only A,B]

For S seconds, N worker threads per listener (default 2) each pick a random action, run it,
pause 10-50 ms and pick again (--only limits the choice, e.g. `--only tcp.stall,grpc.garbage`).
The actions, per listener:

  tcp   partial_prefix  1-3 bytes of a length prefix, then gone
        partial_body    a prefix and part of the JSON it announces, then gone
        garbage         random bytes, read what comes back, gone
        bad_json        a frame that is not JSON: expects ERROR INVALID_ARGUMENT, then a PING
                        on the same connection must get its PONG
        oversize        a length of 64 MiB-4 GiB: expects ERROR RESOURCE_EXHAUSTED
        stall           requests with 8 KiB answers plus WATCHes, never read, held 1-6 s
        dribble         a valid request 1-8 bytes at a time: expects its answer
        watch_abandon   a long WATCH, a few EVENTs read, gone
        send_and_vanish valid requests (some answered after a delay), gone before the answers
  http  partial_head, partial_body, chunked_abandon (cut inside a chunk), garbage,
        bad_json (400, then a request on the same keep-alive connection must get 200),
        oversize (a Content-Length over the limit: 413 or a close), stall (pipelined, never
        read), dribble, send_and_vanish
  grpc  partial_preface, partial_frame (cut inside an HTTP/2 frame header or payload),
        partial_message (a gRPC length prefix promising more than the stream carries),
        garbage (with or without the preface), rst_then_call (a Watch cancelled by RST_STREAM,
        then a unary call on the same connection must succeed), stall (60 streams, no
        WINDOW_UPDATE, never read), dribble, send_and_vanish

Half of the abandoned connections are closed with RST (SO_LINGER 0) instead of FIN. At most
one stall per listener runs at a time (see STALL_BATCHES below).

Every action's outcome is counted as one of:
  ok              the server reacted as CONTRACT.md says (or the action expects nothing)
  unexpected      a well-formed request after the chaos got a wrong or no answer
  connect_failed  the server did not accept the connection (refused or timed out)
When the duration is over it prints one JSON object to standard output:
  {"seed", "seconds", "actions": {"tcp.partial_prefix": {"n", "ok", "unexpected", "connect_failed"}, ...},
   "unexpected_samples": [...]}
Standard library only.
"""

import argparse
import contextlib
import json
import random
import socket
import struct
import sys
import threading
import time

CONNECT_TIMEOUT = 5.0
ANSWER_TIMEOUT = 5.0
# Stalled reads: a stall sends STALL_BATCHES batches of 50 requests whose answers carry
# STALL_ANSWER_BYTES each (on TCP plus one WATCH of STALL_WATCH_EVENTS events per batch; on gRPC
# STALL_STREAMS streams), never reads, and holds the connection 1-6 s. Fixed sizes and at most
# one stall per listener at a time keep the server's peak the same all run long: bigger or
# stacked stalls measure the per-connection output ceiling (64 MiB by default) and malloc's
# high-water mark rather than leaks, and RSS after warm-up would depend on when the largest
# burst happened to land. A stall still asks for more than the socket buffers hold (about 1 MiB
# of answers, plus 0.5 MiB of WATCH events on TCP), so the server's own output buffering and
# back-pressure are exercised.
STALL_BATCHES = 2
STALL_ANSWER_BYTES = [8192]
STALL_WATCH_EVENTS = 2000
STALL_STREAMS = 60
STALL_LOCKS = {"tcp": threading.Lock(), "http": threading.Lock(), "grpc": threading.Lock()}
PASSING = {"board_id": "chaos", "voltage": 12.5, "current": 3, "mode": "auto"}


class Unexpected(Exception):
    pass


class ConnectFailed(Exception):
    pass


# ---------------------------------------------------------------- helpers


def parse_addr(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


def connect(addr):
    try:
        sock = socket.create_connection(addr, timeout=CONNECT_TIMEOUT)
    except (ConnectionRefusedError, socket.timeout, TimeoutError) as error:
        raise ConnectFailed(f"{type(error).__name__}: {error}") from error
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(ANSWER_TIMEOUT)
    return sock


def abandon(sock, rng):
    """Close, half of the time with RST instead of FIN."""
    try:
        if rng.random() < 0.5:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


def send_quietly(sock, data):
    """Send what the server takes; a reset or a full window (stalled server) ends it."""
    try:
        sock.sendall(data)
        return True
    except (OSError, socket.timeout):
        return False


def read_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise Unexpected(f"connection closed after {len(buf)} of {n} bytes")
        buf += chunk
    return bytes(buf)


def drain(sock, seconds):
    """Read whatever comes for a while; returns the bytes (stops at close or reset)."""
    sock.settimeout(0.1)
    end = time.monotonic() + seconds
    got = bytearray()
    while time.monotonic() < end:
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    return bytes(got)


def dribble(sock, data, rng):
    i = 0
    while i < len(data):
        n = rng.randint(1, 8)
        sock.sendall(data[i:i + n])
        i += n
        time.sleep(rng.uniform(0.005, 0.03))


def new_id(rng):
    return "chaos-%016x" % rng.getrandbits(64)


def watch_attributes(rng):
    """A long WATCH paced by the server's timer (abandoned long before its end), or a short unpaced one."""
    if rng.random() < 0.7:
        return {"event_count": 100000, "event_interval_ms": rng.choice([1, 5])}
    return {"event_count": STALL_WATCH_EVENTS, "event_interval_ms": 0}


def message(rng, mtype="VALIDATION_REQUEST", **attributes):
    attrs = dict(PASSING) if mtype == "VALIDATION_REQUEST" else {}
    attrs.update(attributes)
    return {"message_id": new_id(rng), "type": mtype, "attributes": attrs, "timestamp_ms": int(time.time() * 1000)}


# ---------------------------------------------------------------- framed TCP

def frame(obj_or_bytes):
    body = obj_or_bytes if isinstance(obj_or_bytes, bytes) else json.dumps(obj_or_bytes).encode()
    return struct.pack(">I", len(body)) + body


def read_frame(sock):
    (n,) = struct.unpack(">I", read_exact(sock, 4))
    return json.loads(read_exact(sock, n))


@contextlib.contextmanager
def checked(action, sock, rng):
    """Runs an action's exchange: a socket error or timeout is an unexpected outcome (the server
    should have answered), and the connection is abandoned the way this run abandons them."""
    try:
        yield
    except (socket.timeout, OSError) as error:
        raise Unexpected(f"{action}: {type(error).__name__}: {error}") from error
    finally:
        abandon(sock, rng)


def tcp_partial_prefix(addr, rng):
    sock = connect(addr)
    send_quietly(sock, struct.pack(">I", rng.randint(10, 5000))[: rng.randint(1, 3)])
    time.sleep(rng.uniform(0, 0.3))
    abandon(sock, rng)


def tcp_partial_body(addr, rng):
    sock = connect(addr)
    body = json.dumps(message(rng)).encode()
    send_quietly(sock, struct.pack(">I", len(body)) + body[: rng.randint(0, len(body) - 1)])
    time.sleep(rng.uniform(0, 0.3))
    abandon(sock, rng)


def tcp_garbage(addr, rng):
    sock = connect(addr)
    send_quietly(sock, rng.randbytes(rng.randint(1, 512)))
    drain(sock, rng.uniform(0.05, 0.4))
    abandon(sock, rng)


def tcp_bad_json(addr, rng):
    """A frame that does not parse gets ERROR INVALID_ARGUMENT and the connection stays open."""
    sock = connect(addr)
    with checked("tcp bad_json", sock, rng):
        sock.sendall(frame(rng.choice([b"{not json", b"\xff\xfe\x00", b"[1,2", b'{"type": 7}x'])))
        error = read_frame(sock)
        if error.get("type") != "ERROR" or (error.get("attributes") or {}).get("error_code") != "INVALID_ARGUMENT":
            raise Unexpected(f"tcp bad frame answered {str(error)[:200]}")
        ping = message(rng, "PING")
        sock.sendall(frame(ping))
        pong = read_frame(sock)
        if pong.get("type") != "PONG" or pong.get("request_id") != ping["message_id"]:
            raise Unexpected(f"tcp PING after a bad frame answered {str(pong)[:200]}")


def tcp_oversize(addr, rng):
    """A length over the limit gets ERROR RESOURCE_EXHAUSTED and a close."""
    sock = connect(addr)
    with checked("tcp oversize", sock, rng):
        sock.sendall(struct.pack(">I", rng.randint(64 << 20, 0xFFFFFFFF)) + b"{")
        error = read_frame(sock)
        if (error.get("attributes") or {}).get("error_code") != "RESOURCE_EXHAUSTED":
            raise Unexpected(f"tcp oversize frame answered {str(error)[:200]}")


def tcp_stall(addr, rng):
    """Many requests with large answers, never read: the server must not buffer without bound."""
    sock = connect(addr)
    sock.settimeout(1.0)
    batch = b"".join(frame(message(rng, response_bytes=rng.choice(STALL_ANSWER_BYTES))) for _ in range(50))
    batch += frame(message(rng, "WATCH", event_count=STALL_WATCH_EVENTS, event_interval_ms=0))
    end = time.monotonic() + rng.uniform(1, 6)
    for _ in range(STALL_BATCHES):
        if time.monotonic() >= end or not send_quietly(sock, batch):
            break
    time.sleep(max(0.0, end - time.monotonic()))
    abandon(sock, rng)


def tcp_dribble(addr, rng):
    sock = connect(addr)
    with checked("tcp dribble", sock, rng):
        request = message(rng)
        dribble(sock, frame(request), rng)
        answer = read_frame(sock)
        if answer.get("type") != "VALIDATION_RESPONSE" or answer.get("request_id") != request["message_id"]:
            raise Unexpected(f"tcp dribbled request answered {str(answer)[:200]}")


def tcp_watch_abandon(addr, rng):
    """A WATCH stream closed after a few events."""
    sock = connect(addr)
    with checked("tcp watch", sock, rng):
        sock.sendall(frame(message(rng, "WATCH", **watch_attributes(rng))))
        for _ in range(rng.randint(1, 20)):
            event = read_frame(sock)
            if event.get("type") != "EVENT":
                raise Unexpected(f"tcp WATCH answered {str(event)[:200]}")


def tcp_send_and_vanish(addr, rng):
    """Well-formed requests (some slow to answer), then gone before the answers."""
    sock = connect(addr)
    send_quietly(sock, b"".join(frame(message(rng, delay_ms=rng.choice([0, 10, 100]))) for _ in range(rng.randint(1, 20))))
    abandon(sock, rng)


# ---------------------------------------------------------------- HTTP/1.1

def http_request(addr, path, body, extra=""):
    host = "%s:%d" % addr
    return (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n").encode() + body


def read_http_response(sock):
    """Status and body of one response (Content-Length framing; the server uses it)."""
    buf = bytearray()
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise Unexpected(f"connection closed before a response head ({bytes(buf[:80])!r})")
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = bytearray(rest)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise Unexpected("connection closed inside a response body")
        body += chunk
    return status, bytes(body[:length])


def http_partial_head(addr, rng):
    sock = connect(addr)
    full = http_request(addr, "/validate", json.dumps(message(rng)).encode())
    head_len = full.index(b"\r\n\r\n")
    send_quietly(sock, full[: rng.randint(1, head_len + 2)])
    time.sleep(rng.uniform(0, 0.3))
    abandon(sock, rng)


def http_partial_body(addr, rng):
    sock = connect(addr)
    full = http_request(addr, rng.choice(["/validate", "/validate-async", "/ipcbridge.v1.Validation/Echo"]),
                        json.dumps(message(rng, payload_note="x" * rng.randint(0, 2000))).encode())
    head_len = full.index(b"\r\n\r\n") + 4
    send_quietly(sock, full[: rng.randint(head_len, len(full) - 1)])
    time.sleep(rng.uniform(0, 0.3))
    abandon(sock, rng)


def http_chunked_abandon(addr, rng):
    sock = connect(addr)
    body = json.dumps(message(rng)).encode()
    head = (f"POST /validate HTTP/1.1\r\nHost: {addr[0]}:{addr[1]}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    chunk = b"%x\r\n" % len(body) + body[: rng.randint(0, len(body))]
    send_quietly(sock, head + chunk)
    time.sleep(rng.uniform(0, 0.3))
    abandon(sock, rng)


def http_garbage(addr, rng):
    sock = connect(addr)
    junk = rng.randbytes(rng.randint(1, 1024))
    if rng.random() < 0.5:
        junk += b"\r\n\r\n"
    send_quietly(sock, junk)
    drain(sock, rng.uniform(0.05, 0.4))
    abandon(sock, rng)


def http_bad_json(addr, rng):
    """400 for a body that is not JSON, and the keep-alive connection still serves requests."""
    sock = connect(addr)
    try:
        sock.sendall(http_request(addr, "/validate", rng.choice([b"{oops", b"\xff\xfe", b"[1,2"])))
        status, body = read_http_response(sock)
        if status != 400:
            raise Unexpected(f"http bad JSON answered {status} {body[:120]!r}")
        request = message(rng)
        sock.sendall(http_request(addr, "/validate", json.dumps(request).encode()))
        status, body = read_http_response(sock)
        answer = json.loads(body)
        if status != 200 or answer.get("request_id") != request["message_id"]:
            raise Unexpected(f"http request after a 400 answered {status} {body[:120]!r}")
    except (socket.timeout, OSError, ValueError) as error:
        raise Unexpected(f"http bad_json: {type(error).__name__}: {error}") from error
    finally:
        abandon(sock, rng)


def http_oversize(addr, rng):
    """A body over --max-body-bytes gets 413 (or a close) without the server reading it all."""
    sock = connect(addr)
    try:
        head = (f"POST /validate HTTP/1.1\r\nHost: {addr[0]}:{addr[1]}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {rng.randint(5 << 20, 1 << 30)}\r\n\r\n").encode()
        sock.sendall(head + b"{" + b" " * 1000)
        status, _ = read_http_response(sock)
        if status != 413:
            raise Unexpected(f"http oversize body answered {status}")
    except Unexpected as error:
        if "closed before a response head" not in str(error):
            raise
    except (socket.timeout, OSError) as error:
        raise Unexpected(f"http oversize: {type(error).__name__}: {error}") from error
    finally:
        abandon(sock, rng)


def http_stall(addr, rng):
    """Pipelined requests with large answers, never read."""
    sock = connect(addr)
    sock.settimeout(1.0)
    batch = b"".join(http_request(addr, "/validate", json.dumps(message(rng, response_bytes=rng.choice(STALL_ANSWER_BYTES))).encode())
                     for _ in range(50))
    end = time.monotonic() + rng.uniform(1, 6)
    for _ in range(STALL_BATCHES):
        if time.monotonic() >= end or not send_quietly(sock, batch):
            break
    time.sleep(max(0.0, end - time.monotonic()))
    abandon(sock, rng)


def http_dribble(addr, rng):
    sock = connect(addr)
    try:
        request = message(rng)
        dribble(sock, http_request(addr, "/validate", json.dumps(request).encode()), rng)
        status, body = read_http_response(sock)
        if status != 200 or json.loads(body).get("request_id") != request["message_id"]:
            raise Unexpected(f"http dribbled request answered {status} {body[:120]!r}")
    except (socket.timeout, OSError, ValueError) as error:
        raise Unexpected(f"http dribble: {type(error).__name__}: {error}") from error
    finally:
        abandon(sock, rng)


def http_send_and_vanish(addr, rng):
    sock = connect(addr)
    send_quietly(sock, b"".join(http_request(addr, "/validate", json.dumps(message(rng, delay_ms=rng.choice([0, 10, 100]))).encode())
                                for _ in range(rng.randint(1, 10))))
    abandon(sock, rng)


# ---------------------------------------------------------------- gRPC over h2c

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE = 0, 1, 3, 4, 6, 7, 8
END_STREAM, END_HEADERS, ACK = 0x1, 0x4, 0x1


def h2_frame(ftype, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload


def hpack_int(value, prefix_bits, flags=0):
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([flags | value])
    out = bytearray([flags | limit])
    value -= limit
    while value >= 128:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def hpack_literal(name, value):
    """Literal header field without indexing, new name, no Huffman (RFC 7541 6.2.2)."""
    name, value = name.encode(), value.encode()
    return b"\x00" + hpack_int(len(name), 7) + name + hpack_int(len(value), 7) + value


def grpc_headers(addr, method):
    return b"".join(hpack_literal(k, v) for k, v in [
        (":method", "POST"), (":scheme", "http"), (":path", f"/ipcbridge.v1.Validation/{method}"),
        (":authority", f"{addr[0]}:{addr[1]}"), ("content-type", "application/grpc"), ("te", "trailers")])


def pb_varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def pb_bytes(field, data):
    return pb_varint(field << 3 | 2) + pb_varint(len(data)) + data


def pb_value(value):
    if isinstance(value, bool):
        return pb_varint(4 << 3) + pb_varint(int(value))
    if isinstance(value, (int, float)):
        return pb_varint(2 << 3 | 1) + struct.pack("<d", float(value))
    return pb_bytes(3, str(value).encode())


def pb_message(msg):
    """BridgeMessage in protobuf: 1 message_id, 2 type, 4 attributes (Struct), 5 timestamp_ms."""
    struct_body = b"".join(pb_bytes(1, pb_bytes(1, k.encode()) + pb_bytes(2, pb_value(v)))
                           for k, v in msg["attributes"].items())
    return (pb_bytes(1, msg["message_id"].encode()) + pb_bytes(2, msg["type"].encode()) + pb_bytes(4, struct_body)
            + pb_varint(5 << 3) + pb_varint(msg["timestamp_ms"]))


def grpc_message(msg):
    body = pb_message(msg)
    return b"\x00" + struct.pack(">I", len(body)) + body


def h2_open(addr):
    sock = connect(addr)
    sock.sendall(PREFACE + h2_frame(SETTINGS, 0, 0, b""))
    return sock


def h2_call(addr, stream, method, msg, end_stream=True):
    """HEADERS and one DATA frame carrying one gRPC message."""
    return (h2_frame(HEADERS, END_HEADERS, stream, grpc_headers(addr, method))
            + h2_frame(DATA, END_STREAM if end_stream else 0, stream, grpc_message(msg)))


def h2_read_frame(sock):
    header = read_exact(sock, 9)
    length = int.from_bytes(header[:3], "big")
    ftype, flags = header[3], header[4]
    stream = struct.unpack(">I", header[5:9])[0] & 0x7FFFFFFF
    return ftype, flags, stream, read_exact(sock, length)


def h2_await_answer(sock, stream, want_data=True):
    """Reads frames (acking SETTINGS and PING) until `stream` ends; returns how many DATA bytes it carried."""
    data = 0
    while True:
        ftype, flags, sid, payload = h2_read_frame(sock)
        if ftype == SETTINGS and not flags & ACK:
            sock.sendall(h2_frame(SETTINGS, ACK, 0, b""))
        elif ftype == PING and not flags & ACK:
            sock.sendall(h2_frame(PING, ACK, 0, payload))
        elif ftype == GOAWAY:
            raise Unexpected(f"GOAWAY error {struct.unpack('>I', payload[4:8])[0]} while waiting for stream {stream}")
        elif sid == stream and ftype == RST_STREAM:
            raise Unexpected(f"RST_STREAM {struct.unpack('>I', payload)[0]} on stream {stream}")
        elif ftype == DATA:
            # Every DATA frame counts against the connection's window, a cancelled stream's too.
            if payload:
                sock.sendall(h2_frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", len(payload)))
                             + (h2_frame(WINDOW_UPDATE, 0, sid, struct.pack(">I", len(payload))) if sid == stream else b""))
            if sid == stream:
                data += len(payload)
                if flags & END_STREAM:
                    return data
        elif sid == stream and ftype == HEADERS and flags & END_STREAM:
            if want_data and data == 0:
                raise Unexpected(f"stream {stream} ended without a message (Trailers-Only error)")
            return data


def grpc_partial_preface(addr, rng):
    sock = connect(addr)
    send_quietly(sock, PREFACE[: rng.randint(1, len(PREFACE) - 1)])
    time.sleep(rng.uniform(0, 0.3))
    abandon(sock, rng)


def grpc_partial_frame(addr, rng):
    """The preface, then a HEADERS or DATA frame cut inside its 9-byte header or its payload."""
    sock = connect(addr)
    calls = h2_call(addr, 1, "Validate", message(rng))
    whole = PREFACE + h2_frame(SETTINGS, 0, 0, b"") + calls
    cut = rng.randint(len(PREFACE) + 9 + 1, len(whole) - 1)
    send_quietly(sock, whole[:cut])
    time.sleep(rng.uniform(0, 0.3))
    abandon(sock, rng)


def grpc_partial_message(addr, rng):
    """A DATA frame whose gRPC length prefix promises more than the stream ever carries."""
    sock = connect(addr)
    body = pb_message(message(rng))
    lie = b"\x00" + struct.pack(">I", len(body) + rng.randint(1, 100000)) + body
    send_quietly(sock, PREFACE + h2_frame(SETTINGS, 0, 0, b"")
                 + h2_frame(HEADERS, END_HEADERS, 1, grpc_headers(addr, "Validate")) + h2_frame(DATA, 0, 1, lie))
    drain(sock, rng.uniform(0, 0.3))
    abandon(sock, rng)


def grpc_garbage(addr, rng):
    sock = connect(addr)
    junk = rng.randbytes(rng.randint(1, 1024))
    send_quietly(sock, (PREFACE + h2_frame(SETTINGS, 0, 0, b"") if rng.random() < 0.5 else b"") + junk)
    drain(sock, rng.uniform(0.05, 0.4))
    abandon(sock, rng)


def grpc_rst_then_call(addr, rng):
    """A Watch cancelled by RST_STREAM after a few events, then a unary call on the same connection."""
    sock = h2_open(addr)
    with checked("grpc rst_then_call", sock, rng):
        sock.sendall(h2_call(addr, 1, "Watch", message(rng, "WATCH", **watch_attributes(rng))))
        seen = 0
        want = rng.randint(1, 5)
        while seen < want:
            ftype, flags, sid, payload = h2_read_frame(sock)
            if ftype == SETTINGS and not flags & ACK:
                sock.sendall(h2_frame(SETTINGS, ACK, 0, b""))
            elif sid == 1 and ftype == DATA:
                seen += 1
                if payload:
                    sock.sendall(h2_frame(WINDOW_UPDATE, 0, 0, struct.pack(">I", len(payload))))
            elif sid == 1 and ftype in (RST_STREAM, HEADERS) and flags & END_STREAM or ftype in (RST_STREAM, GOAWAY):
                raise Unexpected(f"Watch ended early (frame type {ftype})")
        sock.sendall(h2_frame(RST_STREAM, 0, 1, struct.pack(">I", 8)))  # CANCEL
        request = message(rng)
        sock.sendall(h2_call(addr, 3, "Validate", request))
        h2_await_answer(sock, 3)


def grpc_stall(addr, rng):
    """Many streams with large answers and no WINDOW_UPDATE, never read."""
    sock = connect(addr)
    sock.settimeout(1.0)
    out = PREFACE + h2_frame(SETTINGS, 0, 0, b"")
    for i in range(STALL_STREAMS):
        out += h2_call(addr, 1 + 2 * i, "Validate", message(rng, response_bytes=rng.choice(STALL_ANSWER_BYTES)))
    send_quietly(sock, out)
    time.sleep(rng.uniform(1, 6))
    abandon(sock, rng)


def grpc_dribble(addr, rng):
    sock = connect(addr)
    with checked("grpc dribble", sock, rng):
        dribble(sock, PREFACE + h2_frame(SETTINGS, 0, 0, b"") + h2_call(addr, 1, "Validate", message(rng)), rng)
        h2_await_answer(sock, 1)


def grpc_send_and_vanish(addr, rng):
    sock = connect(addr)
    out = PREFACE + h2_frame(SETTINGS, 0, 0, b"")
    for i in range(rng.randint(1, 20)):
        out += h2_call(addr, 1 + 2 * i, rng.choice(["Validate", "Echo"]), message(rng, delay_ms=rng.choice([0, 10, 100])))
    send_quietly(sock, out)
    abandon(sock, rng)


ACTIONS = {
    "tcp": [tcp_partial_prefix, tcp_partial_body, tcp_garbage, tcp_bad_json, tcp_oversize, tcp_stall, tcp_dribble,
            tcp_watch_abandon, tcp_send_and_vanish],
    "http": [http_partial_head, http_partial_body, http_chunked_abandon, http_garbage, http_bad_json, http_oversize,
             http_stall, http_dribble, http_send_and_vanish],
    "grpc": [grpc_partial_preface, grpc_partial_frame, grpc_partial_message, grpc_garbage, grpc_rst_then_call,
             grpc_stall, grpc_dribble, grpc_send_and_vanish],
}


# ---------------------------------------------------------------- driver


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.samples = []

    def add(self, name, outcome, detail=None):
        with self.lock:
            entry = self.counts.setdefault(name, {"n": 0, "ok": 0, "unexpected": 0, "connect_failed": 0})
            entry["n"] += 1
            entry[outcome] += 1
            if detail and len(self.samples) < 20:
                self.samples.append({"action": name, "outcome": outcome, "detail": detail[:300], "t": round(time.time(), 1)})


def action_name(transport, action):
    return f"{transport}.{action.__name__.split('_', 1)[1]}"


def worker(transport, addr, deadline, tally, seed, only):
    rng = random.Random(seed)
    actions = [a for a in ACTIONS[transport] if not only or action_name(transport, a) in only]
    if not actions:
        return
    while time.monotonic() < deadline:
        action = rng.choice(actions)
        name = action_name(transport, action)
        try:
            if name.endswith(".stall"):
                if not STALL_LOCKS[transport].acquire(blocking=False):
                    time.sleep(0.05)
                    continue  # another worker is stalling this listener: pick again
                try:
                    action(addr, rng)
                finally:
                    STALL_LOCKS[transport].release()
            else:
                action(addr, rng)
            tally.add(name, "ok")
        except ConnectFailed as error:
            tally.add(name, "connect_failed", str(error))
            time.sleep(0.5)  # the server is gone or saturated: do not spin
        except Unexpected as error:
            tally.add(name, "unexpected", str(error))
        except Exception as error:  # a bug in this script must not end the soak early
            tally.add(name, "unexpected", f"{type(error).__name__}: {error}")
        time.sleep(rng.uniform(0.01, 0.05))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tcp")
    parser.add_argument("--http")
    parser.add_argument("--grpc")
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--workers", type=int, default=2, help="threads per listener")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--only", default="", help="comma-separated action names (e.g. tcp.stall,http.garbage) to run only those")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    started = time.monotonic()
    deadline = started + args.duration
    tally = Tally()
    threads = []
    for transport in ("tcp", "http", "grpc"):
        target = getattr(args, transport)
        if not target:
            continue
        for i in range(args.workers):
            thread = threading.Thread(target=worker, args=(transport, parse_addr(target), deadline, tally, f"{seed}-{transport}-{i}",
                                                                set(filter(None, args.only.split(",")))),
                                      daemon=True)
            thread.start()
            threads.append(thread)
    for thread in threads:
        thread.join()
    print(json.dumps({"seed": seed, "seconds": round(time.monotonic() - started, 1),
                      "actions": dict(sorted(tally.counts.items())), "unexpected_samples": tally.samples}))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
