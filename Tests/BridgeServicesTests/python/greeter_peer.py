#!/usr/bin/env python3
"""Google's own protobuf and grpcio against our Greeter (docs/custom-services.md, "On the wire").

  python3 greeter_peer.py --grpc HOST:PORT --http HOST:PORT --tcp HOST:PORT

Needs grpcio, grpcio-tools and protobuf (scripts/install-test-deps.sh). Generates greeter_pb2
from ../Fixtures/greeter.proto into a temp dir, then calls SayHello and SayHelloToAll over gRPC
(grpcio stubs), HTTP (the body written and read by google.protobuf.json_format) and framed TCP
(a BridgeMessage of type greeter.v1.Greeter/SayHello carrying the request as attributes). Prints
one JSON line per check, {"name", "status": "pass"|"fail", "detail"}; exits 1 when any failed,
2 when the stubs could not be generated."""
import argparse, http.client, importlib, json, os, shutil, socket, struct, subprocess, sys, tempfile, traceback

import grpc
from google.protobuf import json_format

HERE = os.path.dirname(os.path.abspath(__file__))
failures = 0


def report(name, ok, detail=""):
    global failures
    if not ok:
        failures += 1
    print(json.dumps({"name": name, "status": "pass" if ok else "fail", "detail": detail}), flush=True)


def check(name, fn):
    try:
        report(name, True, fn() or "")
    except AssertionError as e:
        report(name, False, str(e))
    except Exception as e:  # noqa: BLE001
        report(name, False, f"{type(e).__name__}: {e}\n{traceback.format_exc()}")


def host_port(text):
    host, port = text.rsplit(":", 1)
    return host, int(port)


def http_post(target, path, body):
    conn = http.client.HTTPConnection(*host_port(target), timeout=10)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def tcp_call(target, message):
    with socket.create_connection(host_port(target), timeout=10) as sock:
        body = json.dumps(message).encode()
        sock.sendall(struct.pack(">I", len(body)) + body)
        length = struct.unpack(">I", read_exactly(sock, 4))[0]
        return json.loads(read_exactly(sock, length))


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        assert chunk, "connection closed early"
        data += chunk
    return data


def run(args, pb, pb_grpc):
    request = pb.HelloRequest(name="Ada", language=pb.FRENCH, visits=9007199254740993, exclaim=True)
    everybody = pb.HelloAllRequest(requests=[request, pb.HelloRequest(name="grace", suffix=" :)")], nicknames={"grace": "Grace"})
    expected = pb.HelloReply(message="Bonjour, Ada!", visits=9007199254740994)

    with grpc.insecure_channel(args.grpc) as channel:
        stub = pb_grpc.GreeterStub(channel)

        def grpc_hello():
            reply = stub.SayHello(request, timeout=10)
            assert reply == expected, reply
        check("grpc_say_hello", grpc_hello)

        def grpc_all():
            reply = stub.SayHelloToAll(everybody, timeout=10)
            assert [r.message for r in reply.replies] == ["Bonjour, Ada!", "Hello, Grace :)"], reply
            assert dict(reply.count_by_language) == {"FRENCH": 1, "LANGUAGE_UNSPECIFIED": 1}, reply
        check("grpc_say_hello_to_all", grpc_all)

        def grpc_status(name, code):
            try:
                stub.SayHello(pb.HelloRequest(name=name), timeout=10)
            except grpc.RpcError as e:
                assert e.code() == code, f"{e.code()}: {e.details()}"
                return f"{e.code()}: {e.details()}"
            raise AssertionError(f"expected {code}")
        check("grpc_handler_error", lambda: grpc_status("", grpc.StatusCode.INVALID_ARGUMENT))
        check("grpc_other_error_is_unknown", lambda: grpc_status("crash", grpc.StatusCode.UNKNOWN))

        def grpc_unknown():
            missing = channel.unary_unary("/greeter.v1.Greeter/Missing", request_serializer=pb.HelloRequest.SerializeToString,
                                          response_deserializer=pb.HelloReply.FromString)
            try:
                missing(request, timeout=10)
            except grpc.RpcError as e:
                assert e.code() == grpc.StatusCode.UNIMPLEMENTED, e.code()
                return
            raise AssertionError("expected UNIMPLEMENTED")
        check("grpc_unknown_method", grpc_unknown)

    def http_hello():
        status, body = http_post(args.http, "/greeter.v1.Greeter/SayHello", json_format.MessageToJson(request))
        assert status == 200, (status, body)
        reply = json_format.Parse(body, pb.HelloReply())
        assert reply == expected, reply
        return body.decode()
    check("http_say_hello", http_hello)

    def http_all():
        body = json_format.MessageToJson(everybody, preserving_proto_field_name=True)
        status, answer = http_post(args.http, "/greeter.v1.Greeter/SayHelloToAll", body)
        assert status == 200, (status, answer)
        reply = json_format.Parse(answer, pb.HelloAllReply())
        assert dict(reply.count_by_language) == {"FRENCH": 1, "LANGUAGE_UNSPECIFIED": 1}, reply
        assert "count_by_language" in json.loads(answer), "our JSON uses the .proto field names"
    check("http_say_hello_to_all", http_all)

    def http_bad():
        status, body = http_post(args.http, "/greeter.v1.Greeter/SayHello", '{"visits": "lots"}')
        assert status == 400, (status, body)
        assert json.loads(body)["attributes"]["error_code"] == "INVALID_ARGUMENT", body
    check("http_bad_request", http_bad)

    def tcp_hello():
        attributes = json_format.MessageToDict(request, preserving_proto_field_name=True)
        answer = tcp_call(args.tcp, {"message_id": "py-1", "type": "greeter.v1.Greeter/SayHello", "attributes": attributes})
        assert answer["type"] == "greeter.v1.Greeter/SayHello" and answer["request_id"] == "py-1", answer
        reply = json_format.ParseDict(answer["attributes"], pb.HelloReply())
        assert reply == expected, reply
    check("tcp_say_hello", tcp_hello)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--grpc", required=True)
    p.add_argument("--http", required=True)
    p.add_argument("--tcp", required=True)
    args = p.parse_args()
    gen = tempfile.mkdtemp(prefix="ipcbridge_greeter_pb_")
    try:
        fixtures = os.path.join(HERE, "..", "Fixtures")
        done = subprocess.run([sys.executable, "-m", "grpc_tools.protoc", f"-I{fixtures}", f"--python_out={gen}",
                               f"--grpc_python_out={gen}", "greeter.proto"], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            print(f"protoc failed ({done.returncode}): {done.stderr.strip()}", file=sys.stderr)
            return 2
        sys.path.insert(0, gen)
        run(args, importlib.import_module("greeter_pb2"), importlib.import_module("greeter_pb2_grpc"))
    finally:
        shutil.rmtree(gen, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
