#!/usr/bin/env bash
# Builds the programs in examples/ and runs each against a real bridge-server: the server on
# free ports on 127.0.0.1 (HTTP, framed TCP and gRPC, webhooks signed with a fresh secret and
# allowed to call back to loopback), every example with the command line its file documents and
# at most 60 s. Also runs example-custom-service when the package has it (it starts its own
# in-process server and takes no arguments). Prints each example's output, then PASS or FAIL;
# exits 1 when any example failed or the server did not survive them, 2 when nothing could start.
#
# usage: scripts/run-examples.sh
#   BRIDGE_BIN_DIR=DIR   use the executables already built in DIR (default: swift build each product, debug)
#   KEEP_TMP=1           keep the server's logs
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES=(example-blocking-client example-callback-client example-webhook-receiver example-streaming-client)
# The package description is read whole first: `grep -q` stopping the pipe early would make
# `swift package describe` fail with SIGPIPE, and pipefail would then hide the match.
DESCRIPTION=$(swift package describe)
if grep -qx '    Name: example-custom-service' <<< "$DESCRIPTION"; then
  EXAMPLES+=(example-custom-service)
fi

# ---------------------------------------------------------------- cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/run-examples.XXXXXX")
SERVER=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [ "$status" -eq 0 ] && [ -z "${KEEP_TMP:-}" ]; then rm -rf "$WORK"; else echo "== logs kept in $WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- build
if [ -n "${BRIDGE_BIN_DIR:-}" ]; then
  BIN=$BRIDGE_BIN_DIR
else
  for product in bridge-server "${EXAMPLES[@]}"; do
    echo "== building $product"
    if ! swift build --product "$product" > "$WORK/build.log" 2>&1; then
      cat "$WORK/build.log" >&2
      echo "run-examples: building $product failed" >&2
      exit 2
    fi
    grep 'warning:' "$WORK/build.log" || true
  done
  BIN=$(swift build --show-bin-path)
fi
for program in bridge-server "${EXAMPLES[@]}"; do
  [ -x "$BIN/$program" ] || { echo "run-examples: $BIN/$program not found (set BRIDGE_BIN_DIR or build first)" >&2; exit 2; }
done

# ---------------------------------------------------------------- server
SECRET="whsec_$(head -c 24 /dev/urandom | base64 | tr -d '\n')"
# Port 0: the kernel picks free ports, and bridge-server prints the ones it got in one line,
# `listening http=H:P tcp=H:P grpc=H:P`, once every listener is up.
"$BIN/bridge-server" --http 127.0.0.1:0 --tcp 127.0.0.1:0 --grpc 127.0.0.1:0 \
  --webhook-secret "$SECRET" --allow-private-callbacks > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER=$!
for _ in $(seq 300); do
  grep -q '^listening' "$WORK/server.out" && break
  kill -0 "$SERVER" 2>/dev/null || break
  sleep 0.1
done
grep -q '^listening' "$WORK/server.out" || { echo "run-examples: bridge-server did not start:" >&2; cat "$WORK/server.err" >&2; exit 2; }
addr() { grep -oE "$1=[^ ]+" "$WORK/server.out" | head -1 | cut -d= -f2; }
HTTP=$(addr http); TCP=$(addr tcp); GRPC=$(addr grpc)
echo "== bridge-server (pid $SERVER): $(head -1 "$WORK/server.out")"

# ---------------------------------------------------------------- examples
arguments() {
  case "$1" in
    example-blocking-client)  echo "--tcp $TCP --http $HTTP --grpc $GRPC" ;;
    example-callback-client)  echo "--tcp $TCP" ;;
    example-webhook-receiver) echo "--http $HTTP --webhook-secret $SECRET" ;;
    example-streaming-client) echo "--tcp $TCP --grpc $GRPC --http $HTTP" ;;
    *) echo "" ;;   # example-custom-service starts its own server
  esac
}

FAILED=()
for example in "${EXAMPLES[@]}"; do
  read -r -a ARGS <<< "$(arguments "$example")"
  LINE="== $example ${ARGS[*]:-}"
  echo "${LINE//"$SECRET"/\$SECRET}"   # the secret stays out of CI logs
  START=$EPOCHREALTIME
  set +e
  timeout -k 5 60 "$BIN/$example" "${ARGS[@]}" > "$WORK/$example.out" 2>&1
  STATUS=$?
  set -e
  SECONDS_TAKEN=$(awk -v a="$START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  sed 's/^/   /' "$WORK/$example.out"
  if [ "$STATUS" -eq 0 ]; then
    echo "PASS $example (${SECONDS_TAKEN} s)"
  else
    [ "$STATUS" -eq 124 ] && REASON="timed out after 60 s" || REASON="exit status $STATUS"
    echo "FAIL $example ($REASON)"
    FAILED+=("$example")
  fi
done

if ! kill -0 "$SERVER" 2>/dev/null; then
  echo "FAIL bridge-server exited during the examples:"; sed 's/^/   /' "$WORK/server.err"
  FAILED+=(bridge-server)
fi
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "run-examples: ${#FAILED[@]} failed: ${FAILED[*]}"
  exit 1
fi
echo "run-examples: all ${#EXAMPLES[@]} examples passed"
