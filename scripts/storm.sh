#!/usr/bin/env bash
# Request storm: the same N requests at concurrency C, each with work_iterations, sent to
# bridge-server's synchronous route (POST /validate, the caller waits) and to its asynchronous
# one (POST /validate-async, answered later by a signed webhook to the caller's receiver).
# Prints throughput, time-to-answer p50/p95/p99, 503/429 counts and lost results (accepted but
# never answered: must be 0), and writes .build-bench/storm-report.html: both runs side by side
# on the same axes (latency histogram and CDF, throughput and latency over time, errors);
# scripts/render-report.sh turns it into a PNG.
#
# usage: scripts/storm.sh [REQUESTS=2000] [CONCURRENCY=64] [WORK_ITERATIONS=2000] [WORKERS=8] [QUEUE=256]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000}
C=${2:-64}
WORK=${3:-2000}
WORKERS=${4:-8}
QUEUE=${5:-256}
SECRET="whsec_$(printf 'storm secret for ipcbridge' | base64)"
OUT=.build-bench
mkdir -p "$OUT"

swift build -c release --product bridge-server >/dev/null
swift build -c release --product bridge >/dev/null
.build/release/bridge-server --http 127.0.0.1:0 --workers "$WORKERS" --queue-size "$QUEUE" \
  --allow-private-callbacks --webhook-secret "$SECRET" > "$OUT/storm-server.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening "$OUT/storm-server.out" && break; sleep 0.1; done
TARGET=$(grep -oE 'http=[^ ]+' "$OUT/storm-server.out" | cut -d= -f2)
MSG="{\"type\":\"VALIDATION_REQUEST\",\"attributes\":{\"board_id\":\"b\",\"voltage\":12,\"work_iterations\":$WORK}}"

echo "== storm: $N requests, concurrency $C, work_iterations $WORK, server workers $WORKERS, queue $QUEUE"
rm -f "$OUT/storm-sync.json" "$OUT/storm-webhook.json"
for mode in sync webhook; do
  echo "-- $mode"
  if [ "$mode" = sync ]; then label="sync: POST /validate"; else label="async: POST /validate-async + webhook"; fi
  .build/release/bridge load --transport http --target "$TARGET" --requests "$N" --concurrency "$C" --mode "$mode" \
    --json "$MSG" --webhook-secret "$SECRET" --answer-timeout 120 \
    --report-json "$OUT/storm-$mode.json" --report-label "$label" 2>/dev/null | tee "$OUT/storm-$mode.txt" || true
done
lost=$(grep -oE 'lost=[0-9]+' "$OUT/storm-webhook.txt" | cut -d= -f2)
echo "== lost results (accepted, never answered): ${lost:-unknown}"
if [ -f "$OUT/storm-sync.json" ] && [ -f "$OUT/storm-webhook.json" ]; then
  .build/release/bridge report "$OUT/storm-sync.json" "$OUT/storm-webhook.json" -o "$OUT/storm-report.html" \
    --title "storm: $N requests, concurrency $C, work_iterations $WORK, $WORKERS workers, queue $QUEUE"
else
  echo "== no storm-report.html: a run did not finish" >&2
fi
[ "${lost:-1}" = 0 ]
