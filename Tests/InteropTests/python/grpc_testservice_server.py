#!/usr/bin/env python3
"""A Python grpcio grpc.testing.TestService server for our interop client
(`bridge interop-client`), following grpc's interop-test-descriptions.md server features.

  grpc_testservice_server.py --port 0 [--grpc-testing DIR]
Generates stubs for test.proto into a temp dir; prints "listening PORT" (flushed) when ready.
"""
import argparse, os, shutil, sys, tempfile, time
from concurrent import futures

import grpc
from grpc_tools import protoc
import importlib.resources

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--grpc-testing", default=os.path.normpath(os.path.join(here, "..", "..", "..", "..", "shared", "grpc-testing")))
args = parser.parse_args()

gen = tempfile.mkdtemp(prefix="interop_pb_")
include = str(importlib.resources.files("grpc_tools") / "_proto")
protos = ["src/proto/grpc/testing/test.proto", "src/proto/grpc/testing/messages.proto", "src/proto/grpc/testing/empty.proto"]
if protoc.main(["protoc", f"-I{args.grpc_testing}", f"-I{include}", f"--python_out={gen}", f"--grpc_python_out={gen}"] + protos) != 0:
    sys.exit("protoc failed")
sys.path.insert(0, gen)
from src.proto.grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402

INITIAL, TRAILING = "x-grpc-test-echo-initial", "x-grpc-test-echo-trailing-bin"


def echo_metadata(context):
    metadata = dict(context.invocation_metadata())
    if INITIAL in metadata:
        context.send_initial_metadata(((INITIAL, metadata[INITIAL]),))
    if TRAILING in metadata:
        context.set_trailing_metadata(((TRAILING, metadata[TRAILING]),))


def finish_with(status, context):
    if status is not None and status.code != 0:
        context.abort(grpc.StatusCode(next(c for c in grpc.StatusCode if c.value[0] == status.code)), status.message)


def payload(size):
    return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=b"\0" * size)


class TestService(test_pb2_grpc.TestServiceServicer):
    def EmptyCall(self, request, context):
        return empty_pb2.Empty()

    def UnaryCall(self, request, context):
        echo_metadata(context)
        finish_with(request.response_status if request.HasField("response_status") else None, context)
        return messages_pb2.SimpleResponse(payload=payload(request.response_size))

    def StreamingOutputCall(self, request, context):
        for parameters in request.response_parameters:
            if parameters.interval_us:
                time.sleep(parameters.interval_us / 1e6)
            yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))

    def StreamingInputCall(self, request_iterator, context):
        total = sum(len(request.payload.body) for request in request_iterator)
        return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=total)

    def FullDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        for request in request_iterator:
            finish_with(request.response_status if request.HasField("response_status") else None, context)
            for parameters in request.response_parameters:
                if parameters.interval_us:
                    time.sleep(parameters.interval_us / 1e6)
                yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))

    def HalfDuplexCall(self, request_iterator, context):
        requests = list(request_iterator)
        for request in requests:
            for parameters in request.response_parameters:
                yield messages_pb2.StreamingOutputCallResponse(payload=payload(parameters.size))


server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
test_pb2_grpc.add_TestServiceServicer_to_server(TestService(), server)
port = server.add_insecure_port(f"127.0.0.1:{args.port}")
server.start()
print(f"listening {port}", flush=True)
try:
    server.wait_for_termination()
except KeyboardInterrupt:
    pass
finally:
    server.stop(0.5)
    shutil.rmtree(gen, ignore_errors=True)
