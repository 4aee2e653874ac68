#!/usr/bin/env bash
# Framed TCP benchmark, everything in one run:
#   bridge-server, ../shared/peers' peer-tcp (idiomatic Codable JSON and its --json protobuf
#   variant) and ../shared/tools' tcpecho (the C ceiling), driven by ../shared/tools' tcpload
#   and by our own `bridge load`; server pinned to CPU 0, loader to CPU 1; workloads interleaved
#   per repetition; medians, ranges and ratios printed and written to docs/PERFORMANCE.md.
#
# usage: scripts/bench-tcp.sh [REPS=3] [SECONDS=5]
# Needs: gcc, taskset, python3, and a first peer build (~15 minutes, cached in .build-peers).
source "$(dirname "$0")/bench-lib.sh"
REPS=${1:-3}
SECS=${2:-5}
MSG="$SHARED/tools/bench/validate.json"
RESULTS="$OUT/tcp-results.tsv"
: > "$RESULTS"

echo "== building (release)"
swift build -c release --product bridge-server >/dev/null
swift build -c release --product bridge >/dev/null
gcc -O2 -o "$OUT/tcpload" "$SHARED/tools/tcpload.c"
gcc -O2 -o "$OUT/tcpecho" "$SHARED/tools/tcpecho.c"
PEER=$(build_peer peer-tcp)

LISTENER=tcp
P_OURS=$(start ours .build/release/bridge-server --tcp 127.0.0.1:0)
P_PEER=$(start peer "$PEER" --port 0)
P_PEERPB=$(start peerpb "$PEER" --port 0 --json protobuf)
P_ECHO=$(start tcpecho "$OUT/tcpecho" 0)
echo "== servers: bridge-server:$P_OURS peer-tcp:$P_PEER peer-tcp-protobuf:$P_PEERPB tcpecho:$P_ECHO"

# record SERVER PORT LOADER SHAPE REP
record() {
  local server=$1 port=$2 loader=$3 shape=$4 rep=$5 line rate p50 p99
  local conns=${shape%x*} depth=${shape#*x}
  if [ "$loader" = tcpload ]; then
    line=$(taskset -c 1 "$OUT/tcpload" 127.0.0.1 "$port" --connections "$conns" --depth "$depth" --seconds "$SECS" --message "$MSG" | tr '\n' ' ')
    rate=$(grep -oE 'requests/s=[0-9.]+' <<<"$line" | cut -d= -f2)
    p50=$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2 || true)
    p99=$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2 || true)
  else
    line=$(taskset -c 1 .build/release/bridge load --transport tcp --target "127.0.0.1:$port" --requests 100000000 \
           --concurrency $((conns * depth)) --mode async --seconds "$SECS" 2>/dev/null | tr '\n' ' ')
    rate=$(grep -oE 'req/s=[0-9.]+' <<<"$line" | cut -d= -f2)
    p50=$(awk -v v="$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2)" 'BEGIN{printf "%d", v*1000}')
    p99=$(awk -v v="$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2)" 'BEGIN{printf "%d", v*1000}')
  fi
  row "$server" "$loader" "$shape" "$rep" "$rate" "${p50:--}" "${p99:--}"
}

echo "== runs (server loader shape rep req/s p50_us p99_us)"
for rep in $(seq "$REPS"); do
  for shape in 64x1 4x64; do
    record bridge-server "$P_OURS" tcpload "$shape" "$rep"
    record peer-tcp "$P_PEER" tcpload "$shape" "$rep"
    record peer-tcp-protobuf "$P_PEERPB" tcpload "$shape" "$rep"
    record tcpecho "$P_ECHO" tcpload "$shape" "$rep"
    record bridge-server "$P_OURS" bridge-load "$shape" "$rep"
  done
done
finish tcp "$REPS" "$SECS"
