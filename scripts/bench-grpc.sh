#!/usr/bin/env bash
# gRPC section of scripts/bench.sh (run alone: scripts/bench-grpc.sh, REPS and SECS from the
# environment): bridge-server --grpc and peer-grpc (grpc-swift-2 on SwiftNIO HTTP/2), driven by
# h2load (unary Validate, 8 connections x 32 streams, and 1 x 64), by ../shared/peers' peer-grpc-load
# (grpc-swift-2 client: 64 concurrent unary calls, or 64 ValidateStream ping-pongs: bidi) and
# by our own client (`bridge load --transport grpc`: GRPCBridge in each loader's shape, one HTTP/2
# connection for the 64-call rows, 8 x 32 for h2load's; async/await and inline styles).
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

grpc_setup() {
  local peer
  peer=$(build_peer peer-grpc)
  GRPC_LOADER=$(build_peer peer-grpc-load)
  LISTENER=grpc
  GRPC_OURS=$(start grpc-ours .build/release/bridge-server --grpc 127.0.0.1:0)
  GRPC_PEER=$(start grpc-peer "$peer" --port 0)
  echo "== grpc servers: bridge-server:$GRPC_OURS peer-grpc:$GRPC_PEER"
}

# peer_grpc_load PORT MODE: the grpc-swift-2 client, 64 concurrent; prints "REQ_PER_S P50_US P99_US".
peer_grpc_load() {
  local line
  line=$(taskset -c 1 "$GRPC_LOADER" --target "127.0.0.1:$1" --mode "$2" --requests 100000000 --seconds "$SECS" \
         --concurrency 64 2>&1 | tr '\n' ' ' || true)
  printf '%s %s %s\n' "$(grep -oE 'req/s=[0-9.]+' <<<"$line" | cut -d= -f2 || echo 0)" \
    "$(grep -oE 'p50=[0-9.]+' <<<"$line" | cut -d= -f2 || echo -)" "$(grep -oE 'p99=[0-9.]+' <<<"$line" | cut -d= -f2 || echo -)"
}

grpc_rep() {
  local rep=$1 f="$OUT/grpc-results.tsv" server port
  for server in bridge-server peer-grpc; do
    port=$GRPC_OURS; [ "$server" = peer-grpc ] && port=$GRPC_PEER
    record "$f" "$server" h2load unary-8x32 "$rep" h2_load "$port" 8 32
    # h2load in peer-grpc-load's shape (one connection, 64 streams): what the server itself
    # can serve in the shape the 1.5x client target is measured in.
    record "$f" "$server" h2load unary-64 "$rep" h2_load "$port" 1 64
    record "$f" "$server" peer-grpc-load unary-64 "$rep" peer_grpc_load "$port" unary
    record "$f" "$server" peer-grpc-load bidi-64 "$rep" peer_grpc_load "$port" stream
    record "$f" "$server" bridge-load unary-64 "$rep" bridge_load grpc "$port" 64 async
    record "$f" "$server" bridge-load-inline unary-64 "$rep" bridge_load grpc "$port" 64 inline
    # h2load's shape: 8 connections x 32 streams, and its 1 s warm-up.
    record "$f" "$server" bridge-load unary-8x32 "$rep" bridge_load grpc "$port" 256 async 8 1
    record "$f" "$server" bridge-load-inline unary-8x32 "$rep" bridge_load grpc "$port" 256 inline 8 1
    record "$f" "$server" bridge-load bidi-64 "$rep" bridge_load grpc "$port" 64 stream
  done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then run_alone grpc; fi
