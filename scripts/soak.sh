#!/usr/bin/env bash
# Soak: bridge-server on all three transports for a bounded time under mixed, rate-bounded load
# (blocking, async/await and callback calls on TCP, HTTP and gRPC, gRPC bidirectional streams,
# HTTP webhooks) while a chaos client abandons connections mid-frame, sends garbage and stalls
# its reads. Passes when, at the end:
#   - the server never crashed: still running, answers one call per transport, and exits 0 on SIGTERM;
#   - its RSS at the end of the load is within 20% of its level after warm-up (the first 20% of
#     the run, at least 20 s: the request log's page cache and malloc's arenas take about that
#     long to reach their working size); the level is the highest RSS seen during warm-up;
#   - every accepted (202) async request was delivered by webhook, with a valid signature, and
#     the server's request log holds no failed or unfinished request;
#   - the well-behaved load saw no errors, every load process finished, and the chaos client's
#     well-formed requests (the ones after a malformed one) were answered correctly.
# Prints a summary table; exits 1 when any criterion failed (2 when it could not start).
#
# usage: scripts/soak.sh [--duration SECONDS]     (default 600, or $SOAK_SECONDS; CI uses 60)
# environment:
#   BRIDGE_BIN_DIR       directory holding built bridge-server and bridge (default: swift build -c release)
#   SOAK_CONCURRENCY     calls in flight per load stream (default 4)
#   SOAK_DELAY_MS        delay_ms the server waits before each answer: the rate bound (default 25)
#   SOAK_ROUND_SECONDS   each `bridge load` process runs this long, then a fresh one starts (default 20)
#   SOAK_CHAOS_WORKERS   chaos threads per listener (default 2; 0 runs no chaos client)
#   SOAK_STREAMS         load streams to run, as transport-mode words (default: all eleven,
#                        tcp|http|grpc x sync|async|callback, http-webhook, grpc-stream); for
#                        narrowing a problem down: a soak with fewer streams is not the full test
#   SOAK_RSS_TOLERANCE   allowed final/warm-up RSS ratio (default 1.2)
#   SOAK_WARMUP_SECONDS  warm-up length (default: 20% of the duration, at least 20 s)
#   SOAK_SAMPLE_SECONDS  RSS sampling period (default 2)
#   SOAK_SEED            seed for the chaos and webhook clients (default: random, printed)
#   SOAK_DIR             where logs go (default: a new temporary directory, removed on success)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${SOAK_SECONDS:-600}
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=${2:?--duration needs seconds}; shift 2 ;;
    --duration=*) DURATION=${1#--duration=}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$DURATION" =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 30 ] || { echo "soak.sh: --duration must be a whole number of seconds >= 30" >&2; exit 2; }

CONCURRENCY=${SOAK_CONCURRENCY:-4}
DELAY_MS=${SOAK_DELAY_MS:-25}
ROUND=${SOAK_ROUND_SECONDS:-20}
CHAOS_WORKERS=${SOAK_CHAOS_WORKERS:-2}
TOLERANCE=${SOAK_RSS_TOLERANCE:-1.2}
SAMPLE=${SOAK_SAMPLE_SECONDS:-2}
SEED=${SOAK_SEED:-$(( (RANDOM << 15) | RANDOM ))}
WARMUP=${SOAK_WARMUP_SECONDS:-$(( DURATION / 5 > 20 ? DURATION / 5 : 20 ))}
ANSWER_TIMEOUT=60   # how long bridge load waits for one webhook
WEBHOOK_GRACE=90    # how long soak_webhooks.py waits for stragglers after submitting stops

if [ -n "${SOAK_DIR:-}" ]; then
  WORK=$SOAK_DIR; mkdir -p "$WORK"; KEEP=1
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX"); KEEP=0
fi

# ---------------------------------------------------------------- binaries
if [ -n "${BRIDGE_BIN_DIR:-}" ]; then
  BIN=$BRIDGE_BIN_DIR
else
  echo "== building bridge-server and bridge (release)"
  swift build -c release --product bridge-server >/dev/null
  swift build -c release --product bridge >/dev/null
  BIN=$(swift build -c release --show-bin-path)
fi
for tool in bridge-server bridge; do
  [ -x "$BIN/$tool" ] || { echo "soak.sh: $BIN/$tool not found (set BRIDGE_BIN_DIR or build first)" >&2; exit 2; }
done

# ---------------------------------------------------------------- cleanup
# Only this shell's own live children are stopped (`jobs -p`), so no process id that has been
# freed and reused by someone else is ever signalled. $WORK/pids names them for the report.
PIDS=$WORK/pids
: > "$PIDS"
SERVER=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local children
  children=$(jobs -p)
  [ -z "$children" ] || kill $children 2>/dev/null || true
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    sleep 1
    kill -9 "$SERVER" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [ "$status" -eq 0 ] && [ "$KEEP" -eq 0 ]; then
    rm -rf "$WORK"
  else
    echo "== logs kept in $WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
track() { echo "$1 $2" >> "$PIDS"; }
since_start() { awk -v now="$EPOCHREALTIME" -v start="$START" 'BEGIN { printf "%.1f", now - start }'; }

# ---------------------------------------------------------------- server
SECRET="whsec_$(printf 'soak secret %s' "$SEED" | base64 | tr -d '\n')"
"$BIN/bridge-server" --http 127.0.0.1:0 --tcp 127.0.0.1:0 --grpc 127.0.0.1:0 \
  --journal "$WORK/journal.db" --webhook-secret "$SECRET" --allow-private-callbacks \
  > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER=$!
for _ in $(seq 100); do grep -q '^listening' "$WORK/server.out" && break; sleep 0.1; done
grep -q '^listening' "$WORK/server.out" || { echo "soak.sh: bridge-server did not start:"; cat "$WORK/server.err"; exit 2; }
addr() { grep -oE "$1=[^ ]+" "$WORK/server.out" | head -1 | cut -d= -f2; }
HTTP=$(addr http); TCP=$(addr tcp); GRPC=$(addr grpc)
echo "== soak: ${DURATION}s (warm-up ${WARMUP}s), server pid $SERVER: $(cat "$WORK/server.out")"
echo "   load: concurrency $CONCURRENCY per stream, delay_ms $DELAY_MS, rounds of ${ROUND}s; chaos: $CHAOS_WORKERS workers per listener; seed $SEED"

START=$EPOCHREALTIME
END_AT=$(( ${START%.*} + DURATION ))
printf '%s\n' "start=$START" "duration=$DURATION" "warmup=$WARMUP" "tolerance=$TOLERANCE" "seed=$SEED" \
  "concurrency=$CONCURRENCY" "delay_ms=$DELAY_MS" "server=$SERVER" > "$WORK/facts"

# ---------------------------------------------------------------- RSS sampler
# One line per sample: seconds since start, VmRSS kB, open fds, threads.
(
  set +e
  while kill -0 "$SERVER" 2>/dev/null; do
    rss=$(awk '/^VmRSS/{print $2}' "/proc/$SERVER/status" 2>/dev/null)
    threads=$(awk '/^Threads/{print $2}' "/proc/$SERVER/status" 2>/dev/null)
    fds=$(ls "/proc/$SERVER/fd" 2>/dev/null | wc -l)
    [ -n "$rss" ] && echo "$(since_start) $rss $fds $threads"
    sleep "$SAMPLE"
  done
) > "$WORK/samples" &
track $! sampler

# ---------------------------------------------------------------- load
# Messages rotate per round; every one waits delay_ms on the server's timer, which bounds the rate.
TEMPLATES=(
  "{\"type\":\"VALIDATION_REQUEST\",\"attributes\":{\"board_id\":\"soak\",\"voltage\":12.5,\"current\":3,\"mode\":\"auto\",\"delay_ms\":$DELAY_MS}}"
  "{\"type\":\"VALIDATION_REQUEST\",\"attributes\":{\"board_id\":\"soak\",\"voltage\":60,\"mode\":\"turbo\",\"delay_ms\":$DELAY_MS}}"
  "{\"type\":\"PING\",\"attributes\":{\"delay_ms\":$DELAY_MS}}"
  "{\"type\":\"VALIDATION_REQUEST\",\"attributes\":{\"board_id\":\"soak\",\"voltage\":5,\"work_iterations\":300,\"delay_ms\":$DELAY_MS}}"
  "{\"type\":\"VALIDATION_REQUEST\",\"attributes\":{\"board_id\":\"soak\",\"voltage\":5,\"response_bytes\":4096,\"delay_ms\":$DELAY_MS}}"
)

# load_stream NAME TRANSPORT TARGET MODE: `bridge load` in rounds until the deadline. Runs as a
# background subshell; on TERM it stops its current round's process, which is its own child.
load_stream() {
  local name=$1 transport=$2 target=$3 mode=$4 round=0 left rc child=""
  trap '[ -z "$child" ] || kill "$child" 2>/dev/null; exit 143' TERM
  while kill -0 "$SERVER" 2>/dev/null; do
    left=$(( END_AT - ${EPOCHREALTIME%.*} ))
    [ "$left" -gt 0 ] || break
    [ "$left" -lt "$ROUND" ] || left=$ROUND
    "$BIN/bridge" load --transport "$transport" --target "$target" --mode "$mode" \
      --requests 1000000000 --concurrency "$CONCURRENCY" --seconds "$left" \
      --json "${TEMPLATES[round % ${#TEMPLATES[@]}]}" \
      --webhook-secret "$SECRET" --answer-timeout "$ANSWER_TIMEOUT" \
      >> "$WORK/load-$name.out" 2>> "$WORK/load-$name.err" &
    child=$!
    rc=0; wait "$child" || rc=$?
    child=""
    echo "round=$round rc=$rc" >> "$WORK/load-$name.rounds"
    round=$(( round + 1 ))
    # A round that fails at once (server not answering) must not spin.
    [ "$rc" -eq 0 ] || sleep 1
  done
}

ALL_STREAMS="tcp-sync tcp-async tcp-callback http-sync http-async http-callback http-webhook grpc-sync grpc-async grpc-callback grpc-stream"
STREAM_NAMES=${SOAK_STREAMS:-$ALL_STREAMS}
echo "streams=$STREAM_NAMES" >> "$WORK/facts"
echo "all_streams=$([ "$STREAM_NAMES" = "$ALL_STREAMS" ] && echo 1 || echo 0)" >> "$WORK/facts"
STREAMS=()
for name in $STREAM_NAMES; do
  transport=${name%%-*}
  case "$transport" in tcp) target=$TCP ;; http) target=$HTTP ;; grpc) target=$GRPC ;;
    *) echo "soak.sh: bad stream name $name" >&2; exit 2 ;; esac
  load_stream "$name" "$transport" "$target" "${name#*-}" &
  track $! "stream-$name"
  STREAMS+=("$!")
