#!/usr/bin/env bash
# Runs the whole test suite under sanitizers: scripts/sanitize.sh [address] [thread]
# (default: both, address first). Each builds into its own scratch folder (.build-address,
# .build-thread) so the normal build is untouched, then runs the two passes scripts/test.sh runs.
#
# - Sanitizers slow everything several-fold, so IPCBRIDGE_TIME_SCALE (default 4) stretches the
#   tests' upper time bounds and the delays they race against (Tests/BridgeTestSupport/TestTiming).
# - Processes the tests start (bridge-server, bridge) are the sanitized builds too.
# - Leak detection is off: LeakSanitizer reports objects still alive when a process exits
#   (XCTest's own suite objects, weak-reference side tables of open clients when the CLI exits),
#   not lost memory, and its report on a child's undrained stderr pipe blocks that child.
#   Memory errors (use after free, overflows, double free) abort the run. One error inside the
#   toolchain's Foundation (Process.run reading past a dirent buffer) is suppressed by
#   scripts/asan-suppressions.txt, which says why.
# - ThreadSanitizer: any report makes the process exit non-zero, which fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh

sanitizers=("$@")
[ "${#sanitizers[@]}" -gt 0 ] || sanitizers=(address thread)
export IPCBRIDGE_TIME_SCALE="${IPCBRIDGE_TIME_SCALE:-4}"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:suppressions=$PWD/scripts/asan-suppressions.txt:${ASAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=0:exitcode=66:${TSAN_OPTIONS:-}"
PURE="HPACKTests|ProtobufTests|HTTP1Tests|HTTP2Tests|BridgeCoreTests.JSON|GRPCTests.GRPCWireTests|ProtoGeneratorTests|LoadReportTests"

run_under() {
  local sanitizer="$1" scratch=".build-$1"
  echo "== sanitize: $sanitizer (scratch $scratch, time scale $IPCBRIDGE_TIME_SCALE)"
  swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
  swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --filter "$PURE"
  swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --skip "$PURE"
  echo "== sanitize: $sanitizer passed"
}

for sanitizer in "${sanitizers[@]}"; do
  case "$sanitizer" in
    address|thread) run_under "$sanitizer" ;;
    *) echo "sanitize: unknown sanitizer '$sanitizer' (address or thread)" >&2; exit 2 ;;
  esac
done
