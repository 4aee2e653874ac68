#!/usr/bin/env bash
# Every benchmark in one run, rewriting docs/PERFORMANCE.md's tables (issue 5):
#
#   scripts/bench.sh [REPS=3] [SECONDS=5] [--only tcp,http,grpc,codec,memory,scaling,callgrind]
#
# Builds bridge-server and bridge in release mode, ../shared/tools' tcpload and tcpecho, and
# ../shared/peers' servers (first time ~15 minutes, cached in .build-peers); installs wrk,
# h2load and valgrind from Debian if missing (scripts/install-bench-deps.sh). Servers run on
# CPU 0 and loaders on CPU 1. The throughput workloads of all three transports are interleaved:
# each repetition runs every server and loader once before the next repetition starts, so drift
# on this machine (up to 30% between runs) lands on all of them alike; only ratios of same-run
# medians are quoted. Then the codec, idle-memory and scaling sections (also REPS repetitions)
# and the deterministic valgrind counts. Benchmarks are never run as timed tests.
source "$(dirname "$0")/bench-tcp.sh"
source "$(dirname "$0")/bench-http.sh"
source "$(dirname "$0")/bench-grpc.sh"
source "$(dirname "$0")/bench-codec.sh"
source "$(dirname "$0")/bench-memory.sh"
source "$(dirname "$0")/bench-scaling.sh"
source "$(dirname "$0")/bench-callgrind.sh"

ONLY="tcp,http,grpc,codec,memory,scaling,callgrind"
positional=()
while [ $# -gt 0 ]; do
  case $1 in
    --only) ONLY=$2; shift 2 ;;
    --help|-h) sed -n 2,14p "$0"; exit 0 ;;
    *) positional+=("$1"); shift ;;
  esac
done
REPS=${positional[0]:-$REPS}
SECS=${positional[1]:-$SECS}
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
started=$(date +%s)

build_ours
throughput=()
for section in tcp http grpc codec; do
  if wants "$section"; then
    "${section}_setup"
    : > "$OUT/$section-results.tsv"
    throughput+=("$section")
  fi
done
for rep in $(seq "$REPS"); do
  echo "== repetition $rep of $REPS"
  for section in "${throughput[@]}"; do "${section}_rep" "$rep"; done
done
for section in "${throughput[@]}"; do
  if declare -F "${section}_finish" >/dev/null; then "${section}_finish"; else finish "$section"; fi
done
cleanup; : > "$PIDS"   # the throughput servers are done: memory and scaling want a quiet machine

for section in memory scaling callgrind; do
  if wants "$section"; then run_section "$section"; fi
done
echo "== bench.sh done in $(( $(date +%s) - started )) s; docs/PERFORMANCE.md rewritten"
