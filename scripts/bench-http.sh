#!/usr/bin/env bash
# HTTP/1.1 benchmark, everything in one run: wrk (../shared/tools/bench/validate.lua, one
# thread, 64 keep-alive connections) against bridge-server --http and ../shared/peers'
# peer-http (Hummingbird; default Codable JSON and its --json protobuf variant), plus our own
# `bridge load --transport http` against bridge-server. Server on CPU 0, loader on CPU 1,
# interleaved repetitions; medians, ranges, ratios; docs/PERFORMANCE.md updated.
#
# usage: scripts/bench-http.sh [REPS=3] [SECONDS=5]
# Needs: wrk (apt-get install wrk; installed here when missing and running as root).
source "$(dirname "$0")/bench-lib.sh"
REPS=${1:-3}
SECS=${2:-5}
RESULTS="$OUT/http-results.tsv"
: > "$RESULTS"
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else echo "bench-http: wrk is missing" >&2; exit 2; fi
fi

echo "== building (release)"
swift build -c release --product bridge-server >/dev/null
swift build -c release --product bridge >/dev/null
PEER=$(build_peer peer-http)

LISTENER=http
P_OURS=$(start ours .build/release/bridge-server --http 127.0.0.1:0)
P_PEER=$(start peer "$PEER" --port 0)
P_PEERPB=$(start peerpb "$PEER" --port 0 --json protobuf)
echo "== servers: bridge-server:$P_OURS peer-http:$P_PEER peer-http-protobuf:$P_PEERPB"

# to_us TEXT: wrk's latency ("1.25ms", "850.00us", "1.02s") in microseconds.
to_us() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print int(n); else if (v ~ /ms$/) print int(n * 1000); else print int(n * 1000000) }'
}

record() {
  local server=$1 port=$2 loader=$3 rep=$4 line rate p50 p99
  if [ "$loader" = wrk ]; then
    line=$(taskset -c 1 wrk -t1 -c64 -d"${SECS}s" --latency -s "$SHARED/tools/bench/validate.lua" "http://127.0.0.1:$port/validate")
    rate=$(awk '/Requests\/sec/ {print $2}' <<<"$line")
    p50=$(to_us "$(awk '$1 == "50%" {print $2}' <<<"$line")")
    p99=$(to_us "$(awk '$1 == "99%" {print $2}' <<<"$line")")
    if grep -q "Non-2xx" <<<"$line"; then echo "   (non-2xx answers from $server: $(grep Non-2xx <<<"$line"))" >&2; fi
  else
    line=$(taskset -c 1 .build/release/bridge load --transport http --target "127.0.0.1:$port" --requests 100000000 \
           --concurrency 64 --mode async --seconds "$SECS" 2>/dev/null | tr '\n' ' ')
    rate=$(grep -oE 'req/s=[0-9.]+' <<<"$line" | cut -d= -f2)
    p50=$(awk -v v="$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2)" 'BEGIN{printf "%d", v*1000}')
    p99=$(awk -v v="$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2)" 'BEGIN{printf "%d", v*1000}')
  fi
  row "$server" "$loader" "64x1" "$rep" "$rate" "$p50" "$p99"
}

echo "== runs (server loader shape rep req/s p50_us p99_us)"
for rep in $(seq "$REPS"); do
  record bridge-server "$P_OURS" wrk "$rep"
  record peer-http "$P_PEER" wrk "$rep"
  record peer-http-protobuf "$P_PEERPB" wrk "$rep"
  record bridge-server "$P_OURS" bridge-load "$rep"
done
finish http "$REPS" "$SECS"
