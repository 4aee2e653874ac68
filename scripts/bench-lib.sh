# Shared by scripts/bench.sh and the bench-*.sh sections (sourced, not run): builds, pinned
# servers, loaders, result rows. Server on CPU 0, loader on CPU 1; every server started here is
# killed when the script exits. Sourcing it twice is harmless.
[ -n "${BENCH_LIB_LOADED:-}" ] && return 0
BENCH_LIB_LOADED=1
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SHARED=${SHARED:-../shared}
OUT=.build-bench
mkdir -p "$OUT"
REPS=${REPS:-3}
SECS=${SECS:-5}

# Server pids go to a file: `start` runs inside $(...), a subshell whose variables are lost.
PIDS="$OUT/pids.$$"
: > "$PIDS"
cleanup() { while read -r p; do kill "$p" 2>/dev/null || true; done < "$PIDS"; rm -f "$PIDS"; }
trap cleanup EXIT

# build_ours: bridge-server and bridge in release mode, tcpload and tcpecho from ../shared/tools.
build_ours() {
  [ -n "${BENCH_BUILT:-}" ] && return 0
  scripts/install-bench-deps.sh
  echo "== building bridge-server and bridge (release)" >&2
  swift build -c release --product bridge-server >/dev/null
  swift build -c release --product bridge >/dev/null
  gcc -O2 -o "$OUT/tcpload" "$SHARED/tools/tcpload.c"
  gcc -O2 -o "$OUT/tcpecho" "$SHARED/tools/tcpecho.c"
  BENCH_BUILT=1
}

# build_peer PRODUCT: builds one of ../shared/peers' executables in a scratch copy (the peers'
# folder is read-only and stays untouched; the copy is never committed). Prints its path.
build_peer() {
  local product=$1
  if [ ! -x ".build-peers/src/.build/release/$product" ]; then
    echo "== building $product (first time: about 15 minutes)" >&2
    if [ ! -d .build-peers/src ]; then
      mkdir -p .build-peers && cp -r "$SHARED/peers" .build-peers/src && chmod -R u+w .build-peers/src
    fi
    (cd .build-peers/src && swift build -c release --product "$product" >/dev/null)
  fi
  echo ".build-peers/src/.build/release/$product"
}

# start NAME COMMAND...: runs a server on CPU 0 (CPUS overrides), waits for its `listening`
# line, prints the port (for bridge-server, the port of the listener named by $LISTENER).
start() {
  local name=$1; shift
  # Emptied here, before the server starts: the background redirection truncates the file only
  # when the child runs, and the wait below could read a stale `listening` line from a
  # previous run (it did: every peer-grpc row of a run went to the old port).
  : > "$OUT/$name.out"
  taskset -c "${CPUS:-0}" "$@" > "$OUT/$name.out" 2>&1 &
  echo $! >> "$PIDS"
  echo $! > "$OUT/$name.pid"
  for _ in $(seq 100); do
    if grep -q listening "$OUT/$name.out"; then break; fi
    sleep 0.1
  done
  local line
  line=$(grep -o 'listening.*' "$OUT/$name.out" || true)
  if [ -z "$line" ]; then echo "== $name did not start: $(tail -3 "$OUT/$name.out")" >&2; return 1; fi
  if [[ "$line" == *"="* ]]; then
    grep -oE "${LISTENER:-tcp}=[^ ]+" <<<"$line" | grep -oE '[0-9]+$'
  else
    grep -oE '[0-9]+$' <<<"$line"
  fi
}

# pid_of NAME: the pid of a server `start` ran; stop NAME: kills it and waits.
pid_of() { cat "$OUT/$1.pid"; }
stop() { local p; p=$(pid_of "$1"); kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; }

# rss_kb PID: resident set size in KiB.
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

# bridge_load TRANSPORT PORT CONCURRENCY MODE [CONNECTIONS] [WARMUP]: runs our client (`bridge
# load`, its callers spread over CONNECTIONS bridges, default 1) for $SECS seconds on CPU 1,
# after WARMUP seconds not counted (default 0; 1 where the loader it is compared with warms up
# for 1 s, as tcpload and h2load here do, so both are measured the same way); prints
# "REQ_PER_S P50_US P99_US".
bridge_load() {
  local line p50 p99
  line=$(taskset -c 1 .build/release/bridge load --transport "$1" --target "127.0.0.1:$2" --requests 100000000 \
         --concurrency "$3" --mode "$4" --connections "${5:-1}" --seconds "$SECS" ${6:+--warmup "$6"} 2>/dev/null | tr '\n' ' ' || true)
  p50=$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2 || true)
  p99=$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2 || true)
  if ! grep -q ' errors=0 ' <<<"$line"; then echo "   (bridge load $1 $4 x$3 reported errors: $line)" >&2; fi
  printf '%s %s %s\n' "$(grep -oE 'req/s=[0-9.]+' <<<"$line" | cut -d= -f2 || echo 0)" \
    "$(awk -v v="${p50:-0}" 'BEGIN{printf "%d", v*1000}')" "$(awk -v v="${p99:-0}" 'BEGIN{printf "%d", v*1000}')"
}

