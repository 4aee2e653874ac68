# Shared by the bench-*.sh scripts (sourced, not run): builds, pinned servers, result rows.
# Server on CPU 0, loader on CPU 1; every server is killed when the script exits.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
OUT=.build-bench
mkdir -p "$OUT"

# Server pids go to a file: `start` runs inside $(...), a subshell whose variables are lost.
PIDS="$OUT/pids.$$"
: > "$PIDS"
cleanup() { while read -r p; do kill "$p" 2>/dev/null || true; done < "$PIDS"; rm -f "$PIDS"; }
trap cleanup EXIT

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

# start NAME COMMAND...: runs a server on CPU 0, waits for its `listening` line, prints the port
# (for bridge-server, the port of the listener named by $LISTENER, e.g. http or tcp).
start() {
  local name=$1; shift
  taskset -c 0 "$@" > "$OUT/$name.out" 2>&1 &
  echo $! >> "$PIDS"
  for _ in $(seq 100); do
    if grep -q listening "$OUT/$name.out"; then break; fi
    sleep 0.1
  done
  local line
  line=$(grep -o 'listening.*' "$OUT/$name.out")
  if [[ "$line" == *"="* ]]; then
    grep -oE "${LISTENER:-tcp}=[^ ]+" <<<"$line" | grep -oE '[0-9]+$'
  else
    grep -oE '[0-9]+$' <<<"$line"
  fi
}

# row SERVER LOADER SHAPE REP RATE P50_US P99_US: appends one result.
row() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" | tee -a "$RESULTS"
}

# finish SECTION REPS SECONDS: prints the summary and rewrites that section of docs/PERFORMANCE.md.
finish() {
  python3 scripts/bench_summary.py "$RESULTS" "$2" "$3" > "$OUT/$1-summary.md"
  cat "$OUT/$1-summary.md"
  python3 scripts/bench_summary.py --write docs/PERFORMANCE.md "$OUT/$1-summary.md" "$1"
  echo "== docs/PERFORMANCE.md ($1 section) updated"
}
