#!/usr/bin/env bash
# HTTP/1.1 section of scripts/bench.sh (run alone: scripts/bench-http.sh, REPS and SECS from the
# environment): wrk with ../shared/tools/bench/validate.lua (one thread, 64 keep-alive
# connections, POST /validate) against bridge-server --http and peer-http (Hummingbird 2 on
# SwiftNIO; Codable JSON and its --json protobuf variant), plus our own client (`bridge load
# --transport http`, HTTPBridge's keep-alive pool) against bridge-server.
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

http_setup() {
  local peer
  peer=$(build_peer peer-http)
  LISTENER=http
  HTTP_OURS=$(start http-ours .build/release/bridge-server --http 127.0.0.1:0)
  HTTP_PEER=$(start http-peer "$peer" --port 0)
  HTTP_PEERPB=$(start http-peerpb "$peer" --port 0 --json protobuf)
  echo "== http servers: bridge-server:$HTTP_OURS peer-http:$HTTP_PEER peer-http-protobuf:$HTTP_PEERPB"
}

http_rep() {
  local rep=$1 f="$OUT/http-results.tsv"
  record "$f" bridge-server wrk 64x1 "$rep" wrk_load "$HTTP_OURS" 64
  record "$f" peer-http wrk 64x1 "$rep" wrk_load "$HTTP_PEER" 64
  record "$f" peer-http-protobuf wrk 64x1 "$rep" wrk_load "$HTTP_PEERPB" 64
  record "$f" bridge-server bridge-load 64x1 "$rep" bridge_load http "$HTTP_OURS" 64 async
  record "$f" bridge-server bridge-load-inline 64x1 "$rep" bridge_load http "$HTTP_OURS" 64 inline
  record "$f" bridge-server bridge-load-callback 64x1 "$rep" bridge_load http "$HTTP_OURS" 64 callback
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then run_alone http; fi
