#!/usr/bin/env bash
# gRPC benchmark, in one run: ../shared/peers' peer-grpc-load (grpc-swift-2 client; unary
# Validate and ValidateStream ping-pong, 64 concurrent) against bridge-server --grpc and
# peer-grpc (grpc-swift-2 server), plus our own `bridge load --transport grpc`. Server on CPU 0,
# loader on CPU 1, interleaved repetitions; medians, ratios; docs/PERFORMANCE.md updated.
#
# usage: scripts/bench-grpc.sh [REPS=3] [SECONDS=5]
# (h2load, which issue 5 also names, is in Debian's nghttp2-client; not used here yet.)
source "$(dirname "$0")/bench-lib.sh"
REPS=${1:-3}
SECS=${2:-5}
RESULTS="$OUT/grpc-results.tsv"
: > "$RESULTS"

echo "== building (release)"
swift build -c release --product bridge-server >/dev/null
swift build -c release --product bridge >/dev/null
PEER=$(build_peer peer-grpc)
LOADER=$(build_peer peer-grpc-load)

LISTENER=grpc
P_OURS=$(start ours .build/release/bridge-server --grpc 127.0.0.1:0)
P_PEER=$(start peer "$PEER" --port 0)
echo "== servers: bridge-server:$P_OURS peer-grpc:$P_PEER"

record() {
  local server=$1 port=$2 loader=$3 mode=$4 rep=$5 line rate p50 p99
  if [ "$loader" = peer-grpc-load ]; then
    line=$(taskset -c 1 "$LOADER" --target "127.0.0.1:$port" --mode "$mode" --requests 100000000 --seconds "$SECS" --concurrency 64 2>&1 | tr '\n' ' ')
    rate=$(grep -oE 'req/s=[0-9.]+' <<<"$line" | cut -d= -f2)
    p50=$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2)
    p99=$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2)
  else
    line=$(taskset -c 1 .build/release/bridge load --transport grpc --target "127.0.0.1:$port" --requests 100000000 \
           --concurrency 64 --mode async --seconds "$SECS" 2>/dev/null | tr '\n' ' ')
    rate=$(grep -oE 'req/s=[0-9.]+' <<<"$line" | cut -d= -f2)
    p50=$(awk -v v="$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2)" 'BEGIN{printf "%d", v*1000}')
    p99=$(awk -v v="$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2)" 'BEGIN{printf "%d", v*1000}')
  fi
  row "$server" "$loader" "$mode" "$rep" "${rate:-0}" "${p50:--}" "${p99:--}"
}

echo "== runs (server loader mode rep req/s p50_us p99_us)"
for rep in $(seq "$REPS"); do
  for mode in unary stream; do
    record bridge-server "$P_OURS" peer-grpc-load "$mode" "$rep"
    record peer-grpc "$P_PEER" peer-grpc-load "$mode" "$rep"
  done
  record bridge-server "$P_OURS" bridge-load unary "$rep"
  record peer-grpc "$P_PEER" bridge-load unary "$rep"
done
finish grpc "$REPS" "$SECS"
