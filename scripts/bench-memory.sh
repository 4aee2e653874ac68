#!/usr/bin/env bash
# Memory section of scripts/bench.sh (run alone: scripts/bench-memory.sh): resident memory per
# idle connection. Each server starts fresh on CPU 0; its RSS is read, then
# ../shared/tools/bench/idleconns.py opens N idle connections (with --h2 for gRPC: the client
# preface and SETTINGS, so a full HTTP/2 connection is set up) and the RSS is read again
# once all are open. 1,000 connections on every server, peers included; 10,000 on
# bridge-server's three transports, with the descriptors it holds counted from /proc.
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

memory_setup() {
  MEM_PEER_TCP=$(build_peer peer-tcp)
  MEM_PEER_HTTP=$(build_peer peer-http)
  MEM_PEER_GRPC=$(build_peer peer-grpc)
}

# idle_rss NAME TRANSPORT N REP COMMAND...: one measurement; appends
# "server transport connections rep rss_before_kb rss_after_kb fds_held".
idle_rss() {
  local name=$1 transport=$2 n=$3 rep=$4 port pid before after fds h2=""
  shift 4
  LISTENER=$transport
  port=$(start "mem-$name-$transport" "$@")
  pid=$(pid_of "mem-$name-$transport")
  sleep 1
  before=$(rss_kb "$pid")
  [ "$transport" = grpc ] && h2=--h2
  python3 "$SHARED/tools/bench/idleconns.py" 127.0.0.1 "$port" "$n" 600 $h2 > "$OUT/idleconns.out" 2>&1 &
  local client=$!
  for _ in $(seq 600); do grep -q '^open' "$OUT/idleconns.out" && break; sleep 0.1; done
  sleep 2
  after=$(rss_kb "$pid")
  fds=$(ls "/proc/$pid/fd" | wc -l)
  kill "$client" 2>/dev/null || true; wait "$client" 2>/dev/null || true
  stop "mem-$name-$transport"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$transport" "$n" "$rep" "$before" "$after" "$fds" | tee -a "$OUT/memory-results.tsv"
}

memory_rep() {
  local rep=$1 t
  for t in tcp http grpc; do
    idle_rss bridge-server "$t" 1000 "$rep" .build/release/bridge-server "--$t" 127.0.0.1:0
  done
  idle_rss peer-tcp tcp 1000 "$rep" "$MEM_PEER_TCP" --port 0
  idle_rss peer-http http 1000 "$rep" "$MEM_PEER_HTTP" --port 0
  idle_rss peer-grpc grpc 1000 "$rep" "$MEM_PEER_GRPC" --port 0
  idle_rss tcpecho tcp 1000 "$rep" "$OUT/tcpecho" 0
  for t in tcp http grpc; do
    idle_rss bridge-server "$t" 10000 "$rep" .build/release/bridge-server "--$t" 127.0.0.1:0
  done
}

memory_finish() { table_finish memory "$REPS"; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then run_alone memory; fi