done

CHAOS=""
if [ "$CHAOS_WORKERS" -gt 0 ]; then
  python3 scripts/soak_chaos.py --tcp "$TCP" --http "$HTTP" --grpc "$GRPC" --duration "$DURATION" \
    --workers "$CHAOS_WORKERS" --seed "$SEED" > "$WORK/chaos.json" 2> "$WORK/chaos.err" &
  CHAOS=$!
  track $CHAOS chaos
fi
echo "chaos_workers=$CHAOS_WORKERS" >> "$WORK/facts"
python3 scripts/soak_webhooks.py --http "$HTTP" --secret "$SECRET" --duration "$DURATION" --grace "$WEBHOOK_GRACE" \
  --seed "$SEED" > "$WORK/webhooks.json" 2> "$WORK/webhooks.err" &
WEBHOOKS=$!
track $WEBHOOKS webhooks

# ---------------------------------------------------------------- wait
progress() { tail -n 1 "$WORK/samples" 2>/dev/null | awk '{printf "rss %.1f MiB, %d fds, %d threads", $2/1024, $3, $4}'; }
while [ "${EPOCHREALTIME%.*}" -lt "$END_AT" ]; do
  sleep 5
  kill -0 "$SERVER" 2>/dev/null || { echo "   !! bridge-server exited during the run"; break; }
  elapsed=$(( ${EPOCHREALTIME%.*} - ${START%.*} ))
  if [ $(( elapsed % 30 )) -lt 5 ]; then echo "   ${elapsed}s: $(progress)"; fi
