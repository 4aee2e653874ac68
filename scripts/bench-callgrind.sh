#!/usr/bin/env bash
# Deterministic section of scripts/bench.sh (run alone: scripts/bench-callgrind.sh): user-space
# instructions and heap allocations per request on each transport, for regressions that timing
# noise would hide. Each server runs under valgrind (callgrind for instructions, DHAT for
# allocations) while `bridge load --mode sync --concurrency 1` sends a fixed number of requests;
# the figure is the difference between a run of CG_LONG and one of CG_SHORT requests divided
# by the difference in count, so start-up and shutdown cancel out. The peers are measured the
# same way beside ours where Valgrind 3.19 can run them ("-" where it crashes: it does on the
# SwiftNIO peers, an internal SIGSEGV at start-up, as on any Swift program whose async `main`
# calls `dispatchMain()`). Our client is measured the same way from the other side: `bridge
# load` under valgrind, async and inline, against bridge-server running normally.
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
CG_SHORT=${CG_SHORT:-500}
CG_LONG=${CG_LONG:-2500}

# stripped PATH: a copy without DWARF (Valgrind 3.19 cannot read the DWARF 5 that Swift 6.3
# writes and gives up on the whole binary); the symbol table stays, so reports keep names.
stripped() {
  local copy="$OUT/stripped-$(basename "$1")"
  cp "$1" "$copy" && strip --strip-debug "$copy"
  echo "$copy"
}

callgrind_setup() {
  CG_OURS=$(stripped .build/release/bridge-server)
  CG_CLIENT=$(stripped .build/release/bridge)
  CG_PEER_TCP=$(stripped "$(build_peer peer-tcp)")
  CG_PEER_HTTP=$(stripped "$(build_peer peer-http)")
  CG_PEER_GRPC=$(stripped "$(build_peer peer-grpc)")
}

# valgrind_total TOOL LOG: the tool's total for one run (instructions, or allocated blocks).
valgrind_total() {
  if [ "$1" = callgrind ]; then
    awk '/^(summary|totals):/ {print $2; exit}' "$2.cg"
  else
    grep -E 'Total:' "$2.log" | head -1 | grep -oE 'in [0-9,]+ blocks' | tr -dc 0-9
  fi
}

# per_unit SHORT LONG: (LONG - SHORT) / (CG_LONG - CG_SHORT), or "-" when a run failed.
per_unit() {
  if [ -z "$1" ] || [ -z "$2" ] || [ "$1" = 0 ] || [ "$2" = 0 ]; then echo "-"; return; fi
  awk -v a="$1" -v b="$2" -v n=$((CG_LONG - CG_SHORT)) 'BEGIN { printf "%.1f", (b - a) / n }'
}

# under_valgrind TOOL NAME TRANSPORT REQUESTS COMMAND...: runs the server under valgrind, sends
# REQUESTS calls, stops it; prints the tool's total (instructions, or allocated blocks).
under_valgrind() {
  local tool=$1 name=$2 transport=$3 requests=$4 port pid log="$OUT/vg-$1-$2-$3-$4"
  shift 4
  local args=(--tool="$tool")
  if [ "$tool" = callgrind ]; then args+=(--callgrind-out-file="$log.cg"); else args+=(--dhat-out-file=/dev/null); fi
  LISTENER=$transport
  : > "$OUT/vg.out"
  taskset -c 0 valgrind "${args[@]}" --log-file="$log.log" "$@" > "$OUT/vg.out" 2>&1 &
  pid=$!
  echo "$pid" >> "$PIDS"
  for _ in $(seq 600); do grep -q listening "$OUT/vg.out" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  port=$(grep -o 'listening.*' "$OUT/vg.out" | grep -oE '[0-9]+$' || true)
  if [ -z "$port" ]; then
    echo "   ($name $transport did not start under valgrind $tool: $(tail -3 "$log.log" | tr '\n' ' '))" >&2
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
    echo 0; return
  fi
  taskset -c 1 .build/release/bridge load --transport "$transport" --target "127.0.0.1:$port" --requests "$requests" \
    --concurrency 1 --mode sync > "$OUT/vg-load.out" 2>&1 || { echo "   (load against $name $transport failed: $(tail -1 "$OUT/vg-load.out"))" >&2; }
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  valgrind_total "$tool" "$log"
}

