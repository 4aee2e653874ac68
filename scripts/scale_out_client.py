#!/usr/bin/env python3
"""The grpcio side of scripts/scale-out.sh, and its summary.

  scale_out_client.py call TARGET --label L --calls N --stubs DIR [--tls-ca PEM]
      N ipcbridge.v1.Validation/Validate calls (a passing VALIDATION_REQUEST each) and N
      grpc.health.v1.Health/Check calls, one after another on one channel to TARGET
      (insecure, or TLS trusting PEM). Prints one JSON line per method:
      {"label", "method", "calls", "ok", "failed", "errors"}; exits 1 if any call failed.
      The stubs are generated into DIR with grpc_tools the first time (the same way as
      Tests/InteropTests/python/grpc_validation_client.py, whose helpers this reuses).

  scale_out_client.py summary RESULTS PHASES ACCESS_LOG BACKENDS...
      RESULTS: lines "phase<TAB>label<TAB>calls<TAB>ok<TAB>failed" (the clients' counts);
      PHASES: lines "phase<TAB>first_log_line<TAB>last_log_line<TAB>expected backends"
      (comma-separated names); ACCESS_LOG: nginx's log in scale-out.sh's `scaleout` format;
      BACKENDS: name=ADDR,ADDR (each backend's http and grpc addresses). Prints the table and
      exits 1 unless every call succeeded, nginx logged each one, and each phase's calls were
      answered by exactly the expected backends."""
import argparse, json, os, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(REPO, "Tests", "InteropTests", "python"))


def stubs(directory, protos, grpc_testing):
    from grpc_validation_client import generate, load  # noqa: E402  (the interop client's helpers)
    if not os.path.exists(os.path.join(directory, "ipcbridge", "v1", "bridge_pb2.py")):
        os.makedirs(directory, exist_ok=True)
        generate(protos, grpc_testing, directory)
    sys.path.insert(0, directory)
    from ipcbridge.v1 import bridge_pb2  # noqa: E402
    # Loaded by file under another name: grpc/health/v1/health_pb2.py would shadow grpcio.
    health_pb2 = load(os.path.join(directory, "grpc", "health", "v1", "health_pb2.py"), "scale_out_health_pb2")
    return bridge_pb2, health_pb2


def call(a):
    import grpc
    pb, health_pb2 = stubs(a.stubs, a.protos, a.grpc_testing)
    if a.tls_ca:
        with open(a.tls_ca, "rb") as f:
            channel = grpc.secure_channel(a.target, grpc.ssl_channel_credentials(root_certificates=f.read()))
    else:
        channel = grpc.insecure_channel(a.target)
    validate = channel.unary_unary("/ipcbridge.v1.Validation/Validate",
                                   request_serializer=pb.BridgeMessage.SerializeToString,
                                   response_deserializer=pb.BridgeMessage.FromString)
    check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
                                response_deserializer=health_pb2.HealthCheckResponse.FromString)

    def one_validate(i):
        req = pb.BridgeMessage(message_id=f"scale-{a.label}-{os.getpid()}-{i}", type="VALIDATION_REQUEST",
                               timestamp_ms=int(time.time() * 1000))
        req.attributes.update(dict(board_id=f"board-{i}", voltage=12.5, current=3, mode="auto"))
        r = validate(req, timeout=a.timeout)
        result = r.attributes.fields["result"].string_value if "result" in r.attributes.fields else None
        assert r.type == "VALIDATION_RESPONSE" and r.request_id == req.message_id and result == "PASS", \
            f"type={r.type} request_id={r.request_id} result={result}"

    def one_check(_):
        r = check(health_pb2.HealthCheckRequest(service=""), timeout=a.timeout)
        assert r.status == health_pb2.HealthCheckResponse.SERVING, f"status={r.status}"

    failed_any = False
    with channel:
        try:
            grpc.channel_ready_future(channel).result(timeout=10)
        except grpc.FutureTimeoutError:
            pass  # every call below then fails with its own error, counted and shown
        for method, fn in (("Validate", one_validate), ("Health/Check", one_check)):
            ok, errors = 0, []
            for i in range(a.calls):
                try:
                    fn(i)
                    ok += 1
                except grpc.RpcError as e:
                    errors.append(f"call {i}: {e.code()}: {e.details()}")
                except AssertionError as e:
                    errors.append(f"call {i}: {e}")
            failed_any |= ok != a.calls
            print(json.dumps({"label": a.label, "method": method, "calls": a.calls, "ok": ok,
                              "failed": a.calls - ok, "errors": errors[:5]}), flush=True)
    return 1 if failed_any else 0


