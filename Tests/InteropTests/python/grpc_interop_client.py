#!/usr/bin/env python3
"""grpcio interop client for grpc.testing.TestService (grpc/grpc doc/interop-test-descriptions.md;
summary in shared/grpc-testing/INTEROP-CASES.md).

  python3 grpc_interop_client.py HOST:PORT [--test_case all|NAME[,NAME...]] [--grpc-testing DIR]
  python3 grpc_interop_client.py --server_host H --server_port P [--test_case ...]

Needs grpcio, grpcio-tools and protobuf. Generates the stubs from <DIR>/src/proto/grpc/testing/
{empty,messages,test}.proto (default <repo>/../shared/grpc-testing) into a temp dir at start.
Prints one JSON line per case, {"name", "status": "pass"|"fail", "detail"}, and exits 1 when
any case failed (2 when the stubs could not be generated or the arguments are wrong)."""
import argparse, json, os, queue, shutil, subprocess, sys, tempfile, threading, traceback

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
TIMEOUT = 15  # seconds, per RPC, so a broken server cannot hang the run

CASES = ["empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong",
         "empty_stream", "custom_metadata", "status_code_and_message", "special_status_message",
         "unimplemented_method", "unimplemented_service", "cancel_after_begin",
         "cancel_after_first_response", "timeout_on_sleeping_server"]

failures = 0


def report(name, ok, detail=""):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"name": name, "status": "pass" if ok else "fail", "detail": detail}), flush=True)


class CaseFailed(Exception):
    pass


def check(condition, detail):
    if not condition:
        raise CaseFailed(detail)


def generate(grpc_testing, out):
    protos = ["src/proto/grpc/testing/empty.proto", "src/proto/grpc/testing/messages.proto",
              "src/proto/grpc/testing/test.proto"]
    cmd = [sys.executable, "-m", "grpc_tools.protoc", f"-I{grpc_testing}",
           f"--python_out={out}", f"--grpc_python_out={out}", *protos]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(f"protoc failed ({done.returncode}): {done.stderr.strip()}")


class Requests:
    """A request iterator the case feeds one message at a time; close() half-closes."""

    def __init__(self):
        self._queue = queue.Queue()

    def __iter__(self):
        return self

    def __next__(self):
        item = self._queue.get()
        if item is None:
            raise StopIteration
        return item

    def send(self, message):
        self._queue.put(message)

    def close(self):
        self._queue.put(None)


def zeros(messages, n):
    return messages.Payload(type=messages.COMPRESSABLE, body=b"\x00" * n)


def expect_error(call_fn, code, what):
    """Runs call_fn, which must raise an RpcError with `code`; returns the error."""
    try:
        result = call_fn()
    except grpc.RpcError as e:
        check(e.code() == code, f"{what}: expected {code}, got {e.code()} {e.details()!r}")
        return e
    raise CaseFailed(f"{what}: expected {code}, got a result {result!r:.200}")


