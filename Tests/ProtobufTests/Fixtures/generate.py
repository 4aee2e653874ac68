#!/usr/bin/env python3
"""Writes PythonFixtures.swift: reference protobuf encodings for the Protobuf target's tests.

The reference is Python's `google.protobuf` (the upb implementation). This script compiles
the project's protos (Protos/ipcbridge/v1/bridge.proto), grpc's interop protos
(shared/grpc-testing) and a test-only proto written below (every scalar type, repeated,
maps, oneof) with grpcio-tools' protoc into a temporary folder, builds a set of messages,
serializes each with deterministic=True and writes the bytes as hex into a Swift file next to
this one. The Swift tests build the same values by hand, encode them and compare bytes, and
decode these bytes and compare values. Run it again only when the cases change:

    python3 -m pip install grpcio-tools   # brings protobuf too
    python3 Tests/ProtobufTests/Fixtures/generate.py

Map key order is not specified by protobuf, and upb's deterministic mode has its own: integer
and bool keys in descending unsigned order, string keys by bytes except that a key that is a
prefix of another comes after it ("ab" before "a" before ""). Our encoder sorts ascending
(signed integers numerically, strings by bytes with prefixes first), as C++ does. So fixtures
whose maps would order differently are compared as values, and this script also writes an
ascending-key encoding for them, built by serializing each entry on its own with the reference
encoder and concatenating the pieces in key order (a valid encoding of the same message); the
byte-exact Struct fixtures use keys none of which is a prefix of another.
"""

import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUTPUT = os.path.join(HERE, "PythonFixtures.swift")


def find_shared():
    """shared/grpc-testing sits beside the repository (../shared) in this workspace."""
    for candidate in (os.environ.get("GRPC_TESTING_PROTOS"),
                      os.path.join(REPO, "..", "shared", "grpc-testing"),
                      os.path.join(REPO, "shared", "grpc-testing"),
                      "/work/shared/grpc-testing"):
        if candidate and os.path.isfile(os.path.join(candidate, "src/proto/grpc/testing/messages.proto")):
            return os.path.abspath(candidate)
    sys.exit("generate.py: cannot find shared/grpc-testing (set GRPC_TESTING_PROTOS)")


def find_bridge_protos():
    for candidate in (os.path.join(REPO, "Protos"), "/work/main/Protos"):
        if os.path.isfile(os.path.join(candidate, "ipcbridge/v1/bridge.proto")):
            return candidate
    sys.exit("generate.py: cannot find Protos/ipcbridge/v1/bridge.proto")


TEST_PROTO = r"""
syntax = "proto3";
package ipcbridge.test;

enum Color {
  COLOR_UNSPECIFIED = 0;
  RED = 1;
  GREEN = 2;
  NEGATIVE = -1;
}

message Nested {
  int32 a = 1;
  string b = 2;
  Nested child = 3;
}

message AllTypes {
  int32 f_int32 = 1;
  int64 f_int64 = 2;
  uint32 f_uint32 = 3;
  uint64 f_uint64 = 4;
  sint32 f_sint32 = 5;
  sint64 f_sint64 = 6;
  fixed32 f_fixed32 = 7;
  fixed64 f_fixed64 = 8;
  sfixed32 f_sfixed32 = 9;
  sfixed64 f_sfixed64 = 10;
  float f_float = 11;
  double f_double = 12;
  bool f_bool = 13;
  string f_string = 14;
  bytes f_bytes = 15;
  Color f_enum = 16;
  Nested f_nested = 17;

  repeated int32 r_int32 = 31;
  repeated int64 r_int64 = 32;
  repeated uint32 r_uint32 = 33;
  repeated uint64 r_uint64 = 34;
  repeated sint32 r_sint32 = 35;
  repeated sint64 r_sint64 = 36;
  repeated fixed32 r_fixed32 = 37;
  repeated fixed64 r_fixed64 = 38;
  repeated sfixed32 r_sfixed32 = 39;
  repeated sfixed64 r_sfixed64 = 40;
  repeated float r_float = 41;
  repeated double r_double = 42;
  repeated bool r_bool = 43;
  repeated string r_string = 44;
  repeated bytes r_bytes = 45;
  repeated Color r_enum = 46;
  repeated Nested r_nested = 47;

  map<string, int32> m_string_int32 = 50;
  map<int32, string> m_int32_string = 51;
  map<string, Nested> m_string_nested = 52;
  map<bool, double> m_bool_double = 53;
  map<sint64, Color> m_sint64_enum = 54;
  map<uint64, bytes> m_uint64_bytes = 55;
  map<fixed32, float> m_fixed32_float = 56;
  map<sfixed64, sint32> m_sfixed64_sint32 = 57;

  oneof choice {
    int32 o_int32 = 60;
    string o_string = 61;
    Nested o_nested = 62;
    bytes o_bytes = 63;
  }

  int32 f_max_field = 536870911;
}

// The same repeated scalars written the proto2 way: one key per element.
message AllTypesUnpacked {
  repeated int32 r_int32 = 31 [packed = false];
  repeated int64 r_int64 = 32 [packed = false];
  repeated uint32 r_uint32 = 33 [packed = false];
  repeated uint64 r_uint64 = 34 [packed = false];
  repeated sint32 r_sint32 = 35 [packed = false];
  repeated sint64 r_sint64 = 36 [packed = false];
  repeated fixed32 r_fixed32 = 37 [packed = false];
  repeated fixed64 r_fixed64 = 38 [packed = false];
  repeated sfixed32 r_sfixed32 = 39 [packed = false];
  repeated sfixed64 r_sfixed64 = 40 [packed = false];
  repeated float r_float = 41 [packed = false];
  repeated double r_double = 42 [packed = false];
  repeated bool r_bool = 43 [packed = false];
  repeated string r_string = 44;
  repeated bytes r_bytes = 45;
  repeated Color r_enum = 46 [packed = false];
  repeated Nested r_nested = 47;
}
"""