done
echo "load_end=$(since_start)" >> "$WORK/facts"

# Stragglers: webhook rounds may wait up to ANSWER_TIMEOUT, the webhook client up to WEBHOOK_GRACE.
HARD_STOP=$(( ${EPOCHREALTIME%.*} + WEBHOOK_GRACE + 30 ))
hung=()
for pid in "${STREAMS[@]}" $CHAOS "$WEBHOOKS"; do
  while kill -0 "$pid" 2>/dev/null && [ "${EPOCHREALTIME%.*}" -lt "$HARD_STOP" ]; do sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    hung+=("$(awk -v p="$pid" '$1 == p {print $2}' "$PIDS")")
  fi
done
echo "hung=${hung[*]:-}" >> "$WORK/facts"
echo "clients_done=$(since_start)" >> "$WORK/facts"

# ---------------------------------------------------------------- final checks
alive=0; kill -0 "$SERVER" 2>/dev/null && alive=1
echo "alive=$alive" >> "$WORK/facts"
for spec in "tcp $TCP" "http $HTTP" "grpc $GRPC"; do
  set -- $spec
  if "$BIN/bridge" call --transport "$1" --target "$2" --timeout 5 \
       --json '{"type":"VALIDATION_REQUEST","attributes":{"board_id":"final","voltage":1}}' > "$WORK/final-$1.out" 2>&1 \
     && grep -q '"PASS"' "$WORK/final-$1.out"; then
    echo "final_call_$1=ok" >> "$WORK/facts"
  else
    echo "final_call_$1=failed" >> "$WORK/facts"
  fi
done
# The server's own request log: nothing failed, nothing left queued or processing.
python3 - "$HTTP" >> "$WORK/facts" <<'EOF'
import json, sys, urllib.request
try:
    for status in ("failed", "queued", "processing"):
        with urllib.request.urlopen(f"http://{sys.argv[1]}/requests?status={status}&limit=1000", timeout=10) as r:
            print(f"log_{status}={len(json.load(r)['requests'])}")
except Exception as error:
    print(f"log_check_error={type(error).__name__}: {error}")
EOF
sleep "$SAMPLE"   # one more RSS sample after the load

# SIGTERM: the server must stop by itself (its grace is 10 s) and exit 0.
exit_status=none
if [ "$alive" -eq 1 ]; then
  kill -TERM "$SERVER"
  for _ in $(seq 300); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$SERVER" 2>/dev/null; then
    exit_status=hung
    kill -9 "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
  else
    exit_status=0; wait "$SERVER" || exit_status=$?
  fi
else
  exit_status=0; wait "$SERVER" || exit_status=$?
  exit_status="died:$exit_status"
fi
echo "exit_status=$exit_status" >> "$WORK/facts"
SERVER=""
wait   # the sampler stops by itself once the server is gone

python3 scripts/soak_report.py "$WORK"