def run_cases(channel, names, m, empty, test_grpc):
    stub = test_grpc.TestServiceStub(channel)
    body_ok = lambda payload, n: len(payload.body) == n and payload.body.count(0) == n

    def empty_unary():
        response = stub.EmptyCall(empty.Empty(), timeout=TIMEOUT)
        check(isinstance(response, empty.Empty), f"response is {type(response)}")
        check(response.ByteSize() == 0, f"response is {response.ByteSize()} bytes")

    def large_unary():
        request = m.SimpleRequest(response_type=m.COMPRESSABLE, response_size=314159, payload=zeros(m, 271828))
        response = stub.UnaryCall(request, timeout=TIMEOUT)
        check(body_ok(response.payload, 314159), f"body of {len(response.payload.body)} bytes")

    def client_streaming():
        sizes = [27182, 8, 1828, 45904]
        requests = (m.StreamingInputCallRequest(payload=zeros(m, n)) for n in sizes)
        response = stub.StreamingInputCall(requests, timeout=TIMEOUT)
        check(response.aggregated_payload_size == 74922, f"aggregated_payload_size {response.aggregated_payload_size}")

    def server_streaming():
        sizes = [31415, 9, 2653, 58979]
        request = m.StreamingOutputCallRequest(
            response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=n) for n in sizes])
        call = stub.StreamingOutputCall(request, timeout=TIMEOUT)
        got = [len(r.payload.body) for r in call]
        check(got == sizes, f"response sizes {got}")
        check(call.code() == grpc.StatusCode.OK, f"status {call.code()}")

    def ping_pong():
        pairs = [(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)]
        requests = Requests()
        call = stub.FullDuplexCall(requests, timeout=TIMEOUT)
        try:
            for size, payload in pairs:
                requests.send(m.StreamingOutputCallRequest(
                    response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=size)],
                    payload=zeros(m, payload)))
                response = next(call)
                check(body_ok(response.payload, size), f"reply of {len(response.payload.body)} bytes, expected {size}")
        finally:
            requests.close()
        rest = list(call)
        check(rest == [], f"{len(rest)} extra responses")
        check(call.code() == grpc.StatusCode.OK, f"status {call.code()}")

    def empty_stream():
        call = stub.FullDuplexCall(iter([]), timeout=TIMEOUT)
        got = list(call)
        check(got == [], f"{len(got)} responses")
        check(call.code() == grpc.StatusCode.OK, f"status {call.code()}")

    def custom_metadata():
        initial = ("x-grpc-test-echo-initial", "test_initial_metadata_value")
        trailing = ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab")

        def verify(what, call):
            headers = dict(call.initial_metadata() or ())
            trailers = dict(call.trailing_metadata() or ())
            check(headers.get(initial[0]) == initial[1], f"{what}: initial metadata {headers}")
            check(trailers.get(trailing[0]) == trailing[1], f"{what}: trailing metadata {trailers}")

        request = m.SimpleRequest(response_type=m.COMPRESSABLE, response_size=314159, payload=zeros(m, 271828))
        response, call = stub.UnaryCall.with_call(request, metadata=(initial, trailing), timeout=TIMEOUT)
        check(body_ok(response.payload, 314159), f"unary: body of {len(response.payload.body)} bytes")
        verify("unary", call)

        request = m.StreamingOutputCallRequest(
            response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=314159)], payload=zeros(m, 271828))
        call = stub.FullDuplexCall(iter([request]), metadata=(initial, trailing), timeout=TIMEOUT)
        got = [len(r.payload.body) for r in call]
        check(got == [314159], f"full duplex: response sizes {got}")
        check(call.code() == grpc.StatusCode.OK, f"full duplex: status {call.code()}")
        verify("full duplex", call)

    def echo_status(message):
        status = m.EchoStatus(code=2, message=message)
        request = m.SimpleRequest(response_status=status)
        e = expect_error(lambda: stub.UnaryCall(request, timeout=TIMEOUT), grpc.StatusCode.UNKNOWN, "unary")
        check(e.details() == message, f"unary: message {e.details()!r}")
        return status

    def status_code_and_message():
        status = echo_status("test status message")
        request = m.StreamingOutputCallRequest(response_status=status)
        call = stub.FullDuplexCall(iter([request]), timeout=TIMEOUT)
        e = expect_error(lambda: list(call), grpc.StatusCode.UNKNOWN, "full duplex")
        check(e.details() == "test status message", f"full duplex: message {e.details()!r}")

    def special_status_message():
        echo_status("\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n")

    def unimplemented_method():
        expect_error(lambda: stub.UnimplementedCall(empty.Empty(), timeout=TIMEOUT), grpc.StatusCode.UNIMPLEMENTED,
                     "TestService/UnimplementedCall")

    def unimplemented_service():
        other = test_grpc.UnimplementedServiceStub(channel)
        expect_error(lambda: other.UnimplementedCall(empty.Empty(), timeout=TIMEOUT), grpc.StatusCode.UNIMPLEMENTED,
                     "UnimplementedService/UnimplementedCall")

    def cancel_after_begin():
        requests = Requests()
        future = stub.StreamingInputCall.future(requests, timeout=TIMEOUT)
        try:
            future.cancel()
            check(future.cancelled(), "future not cancelled")
            check(future.code() == grpc.StatusCode.CANCELLED, f"status {future.code()}")
        finally:
            requests.close()
        # The server must drop the call quietly and go on serving the connection.
        stub.EmptyCall(empty.Empty(), timeout=TIMEOUT)

    def cancel_after_first_response():
        requests = Requests()
        call = stub.FullDuplexCall(requests, timeout=TIMEOUT)
        try:
            requests.send(m.StreamingOutputCallRequest(
                response_type=m.COMPRESSABLE, response_parameters=[m.ResponseParameters(size=31415)],
                payload=zeros(m, 27182)))
            response = next(call)
            check(body_ok(response.payload, 31415), f"first reply of {len(response.payload.body)} bytes")
            call.cancel()
            expect_error(lambda: next(call), grpc.StatusCode.CANCELLED, "after cancel")
            check(call.code() == grpc.StatusCode.CANCELLED, f"status {call.code()}")
        finally:
            requests.close()
        stub.EmptyCall(empty.Empty(), timeout=TIMEOUT)

    def timeout_on_sleeping_server():
        requests = Requests()
        call = stub.FullDuplexCall(requests, timeout=0.001)
        try:
            requests.send(m.StreamingOutputCallRequest(payload=zeros(m, 27182)))
            expect_error(lambda: list(call), grpc.StatusCode.DEADLINE_EXCEEDED, "full duplex")
        finally:
            requests.close()
        stub.EmptyCall(empty.Empty(), timeout=TIMEOUT)

    scope = dict(locals())
    table = {name: scope[name] for name in CASES}
    for name in names:
        try:
            table[name]()
            report(name, True)
        except CaseFailed as e:
            report(name, False, str(e))
        except grpc.RpcError as e:
            report(name, False, f"unexpected RPC error {e.code()}: {e.details()!r}")
        except Exception:
            report(name, False, traceback.format_exc(limit=3))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("target", nargs="?")
    p.add_argument("--server_host", default="127.0.0.1")
    p.add_argument("--server_port", type=int)
    p.add_argument("--test_case", default="all")
    p.add_argument("--grpc-testing", default=os.path.join(REPO, "..", "shared", "grpc-testing"))
    a = p.parse_args()
    target = a.target or (f"{a.server_host}:{a.server_port}" if a.server_port else None)
    if not target:
        print("give HOST:PORT or --server_port", file=sys.stderr)
        return 2
    names = CASES if a.test_case in ("all", "all_cases") else a.test_case.split(",")
    unknown = [n for n in names if n not in CASES]
    if unknown:
        print(f"unknown test cases: {unknown}; known: {CASES}", file=sys.stderr)
        return 2

    gen = tempfile.mkdtemp(prefix="ipcbridge_grpc_interop_pb_")
    try:
        try:
            generate(a.grpc_testing, gen)
        except SystemExit as e:
            print(str(e), file=sys.stderr)
            return 2
        sys.path.insert(0, gen)
        from src.proto.grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402
        with grpc.insecure_channel(target) as channel:
            grpc.channel_ready_future(channel).result(timeout=30)
            run_cases(channel, names, messages_pb2, empty_pb2, test_grpc=test_pb2_grpc)
    finally:
        shutil.rmtree(gen, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
