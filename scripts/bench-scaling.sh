#!/usr/bin/env bash
# Scaling section of scripts/bench.sh (run alone: scripts/bench-scaling.sh): how req/s and RSS
# grow from 1 to 10,000 connections (depth 1) on each transport, with one event loop (server on
# CPU 0) and with two (server on CPUs 0 and 1, so the loader on CPU 1 shares a core with the
# second loop: the only 2-loop layout a 2-core machine has). Loaders: tcpload, wrk, h2load
# (one stream per connection). RSS is read halfway through each run. The table ends with a chart
# of the same medians, docs/perf-scaling.svg (scripts/bench_chart.py), rewritten every run.
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
SCALE_CONNECTIONS=${SCALE_CONNECTIONS:-"1 10 100 1000 10000"}
SCALE_SECS=${SCALE_SECS:-3}

scaling_setup() {
  local t
  for t in tcp http grpc; do
    LISTENER=$t
    eval "SCALE_${t}_1=\$(start scale-$t-1 .build/release/bridge-server --$t 127.0.0.1:0 --threads 1)"
    eval "SCALE_${t}_2=\$(CPUS=0,1 start scale-$t-2 .build/release/bridge-server --$t 127.0.0.1:0 --threads 2)"
  done
}

scaling_rep() {
  local rep=$1 t loops n port pid rate rss sampler
  for n in $SCALE_CONNECTIONS; do
    for t in tcp http grpc; do
      for loops in 1 2; do
        port=$(eval echo "\$SCALE_${t}_${loops}")
        pid=$(pid_of "scale-$t-$loops")
        ( sleep "$(awk -v s="$SCALE_SECS" 'BEGIN{print s/2 + 1}')"; rss_kb "$pid" > "$OUT/scale-rss" ) &
        sampler=$!
        case $t in
          tcp) read -r rate _ _ < <(tcp_load "$port" "$n" 1 "$SCALE_SECS") ;;
          http) read -r rate _ _ < <(wrk_load "$port" "$n" "$SCALE_SECS") ;;
          grpc) read -r rate _ _ < <(h2_load "$port" "$n" 1 "$SCALE_SECS") ;;
        esac
        wait "$sampler" || true
        rss=$(cat "$OUT/scale-rss")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$loops" "$n" "$rep" "${rate:-0}" "$rss" | tee -a "$OUT/scaling-results.tsv"
      done
    done
  done
}

scaling_finish() { table_finish scaling "$REPS" "$SCALE_SECS" docs/perf-scaling.svg; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then run_alone scaling; fi