# tcp_load PORT CONNECTIONS DEPTH [SECONDS]: ../shared/tools' tcpload on CPU 1; prints
# "REQ_PER_S P50_US P99_US" (latency only at depth 1, else "-").
tcp_load() {
  local line
  line=$(taskset -c 1 "$OUT/tcpload" 127.0.0.1 "$1" --connections "$2" --depth "$3" --seconds "${4:-$SECS}" \
         --message "$SHARED/tools/bench/validate.json" | tr '\n' ' ' || true)
  printf '%s %s %s\n' "$(grep -oE 'requests/s=[0-9.]+' <<<"$line" | cut -d= -f2 || echo 0)" \
    "$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2 || echo -)" "$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2 || echo -)"
}

# wrk_load PORT CONNECTIONS [SECONDS]: wrk POST /validate on CPU 1; prints "REQ_PER_S P50_US P99_US".
to_us() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) print int(n); else if (v ~ /ms$/) print int(n * 1000); else print int(n * 1000000) }'
}
wrk_load() {
  local line
  line=$(taskset -c 1 wrk -t1 -c"$2" -d"${3:-$SECS}s" --latency -s "$SHARED/tools/bench/validate.lua" "http://127.0.0.1:$1/validate" || true)
  if grep -q "Non-2xx" <<<"$line"; then echo "   (non-2xx answers on port $1: $(grep Non-2xx <<<"$line"))" >&2; fi
  printf '%s %s %s\n' "$(awk '/Requests\/sec/ {print $2}' <<<"$line")" \
    "$(to_us "$(awk '$1 == "50%" {print $2}' <<<"$line")")" "$(to_us "$(awk '$1 == "99%" {print $2}' <<<"$line")")"
}

# h2_load PORT CONNECTIONS STREAMS [SECONDS]: h2load unary Validate on CPU 1 (counts HTTP 200s,
# not grpc-status; the interop tests check the statuses); prints "REQ_PER_S - -".
h2_load() {
  local line
  line=$(taskset -c 1 h2load -t1 -c"$2" -m"$3" -D "${4:-$SECS}" --warm-up-time=1 -d "$SHARED/tools/bench/validate.grpc" \
         -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:$1/ipcbridge.v1.Validation/Validate" 2>&1 || true)
  if ! grep -q ' 0 failed' <<<"$line"; then echo "   (h2load failures on port $1: $(grep '^requests:' <<<"$line"))" >&2; fi
  printf '%s - -\n' "$(grep -oE '[0-9.]+ req/s' <<<"$line" | head -1 | cut -d' ' -f1 || echo 0)"
}

# row FILE SERVER LOADER SHAPE REP RATE P50_US P99_US: appends one result and echoes it.
row() {
  local file=$1; shift
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" | tee -a "$file"
}

# record FILE SERVER LOADER SHAPE REP COMMAND...: runs a loader function and appends its row.
record() {
  local file=$1 server=$2 loader=$3 shape=$4 rep=$5 rate p50 p99
  shift 5
  read -r rate p50 p99 < <("$@")
  row "$file" "$server" "$loader" "$shape" "$rep" "${rate:-0}" "${p50:--}" "${p99:--}"
}

# finish SECTION: prints the summary of $OUT/SECTION-results.tsv and rewrites that section of
# docs/PERFORMANCE.md.
finish() {
  python3 scripts/bench_summary.py "$OUT/$1-results.tsv" "$REPS" "$SECS" > "$OUT/$1-summary.md"
  cat "$OUT/$1-summary.md"
  python3 scripts/bench_summary.py --write docs/PERFORMANCE.md "$OUT/$1-summary.md" "$1"
  echo "== docs/PERFORMANCE.md ($1 section) updated"
}

# table_finish SECTION ARGS...: scripts/bench_tables.py SECTION over $OUT/SECTION-results.tsv
# (for the sections that are not req/s-by-loader tables), printed and written to
# docs/PERFORMANCE.md.
table_finish() {
  local section=$1; shift
  python3 scripts/bench_tables.py "$section" "$OUT/$section-results.tsv" "$@" > "$OUT/$section-summary.md"
  cat "$OUT/$section-summary.md"
  python3 scripts/bench_summary.py --write docs/PERFORMANCE.md "$OUT/$section-summary.md" "$section"
}

# run_section SECTION: setup, REPS repetitions, summary: what bench.sh does for the sections it
# does not interleave, and what every section script does when run by itself.
run_section() {
  "$1_setup"
  : > "$OUT/$1-results.tsv"
  for rep in $(seq "$REPS"); do "$1_rep" "$rep"; done
  if declare -F "$1_finish" >/dev/null; then "$1_finish"; else finish "$1"; fi
}

# run_alone SECTION: a section script run by itself instead of from bench.sh.
run_alone() {
  build_ours
  run_section "$1"
}