def summary(a):
    names = {}
    for spec in a.backends:
        name, addrs = spec.split("=", 1)
        for addr in addrs.split(","):
            names[addr] = name
    with open(a.access_log) as f:
        log = f.read().splitlines()

    def transport(port, uri):
        kind = {a.http_port: "http", a.grpc_port: "grpc", a.tls_port: "tls"}.get(port, "?")
        if kind == "tls":
            kind = "grpc+tls" if uri.startswith(("/ipcbridge.v1.", "/grpc.health.")) else "https"
        if kind.startswith("grpc"):
            kind += " health" if uri.startswith("/grpc.health.") else " validate"
        return kind

    # Per (phase, transport): requests nginx logged, final backend counts, retried requests.
    seen = {}
    phases = []
    with open(a.phases) as f:
        for line in f:
            phase, first, last, expected = line.rstrip("\n").split("\t")
            phases.append((phase, set(expected.split(","))))
            for entry in log[int(first):int(last)]:
                port, request, status, upstreams, upstream_status, grpc_status, _ = entry.split("|")
                parts = request.split(" ")
                uri = parts[1] if len(parts) > 1 else ""
                if uri == "/healthz":
                    continue
                tries = [names.get(u.strip(), u.strip()) for u in upstreams.split(",")]
                s = seen.setdefault((phase, transport(port, uri)), {"logged": 0, "final": {}, "retried": 0, "statuses": {}})
                s["logged"] += 1
                s["final"][tries[-1]] = s["final"].get(tries[-1], 0) + 1
                s["retried"] += len(tries) > 1
                key = f"{status}/{grpc_status}" if grpc_status not in ("", "-") else status
                s["statuses"][key] = s["statuses"].get(key, 0) + 1

    label_of = {("grpc", "Validate"): "grpc validate", ("grpc", "Health/Check"): "grpc health",
                ("grpc+tls", "Validate"): "grpc+tls validate", ("grpc+tls", "Health/Check"): "grpc+tls health"}
    problems = []
    rows = []
    expected_of = dict(phases)
    with open(a.results) as f:
        for line in f:
            phase, label, calls, ok, failed = line.rstrip("\n").split("\t")
            calls, ok, failed = int(calls), int(ok), int(failed)
            s = seen.get((phase, label), {"logged": 0, "final": {}, "retried": 0, "statuses": {}})
            backends = " ".join(f"{k}:{v}" for k, v in sorted(s["final"].items())) or "-"
            rows.append((phase, label, calls, ok, failed, backends, s["retried"],
                         " ".join(f"{k}x{v}" for k, v in sorted(s["statuses"].items()))))
            if failed or ok != calls:
                problems.append(f"{phase} {label}: {failed} of {calls} calls failed")
            if s["logged"] != calls:
                problems.append(f"{phase} {label}: nginx logged {s['logged']} requests for {calls} calls")
            if set(s["final"]) != expected_of[phase]:
                problems.append(f"{phase} {label}: answered by {sorted(s['final'])}, expected {sorted(expected_of[phase])}")

    header = ("phase", "transport", "calls", "ok", "failed", "backends seen", "retried", "nginx status")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(v).rjust(w) if isinstance(v, int) else str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
    total = sum(r[2] for r in rows)
    bad = sum(r[4] for r in rows)
    for p in problems:
        print(f"FAIL: {p}")
    print(f"scale-out: {total - bad} passed, {bad} failed")
    return 1 if problems else 0


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("call")
    c.add_argument("target")
    c.add_argument("--label", required=True)
    c.add_argument("--calls", type=int, default=20)
    c.add_argument("--timeout", type=float, default=5)
    c.add_argument("--tls-ca")
    c.add_argument("--stubs", required=True)
    c.add_argument("--protos", default=os.path.join(REPO, "Protos"))
    c.add_argument("--grpc-testing", default=os.path.join(REPO, "..", "shared", "grpc-testing"))
    s = sub.add_parser("summary")
    s.add_argument("results")
    s.add_argument("phases")
    s.add_argument("access_log")
    s.add_argument("--http-port", required=True)
    s.add_argument("--grpc-port", required=True)
    s.add_argument("--tls-port", required=True)
    s.add_argument("backends", nargs="+")
    a = p.parse_args()
    return call(a) if a.command == "call" else summary(a)


if __name__ == "__main__":
    sys.exit(main())
