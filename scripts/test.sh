#!/usr/bin/env bash
# The test command (README's second command, and what CI runs): installs the outside peers the
# tests need, builds everything (the process tests run the built bridge-server), runs every test.
#
# Two passes: the pure codec suites (HPACK stories, protobuf fixtures and fuzzing: CPU-heavy,
# nothing timed) first, then everything with sockets, processes and time bounds, so the
# codecs cannot starve the 2 cores the timed tests share. Extra arguments go to one plain
# `swift test` instead (e.g. scripts/test.sh --filter TCPBridgeTests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
swift build --build-tests
if [ "$#" -gt 0 ]; then
  exec swift test --skip-build "$@"
fi
PURE="HPACKTests|ProtobufTests|HTTP1Tests|HTTP2Tests|BridgeCoreTests.JSON|GRPCTests.GRPCWireTests|ProtoGeneratorTests|LoadReportTests"
swift test --skip-build --filter "$PURE"
swift test --skip-build --skip "$PURE"
