#!/usr/bin/env bash
# Codec section of scripts/bench.sh (run alone: scripts/bench-codec.sh): `bridge bench-codec`
# (our BridgeMessage binary and JSON codecs) beside ../shared/peers' peer-proto-bench
# (swift-protobuf binary and JSON, Foundation Codable JSON) on the same message
# (../shared/tools/bench/validate.json), both on CPU 1, interleaved per repetition. Each run
# prints the best of 5 rounds; the section reports the median of those over the repetitions.
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

codec_setup() {
  CODEC_PEER=$(build_peer peer-proto-bench)
}

# codec_rows REP NAME COMMAND...: runs a codec benchmark, one row per `NAME ns/op=X` line.
codec_rows() {
  local rep=$1; shift
  "$@" | while read -r line; do
    local name ns
    name=$(sed -E 's/ ns\/op=.*//' <<<"$line")
    ns=$(grep -oE 'ns/op=[0-9.]+' <<<"$line" | cut -d= -f2)
    printf '%s\t%s\t%s\n' "$name" "$rep" "$ns" | tee -a "$OUT/codec-results.tsv"
  done
}

codec_rep() {
  local msg="$SHARED/tools/bench/validate.json"
  codec_rows "$1" taskset -c 1 .build/release/bridge bench-codec --message "$msg" --iterations 100000
  codec_rows "$1" taskset -c 1 "$CODEC_PEER" --message "$msg" --iterations 100000
}

codec_finish() { table_finish codec "$REPS"; }

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then run_alone codec; fi
