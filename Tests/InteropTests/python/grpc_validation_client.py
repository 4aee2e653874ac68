#!/usr/bin/env python3
"""grpcio client checks for ipcbridge.v1.Validation and grpc.health.v1.Health (CONTRACT.md 1, 4).

  python3 grpc_validation_client.py HOST:PORT [--protos DIR] [--grpc-testing DIR]

Needs grpcio, grpcio-tools and protobuf (scripts/install-test-deps.sh). Generates the stubs
from <repo>/Protos/ipcbridge/v1/bridge.proto and <repo>/../shared/grpc-testing/grpc/health/v1/
health.proto into a temp dir at start (paths relative to this script unless given). Prints
one JSON line per check, {"name", "status": "pass"|"fail", "detail"}, and exits 1 when any
check failed (2 when the stubs could not be generated)."""
import argparse, concurrent.futures, importlib.util, json, os, shutil, subprocess, sys, \
    tempfile, time, traceback

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

failures = 0


def report(name, ok, detail=""):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"name": name, "status": "pass" if ok else "fail", "detail": detail}), flush=True)


def generate(protos, grpc_testing, out):
    cmd = [sys.executable, "-m", "grpc_tools.protoc", f"-I{grpc_testing}", f"-I{protos}",
           f"--python_out={out}", f"--grpc_python_out={out}",
           "ipcbridge/v1/bridge.proto", "grpc/health/v1/health.proto"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        sys.exit(f"protoc failed ({done.returncode}): {done.stderr.strip()}")


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    p = argparse.ArgumentParser()
    p.add_argument("target")
    p.add_argument("--protos", default=os.path.join(REPO, "Protos"))
    p.add_argument("--grpc-testing", default=os.path.join(REPO, "..", "shared", "grpc-testing"))
    a = p.parse_args()

    gen = tempfile.mkdtemp(prefix="ipcbridge_grpc_pb_")
    try:
        try:
            generate(a.protos, a.grpc_testing, gen)
        except SystemExit as e:
            print(str(e), file=sys.stderr)
            return 2
        sys.path.insert(0, gen)
        from ipcbridge.v1 import bridge_pb2, bridge_pb2_grpc  # noqa: E402
        # grpc/health/v1/health_pb2.py would shadow grpcio's own `grpc` package under its
        # natural import path, so it is loaded by file under another name (it imports no
        # other generated module); Check is called through a generic unary_unary.
        health_pb2 = load(os.path.join(gen, "grpc", "health", "v1", "health_pb2.py"), "ipcbridge_health_pb2")
        run_checks(a.target, bridge_pb2, bridge_pb2_grpc, health_pb2)
    finally:
        shutil.rmtree(gen, ignore_errors=True)
    return 1 if failures else 0


def run_checks(target, pb, pb_grpc, health_pb2):
    counter = iter(range(1, 1 << 30))

    def msg(type_, **attributes):
        m = pb.BridgeMessage(message_id=f"py-grpc-{next(counter)}", type=type_,
                             timestamp_ms=int(time.time() * 1000))
        if attributes:
            m.attributes.update(attributes)
        return m

    good = dict(board_id="board-7", voltage=12.5, current=3, mode="auto")

    def check(name):
        def wrap(fn):
            try:
                detail = fn()
                report(name, True, detail or "")
            except AssertionError as e:
                report(name, False, str(e))
            except grpc.RpcError as e:
                report(name, False, f"unexpected status {e.code()}: {e.details()}")
            except Exception as e:  # noqa: BLE001
                report(name, False, f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
            return fn
        return wrap

    def expect_status(call, code):
        try:
            answer = call()
        except grpc.RpcError as e:
            assert e.code() == code, f"expected {code}, got {e.code()}: {e.details()}"
            return f"{e.code()}: {e.details()}"
        raise AssertionError(f"expected {code}, got an answer: {answer}")

    with grpc.insecure_channel(target) as channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=10)
        except grpc.FutureTimeoutError:
            report("connect", False, f"channel to {target} not ready within 10 s")
            return
        stub = pb_grpc.ValidationStub(channel)

        @check("validate_pass")
        def _():
            req = msg("VALIDATION_REQUEST", **good)
            r = stub.Validate(req, timeout=5)
            assert r.type == "VALIDATION_RESPONSE", r.type
            assert r.request_id == req.message_id, (r.request_id, req.message_id)
            assert r.message_id and r.message_id != req.message_id, r.message_id
            f = r.attributes.fields
            assert f["result"].string_value == "PASS", r
            assert len(f["violations"].list_value.values) == 0, r

        @check("validate_fail")
        def _():
            req = msg("VALIDATION_REQUEST", **dict(good, voltage=60))
            r = stub.Validate(req, timeout=5)
            assert r.type == "VALIDATION_RESPONSE", r.type
            assert r.request_id == req.message_id
            f = r.attributes.fields
            assert f["result"].string_value == "FAIL", r
            v = f["violations"].list_value.values
            assert len(v) == 1, r
            vf = v[0].struct_value.fields
            assert (vf["field"].string_value, vf["rule"].string_value) == ("voltage", "max"), r

        @check("ping_pong")
        def _():
            req = msg("PING")
            r = stub.Validate(req, timeout=5)
            assert r.type == "PONG" and r.request_id == req.message_id, r

        @check("unknown_type_unimplemented")
        def _():
            return expect_status(lambda: stub.Validate(msg("NO_SUCH_TYPE"), timeout=5),
                                 grpc.StatusCode.UNIMPLEMENTED)

        @check("fail_with_unavailable")
        def _():
            return expect_status(
                lambda: stub.Validate(msg("VALIDATION_REQUEST", **dict(good, fail_with="UNAVAILABLE")), timeout=5),
                grpc.StatusCode.UNAVAILABLE)

        @check("deadline_exceeded")
        def _():
            started = time.monotonic()
            detail = expect_status(
                lambda: stub.Validate(msg("VALIDATION_REQUEST", **dict(good, delay_ms=2000)), timeout=0.1),
                grpc.StatusCode.DEADLINE_EXCEEDED)
            elapsed = time.monotonic() - started
            assert elapsed < 1.5, f"deadline took {elapsed:.2f} s"
            # The connection must still serve calls afterwards.
            r = stub.Validate(msg("PING"), timeout=5)
            assert r.type == "PONG", r
            return f"{detail} after {elapsed * 1000:.0f} ms"

        @check("echo_unknown_field")
        def _():
            base = msg("ECHO", board_id="board-7", nested={"a": [1, "two", True, None]})
            base.payload = bytes(range(256))
            # Field 99, wire type 0 (varint), value 42: tag 99<<3 = 792 = 0x98 0x06.
            raw = base.SerializeToString() + bytes([0x98, 0x06, 42])
            echo = channel.unary_unary("/ipcbridge.v1.Validation/Echo",
                                       request_serializer=lambda b: b,
                                       response_deserializer=lambda b: b)
            back = echo(raw, timeout=5)
            assert back == raw, f"sent {len(raw)} bytes {raw[-8:].hex()}, got {len(back)} bytes {back[-8:].hex()}"
            return f"{len(raw)} bytes round-tripped"

        @check("watch_4")
        def _():
            req = msg("WATCH", event_count=4)
            events = list(stub.Watch(req, timeout=10))
            assert all(e.type == "EVENT" for e in events), [e.type for e in events]
            assert all(e.request_id == req.message_id for e in events), [e.request_id for e in events]
            seqs = [int(e.attributes.fields["seq"].number_value) for e in events]
            assert seqs == [0, 1, 2, 3], seqs

        @check("validate_batch_3")
        def _():
            reqs = [msg("VALIDATION_REQUEST", **good),
                    msg("VALIDATION_REQUEST", **dict(good, voltage=60)),
                    msg("VALIDATION_REQUEST", **dict(good, mode="manual"))]
            r = stub.ValidateBatch(iter(reqs), timeout=10)
            assert r.type == "VALIDATION_RESPONSE", r
            f = r.attributes.fields
            got = (f["result"].string_value, f["count"].number_value, f["passed"].number_value,
                   f["failed"].number_value)
            assert got == ("FAIL", 3, 2, 1), got
            results = [(x.struct_value.fields["request_id"].string_value,
                        x.struct_value.fields["result"].string_value) for x in f["results"].list_value.values]
            want = [(reqs[0].message_id, "PASS"), (reqs[1].message_id, "FAIL"), (reqs[2].message_id, "PASS")]
            assert results == want, results

        @check("validate_stream_5")
        def _():
            reqs = [msg("VALIDATION_REQUEST", **dict(good, voltage=60 if i == 2 else 10 + i)) for i in range(5)]
            answers = list(stub.ValidateStream(iter(reqs), timeout=10))
            assert [a.request_id for a in answers] == [r.message_id for r in reqs], \
                [a.request_id for a in answers]
            results = [a.attributes.fields["result"].string_value for a in answers]
            assert results == ["PASS", "PASS", "FAIL", "PASS", "PASS"], results

        @check("concurrent_20")
        def _():
            reqs = [msg("VALIDATION_REQUEST", **dict(good, current=i % 20)) for i in range(20)]
            with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
                answers = list(pool.map(lambda r: stub.Validate(r, timeout=10), reqs))
            for r, a in zip(reqs, answers):
                assert a.request_id == r.message_id, (a.request_id, r.message_id)
                assert a.attributes.fields["result"].string_value == "PASS", a

        health = channel.unary_unary("/grpc.health.v1.Health/Check",
                                     request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
                                     response_deserializer=health_pb2.HealthCheckResponse.FromString)

        @check("health_serving")
        def _():
            for service in ("", "ipcbridge.v1.Validation"):
                r = health(health_pb2.HealthCheckRequest(service=service), timeout=5)
                assert r.status == health_pb2.HealthCheckResponse.SERVING, (service, r)

        @check("health_unknown_not_found")
        def _():
            return expect_status(
                lambda: health(health_pb2.HealthCheckRequest(service="no.such.Service"), timeout=5),
                grpc.StatusCode.NOT_FOUND)


if __name__ == "__main__":
    sys.exit(main())