# per_request TOOL NAME TRANSPORT COMMAND...: (total at CG_LONG - total at CG_SHORT) / difference.
per_request() {
  local tool=$1 name=$2 transport=$3 short long
  shift 3
  short=$(under_valgrind "$tool" "$name" "$transport" "$CG_SHORT" "$@")
  long=$(under_valgrind "$tool" "$name" "$transport" "$CG_LONG" "$@")
  per_unit "$short" "$long"
}

# client_under_valgrind TOOL TRANSPORT MODE REQUESTS: our client under valgrind sends REQUESTS
# calls (--concurrency 1) to the bridge-server on $CG_SERVER_PORT; prints the tool's total.
client_under_valgrind() {
  local tool=$1 transport=$2 mode=$3 requests=$4 log="$OUT/vg-$1-client-$2-$3-$4"
  local args=(--tool="$tool")
  if [ "$tool" = callgrind ]; then args+=(--callgrind-out-file="$log.cg"); else args+=(--dhat-out-file=/dev/null); fi
  if ! taskset -c 1 valgrind "${args[@]}" --log-file="$log.log" "$CG_CLIENT" load --transport "$transport" \
       --target "127.0.0.1:$CG_SERVER_PORT" --requests "$requests" --concurrency 1 --mode "$mode" > "$OUT/vg-load.out" 2>&1 \
     || ! grep -q ' errors=0 ' "$OUT/vg-load.out"; then
    echo "   (client $transport $mode under valgrind $tool failed: $(tail -1 "$OUT/vg-load.out"))" >&2
    echo 0; return
  fi
  valgrind_total "$tool" "$log"
}

# client_per_call TOOL TRANSPORT MODE: (total at CG_LONG - total at CG_SHORT) / difference.
client_per_call() {
  local short long
  short=$(client_under_valgrind "$1" "$2" "$3" "$CG_SHORT")
  long=$(client_under_valgrind "$1" "$2" "$3" "$CG_LONG")
  per_unit "$short" "$long"
}

callgrind_rep() {
  local rep=$1 t server cmd ir allocs
  [ "$rep" = 1 ] || return 0   # the counts are deterministic: one repetition is enough
  for t in tcp http grpc; do
    for server in bridge-server peer; do
      case "$server-$t" in
        bridge-server-*) cmd=("$CG_OURS" "--$t" 127.0.0.1:0 --threads 1) ;;
        peer-tcp) cmd=("$CG_PEER_TCP" --port 0 --threads 1) ;;
        peer-http) cmd=("$CG_PEER_HTTP" --port 0 --threads 1) ;;
        peer-grpc) cmd=("$CG_PEER_GRPC" --port 0 --threads 1) ;;
      esac
      ir=$(per_request callgrind "$server" "$t" "${cmd[@]}")
      allocs=$(per_request dhat "$server" "$t" "${cmd[@]}")
      [ "$server" = peer ] && server="peer-$t"
      printf '%s\t%s\t%s\t%s\t%s\n' "$server" "$t" "$rep" "$ir" "$allocs" | tee -a "$OUT/callgrind-results.tsv"
    done
    LISTENER=$t
    CG_SERVER_PORT=$(start "cg-server-$t" .build/release/bridge-server "--$t" 127.0.0.1:0 --threads 1)
    for mode in async inline; do
      ir=$(client_per_call callgrind "$t" "$mode")
      allocs=$(client_per_call dhat "$t" "$mode")
      printf '%s\t%s\t%s\t%s\t%s\n' "bridge load --mode $mode (client)" "$t" "$rep" "$ir" "$allocs" | tee -a "$OUT/callgrind-results.tsv"
    done
    stop "cg-server-$t"
  done
}

callgrind_finish() { table_finish callgrind "$CG_SHORT" "$CG_LONG"; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then run_alone callgrind; fi