def compile_protos(workdir):
    try:
        from grpc_tools import protoc  # noqa: F401
        import grpc_tools
    except ImportError:
        sys.exit("generate.py: needs grpcio-tools (python3 -m pip install grpcio-tools)")
    shared = find_shared()
    bridge = find_bridge_protos()
    wkt = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    test_dir = os.path.join(workdir, "src")
    os.makedirs(os.path.join(test_dir, "ipcbridge", "test"))
    with open(os.path.join(test_dir, "ipcbridge", "test", "all_types.proto"), "w") as f:
        f.write(TEST_PROTO)
    out = os.path.join(workdir, "out")
    os.makedirs(out)
    command = [sys.executable, "-m", "grpc_tools.protoc", f"-I{test_dir}", f"-I{bridge}", f"-I{shared}", f"-I{wkt}",
               f"--python_out={out}",
               "ipcbridge/test/all_types.proto", "ipcbridge/v1/bridge.proto",
               "src/proto/grpc/testing/messages.proto", "src/proto/grpc/testing/empty.proto",
               "grpc/health/v1/health.proto"]
    subprocess.run(command, check=True)
    GENERATED.append(out)


GENERATED = []


def load(relative_path):
    """Imports a generated module from its file (none of them import another generated one)."""
    import importlib.util
    path = os.path.join(GENERATED[-1], relative_path)
    name = "fixture_" + relative_path[:-3].replace("/", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ser(message):
    return message.SerializeToString(deterministic=True)


def main():
    with tempfile.TemporaryDirectory() as workdir:
        compile_protos(workdir)
        fixtures = build_fixtures()
    write_swift(fixtures)


def build_fixtures():
    import google.protobuf
    from google.protobuf import struct_pb2
    from google.protobuf.internal import api_implementation
    t = load("ipcbridge/test/all_types_pb2.py")
    bridge_pb2 = load("ipcbridge/v1/bridge_pb2.py")
    messages_pb2 = load("src/proto/grpc/testing/messages_pb2.py")
    empty_pb2 = load("src/proto/grpc/testing/empty_pb2.py")
    health_pb2 = load("grpc/health/v1/health_pb2.py")  # by path: `grpc` is also grpcio's package

    fixtures = []  # (name, description, bytes)

    def add(name, description, data):
        fixtures.append((name, description, bytes(data)))

    add("version", f"python protobuf {google.protobuf.__version__} ({api_implementation.Type()})",
        f"{google.protobuf.__version__}".encode())

    # --- every scalar type ---------------------------------------------------------------
    add("allTypesEmpty", "AllTypes() with every field at its default: no bytes at all", ser(t.AllTypes()))

    m = t.AllTypes(f_int32=150, f_int64=1234567890123, f_uint32=300, f_uint64=1 << 40, f_sint32=63, f_sint64=64,
                   f_fixed32=0xDEADBEEF, f_fixed64=0x0123456789ABCDEF, f_sfixed32=1, f_sfixed64=2,
                   f_float=1.5, f_double=0.1, f_bool=True, f_string="hello", f_bytes=b"\x00\x01\xfe\xff",
                   f_enum=t.GREEN, f_nested=t.Nested(a=1, b="x", child=t.Nested(a=2)))
    add("allTypesTypical", "typical positive values in every singular field", ser(m))

    m = t.AllTypes(f_int32=-1, f_int64=-1, f_sint32=-1, f_sint64=-1, f_sfixed32=-1, f_sfixed64=-1,
                   f_float=-2.25, f_double=-1e-300, f_enum=t.NEGATIVE, f_nested=t.Nested(a=-150),
                   f_max_field=-2)
    add("allTypesNegative", "-1 in every signed field, negative floats, the NEGATIVE (-1) enum value", ser(m))

    m = t.AllTypes(f_int32=2**31 - 1, f_int64=2**63 - 1, f_uint32=2**32 - 1, f_uint64=2**64 - 1,
                   f_sint32=2**31 - 1, f_sint64=2**63 - 1, f_fixed32=2**32 - 1, f_fixed64=2**64 - 1,
                   f_sfixed32=2**31 - 1, f_sfixed64=2**63 - 1, f_float=3.4028234663852886e38,
                   f_double=1.7976931348623157e308, f_bool=True, f_string="h\u00e9llo \u263a \U0001F608",
                   f_bytes=bytes(range(256)), f_enum=99, f_max_field=2**31 - 1)
    add("allTypesMax", "maximum of every type; non-ASCII string; bytes 0...255; unknown enum number 99", ser(m))

    m = t.AllTypes(f_int32=-2**31, f_int64=-2**63, f_sint32=-2**31, f_sint64=-2**63,
                   f_sfixed32=-2**31, f_sfixed64=-2**63, f_float=1.401298464324817e-45, f_double=5e-324,
                   f_enum=-2**31, f_max_field=-2**31)
    add("allTypesMin", "minimum of every signed type; smallest subnormal floats; enum number -2^31", ser(m))

    m = t.AllTypes(f_float=math.nan, f_double=-0.0, r_float=[math.inf, -math.inf, -0.0, math.nan],
                   r_double=[math.inf, -math.inf, math.nan, 0.0])
    add("floatSpecials", "NaN, infinities and -0.0 (written: proto3 compares floats by bit pattern)", ser(m))

    repeated = dict(
        r_int32=[0, 1, -1, 2**31 - 1, -2**31, 150],
        r_int64=[0, -1, 2**63 - 1, -2**63],
        r_uint32=[0, 1, 2**32 - 1],
        r_uint64=[0, 2**64 - 1, 300],
        r_sint32=[0, -1, 1, -2**31, 2**31 - 1],
        r_sint64=[0, -1, 1, -2**63, 2**63 - 1],
        r_fixed32=[0, 1, 2**32 - 1],
        r_fixed64=[0, 2**64 - 1],
        r_sfixed32=[-1, 0, 1],
        r_sfixed64=[-2**63, 2**63 - 1],
        r_float=[1.5, -0.5, 0.0],
        r_double=[0.1, -1e300, 0.0],
        r_bool=[True, False, True],
        r_string=["", "a", "\u263a"],
        r_bytes=[b"", b"\x00", b"\xff\xfe"],
        r_enum=[t.RED, t.NEGATIVE, 0, 99],
    )
    nested = [t.Nested(a=1), t.Nested(), t.Nested(b="z")]
    add("repeatedPacked", "every repeated type (scalars packed, as proto3 writes them)",
        ser(t.AllTypes(r_nested=nested, **repeated)))
    add("repeatedUnpacked", "the same values with [packed = false]: one key per element",
        ser(t.AllTypesUnpacked(r_nested=nested, **repeated)))

    # --- maps ------------------------------------------------------------------------------
    m = t.AllTypes()
    for key, value in {"a": 0, "b": -1, "\u00e9": 2, "\U0001F608": 3, "z": 2**31 - 1}.items():
        m.m_string_int32[key] = value
    m.m_string_nested["k"].CopyFrom(t.Nested(a=1))
    m.m_string_nested["empty"].CopyFrom(t.Nested())
    add("mapsStringKeys", "string-keyed maps (entries in UTF-8 key order; default values written)", ser(m))

    prefixed = {"": 0, "a": 1, "ab": 2, "abc": 3, "b": 4}
    m = t.AllTypes(m_string_int32=prefixed)
    add("mapsPrefixKeys", "string keys that are prefixes of each other, in upb's order: compare values", ser(m))
    add("mapsPrefixKeysAscending", "the same map, each entry encoded by the reference, in ascending key order",
        b"".join(ser(t.AllTypes(m_string_int32={key: prefixed[key]})) for key in sorted(prefixed)))

    other = {
        "m_int32_string": {0: "zero", -1: "minus", 2**31 - 1: "max", -2**31: "min", 1: ""},
        "m_bool_double": {False: 0.0, True: -1.5},
        "m_sint64_enum": {-1: t.RED, 0: 0, 2**63 - 1: t.NEGATIVE, -2**63: 99},
        "m_uint64_bytes": {0: b"", 2**64 - 1: b"\x01", 300: b"abc"},
        "m_fixed32_float": {7: 1.5, 0: 0.0},
        "m_sfixed64_sint32": {-5: -5, 5: 5},
    }
    m = t.AllTypes()
    ascending = b""
    for field, entries in other.items():
        for key, value in entries.items():
            getattr(m, field)[key] = value
        for key in sorted(entries):
            single = t.AllTypes()
            getattr(single, field)[key] = entries[key]
            ascending += ser(single)
    add("mapsOtherKeys", "integer- and bool-keyed maps, in upb's own (descending) order: compare values", ser(m))
    add("mapsOtherKeysAscending", "the same maps, each entry encoded by the reference and put in ascending key order",
        ascending)

    # --- oneof -------------------------------------------------------------------------------
    add("oneofInt32Zero", "oneof member set to 0: still written", ser(t.AllTypes(o_int32=0)))
    add("oneofString", "oneof string member", ser(t.AllTypes(o_string="one")))
    add("oneofNested", "oneof message member", ser(t.AllTypes(o_nested=t.Nested(a=5, child=t.Nested()))))
    add("oneofBytesEmpty", "oneof bytes member, empty: still written", ser(t.AllTypes(o_bytes=b"")))
    both = ser(t.AllTypes(o_string="first")) + ser(t.AllTypes(o_int32=7))
    parsed = t.AllTypes()
    parsed.ParseFromString(both)
    assert parsed.WhichOneof("choice") == "o_int32"
    add("oneofTwoMembersInput", "two oneof members on the wire (string, then int32)", both)
    add("oneofTwoMembersParsed", "what the reference makes of it: the last member wins", ser(parsed))

    # --- nesting and merging -----------------------------------------------------------------
    chain = t.Nested(a=5, b="five")
    for depth in range(4, 0, -1):
        chain = t.Nested(a=depth, b=str(depth), child=chain)
    add("nestedChain", "Nested five levels deep, plus the largest field number (2^29 - 1)",
        ser(t.AllTypes(f_nested=chain, f_max_field=1)))

    first = ser(t.AllTypes(f_int32=1, f_string="first", f_nested=t.Nested(a=1, b="kept"), r_int32=[1, 2],
                           m_string_int32={"a": 1, "b": 2}))
    second = ser(t.AllTypes(f_int32=2, f_nested=t.Nested(a=9, child=t.Nested(a=3)), r_int32=[3],
                            m_string_int32={"b": 20, "c": 30}))
    parsed = t.AllTypes()
    parsed.ParseFromString(first + second)
    add("mergeInput", "two messages concatenated: scalars, a nested message, repeated and map fields", first + second)
    add("mergeParsed", "the reference's merge: last scalar wins, nested merged, repeated appended, maps by key",
        ser(parsed))

    deep = t.Nested(a=1)
    for _ in range(100):
        deep = t.Nested(child=deep)
    deep_bytes = ser(deep)
    t.Nested().ParseFromString(deep_bytes)  # 100 nested levels: accepted
    try:
        t.Nested().ParseFromString(ser(t.Nested(child=deep)))
        raise SystemExit("generate.py: expected the reference to refuse 101 nested levels")
    except google.protobuf.message.DecodeError:
        pass
    add("nestedDepth100", "Nested with 100 nested levels: the reference's limit (101 is refused)", deep_bytes)

    # --- well-known types ------------------------------------------------------------------
    s = struct_pb2.Struct()
    s.update({
        "null": None, "int": 42, "neg": -3.5, "big": 1e300, "small": 5e-324, "zero": 0,
        "str": "text", "blank": "", "uni": "h\u00e9llo \u263a \U0001F608", "yes": True, "no": False,
        "obj": {"a": 1, "nested": {"deep": [1, "two", None]}},
        "list": [1, "a", True, None, [], {}, [[-1]]],
        "e_obj": {}, "e_list": [], "\u00e9": 1,
    })
    add("structAllKinds", "Struct with every Value kind, nested objects and lists, a non-ASCII key", ser(s))
    prefixed = {"": 1, "a": "x", "ab": True, "abc": None}
    s = struct_pb2.Struct()
    s.update(prefixed)
    add("structPrefixKeys", "Struct whose keys are prefixes of each other, in upb's order: compare values", ser(s))
    pieces = []
    for key in sorted(prefixed):
        single = struct_pb2.Struct()
        single.update({key: prefixed[key]})
        pieces.append(ser(single))
    add("structPrefixKeysAscending", "the same Struct, each entry encoded by the reference, in ascending key order",
        b"".join(pieces))
    add("structEmpty", "empty Struct", ser(struct_pb2.Struct()))

    add("valueNull", "Value null_value", ser(struct_pb2.Value(null_value=struct_pb2.NULL_VALUE)))
    add("valueNumberZero", "Value number_value 0 (a oneof member: written)", ser(struct_pb2.Value(number_value=0)))
    add("valueNumber", "Value number_value -12.75", ser(struct_pb2.Value(number_value=-12.75)))
    add("valueStringEmpty", "Value string_value \"\"", ser(struct_pb2.Value(string_value="")))
    add("valueBoolFalse", "Value bool_value false", ser(struct_pb2.Value(bool_value=False)))
    add("valueStructEmpty", "Value struct_value {}", ser(struct_pb2.Value(struct_value=struct_pb2.Struct())))
    add("valueListEmpty", "Value list_value []", ser(struct_pb2.Value(list_value=struct_pb2.ListValue())))
    add("valueUnset", "Value with no kind", ser(struct_pb2.Value()))
    lv = struct_pb2.ListValue()
    lv.extend([1, "x", None, {"k": []}, True])
    add("listValue", "ListValue [1, \"x\", null, {\"k\": []}, true]", ser(lv))
    add("googleEmpty", "google.protobuf.Empty", ser(__import__("google.protobuf.empty_pb2", fromlist=["Empty"]).Empty()))

    # --- BridgeMessage -------------------------------------------------------------------------
    bm = bridge_pb2.BridgeMessage(message_id="m-1", type="VALIDATION_REQUEST", request_id="r-0",
                                  timestamp_ms=1700000000123, payload=bytes([0, 1, 2, 255]))
    bm.attributes.update({"board_id": "B-7", "voltage": 12.5, "current": 3, "mode": "auto",
                          "tags": ["a", "b"], "meta": {"ok": True, "none": None}})
    full = ser(bm)
    add("bridgeMessageFull", "BridgeMessage with every field set", full)
    from google.protobuf import json_format
    add("bridgeMessageFullProto3JSON", "the same BridgeMessage in proto3 JSON (original field names; int64 as a string)",
        json_format.MessageToJson(bm, preserving_proto_field_name=True).encode())
    add("bridgeMessageNegativeTimestamp", "BridgeMessage PING with timestamp_ms -1 (10-byte varint)",
        ser(bridge_pb2.BridgeMessage(type="PING", timestamp_ms=-1)))
    empty_attributes = bridge_pb2.BridgeMessage(message_id="x")
    empty_attributes.attributes.SetInParent()
    add("bridgeMessageEmptyAttributes", "BridgeMessage with attributes present but empty", ser(empty_attributes))
    add("bridgeMessageEmpty", "BridgeMessage with every field at its default", ser(bridge_pb2.BridgeMessage()))
    unknown = (bytes([0x38, 0x96, 0x01])                                  # field 7 varint 150
               + bytes([0x42, 0x06]) + b"future"                          # field 8 length-delimited
               + bytes([0x4D, 0x01, 0x02, 0x03, 0x04])                    # field 9 fixed32
               + bytes([0x51]) + bytes(range(8))                          # field 10 fixed64
               + bytes([0xC0, 0x3E]) + bytes([0xFF] * 9 + [0x01])         # field 1000 varint -1
               + bytes([0xFA, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]))             # field 2^29-1, empty
    parsed = bridge_pb2.BridgeMessage()
    parsed.ParseFromString(full + unknown)
    assert ser(parsed) == full + unknown, "the reference should keep unknown fields after the known ones"
    add("bridgeMessageUnknownFields", "BridgeMessage with unknown fields 7, 8, 9, 10, 1000 and 2^29-1 after the known ones",
        ser(parsed))

    # --- grpc.testing and health -------------------------------------------------------------
    special = "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001F608\t\n"
    req = messages_pb2.SimpleRequest(
        response_size=314159, payload=messages_pb2.Payload(body=bytes(300)), fill_username=True,
        fill_oauth_scope=True, response_compressed=messages_pb2.BoolValue(value=True),
        response_status=messages_pb2.EchoStatus(code=2, message=special),
        expect_compressed=messages_pb2.BoolValue(value=False), fill_server_id=True, fill_grpclb_route_type=True)
    add("simpleRequest", "SimpleRequest with every field (9 and 10 are kept as unknown fields)", ser(req))
    add("simpleRequestLargeUnary", "the large_unary request header: response_size 314159, payload zeros(0)",
        ser(messages_pb2.SimpleRequest(response_size=314159, payload=messages_pb2.Payload())))
    resp = messages_pb2.SimpleResponse(
        payload=messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=bytes(10)), username="user",
        oauth_scope="scope", server_id="server-1", grpclb_route_type=messages_pb2.GRPCLB_ROUTE_TYPE_BACKEND,
        hostname="host")
    add("simpleResponse", "SimpleResponse with every field (4, 5 and 6 are kept as unknown fields)", ser(resp))
    req = messages_pb2.StreamingOutputCallRequest(
        response_parameters=[messages_pb2.ResponseParameters(size=31415),
                             messages_pb2.ResponseParameters(size=9, interval_us=100),
                             messages_pb2.ResponseParameters(size=2653, compressed=messages_pb2.BoolValue(value=True)),
                             messages_pb2.ResponseParameters(size=58979)],
        payload=messages_pb2.Payload(body=bytes(27)), response_status=messages_pb2.EchoStatus())
    add("streamingOutputCallRequest", "StreamingOutputCallRequest: four response parameters, payload, empty status", ser(req))
    add("streamingOutputCallResponse", "StreamingOutputCallResponse with zeros(9)",
        ser(messages_pb2.StreamingOutputCallResponse(payload=messages_pb2.Payload(body=bytes(9)))))
    add("streamingInputCallRequest", "StreamingInputCallRequest with zeros(8) and expect_compressed false",
        ser(messages_pb2.StreamingInputCallRequest(payload=messages_pb2.Payload(body=bytes(8)),
                                                   expect_compressed=messages_pb2.BoolValue())))
    add("streamingInputCallResponse", "StreamingInputCallResponse 74922",
        ser(messages_pb2.StreamingInputCallResponse(aggregated_payload_size=74922)))
    add("grpcTestingEmpty", "grpc.testing.Empty", ser(empty_pb2.Empty()))
    add("healthCheckRequest", "HealthCheckRequest for grpc.health.v1.Health",
        ser(health_pb2.HealthCheckRequest(service="grpc.health.v1.Health")))
    for name, status in (("Serving", 1), ("NotServing", 2), ("ServiceUnknown", 3), ("Unrecognized", 7)):
        add(f"healthCheckResponse{name}", f"HealthCheckResponse status {status}",
            ser(health_pb2.HealthCheckResponse(status=status)))
    return fixtures


def write_swift(fixtures):
    version = next(data.decode() for name, _, data in fixtures if name == "version")
    lines = [
        "// Generated by Fixtures/generate.py from Python protobuf " + version + ". Do not edit; to change",
        "// the cases, edit generate.py and run `python3 Tests/ProtobufTests/Fixtures/generate.py`.",
        "// Each fixture is the reference implementation's encoding (deterministic=True), as hex.",
        "",
        "enum PythonFixtures {",
    ]
    for name, description, data in fixtures:
        if name == "version":
            lines.append(f"    static let referenceVersion = \"{version}\"")
            continue
        lines.append(f"    /// {description}")
        lines.append(f"    static let {name} = \"{data.hex()}\"")
    lines.append("}")
    with open(OUTPUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(fixtures) - 1} fixtures to {OUTPUT}")


if __name__ == "__main__":
    main()
