#!/usr/bin/env bash
# Framed TCP section of scripts/bench.sh (run alone: scripts/bench-tcp.sh, with REPS and SECS
# from the environment): bridge-server, ../shared/peers' peer-tcp (idiomatic Codable JSON and
# its --json protobuf variant) and ../shared/tools' tcpecho (the C ceiling), driven by tcpload
# at 64 connections x depth 1 and 4 x 64, plus our own client (`bridge load`) against
# bridge-server in the same shape (as many TCPBridge connections, as many calls in flight), in
# async/await, inline (handlers on the event loop) and callback (handlers on the pool) styles.
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

tcp_setup() {
  local peer
  peer=$(build_peer peer-tcp)
  LISTENER=tcp
  TCP_OURS=$(start tcp-ours .build/release/bridge-server --tcp 127.0.0.1:0)
  TCP_PEER=$(start tcp-peer "$peer" --port 0)
  TCP_PEERPB=$(start tcp-peerpb "$peer" --port 0 --json protobuf)
  TCP_ECHO=$(start tcp-echo "$OUT/tcpecho" 0)
  echo "== tcp servers: bridge-server:$TCP_OURS peer-tcp:$TCP_PEER peer-tcp-protobuf:$TCP_PEERPB tcpecho:$TCP_ECHO"
}

tcp_rep() {
  local rep=$1 f="$OUT/tcp-results.tsv" shape c d
  for shape in 64x1 4x64; do
    c=${shape%x*} d=${shape#*x}
    record "$f" bridge-server tcpload "$shape" "$rep" tcp_load "$TCP_OURS" "$c" "$d"
    record "$f" peer-tcp tcpload "$shape" "$rep" tcp_load "$TCP_PEER" "$c" "$d"
    record "$f" peer-tcp-protobuf tcpload "$shape" "$rep" tcp_load "$TCP_PEERPB" "$c" "$d"
    record "$f" tcpecho tcpload "$shape" "$rep" tcp_load "$TCP_ECHO" "$c" "$d"
    # Our client in the loader's shape: c connections (bridges), c x d calls in flight, and
    # tcpload's 1 s warm-up.
    record "$f" bridge-server bridge-load "$shape" "$rep" bridge_load tcp "$TCP_OURS" $((c * d)) async "$c" 1
    record "$f" bridge-server bridge-load-inline "$shape" "$rep" bridge_load tcp "$TCP_OURS" $((c * d)) inline "$c" 1
    record "$f" bridge-server bridge-load-callback "$shape" "$rep" bridge_load tcp "$TCP_OURS" $((c * d)) callback "$c" 1
  done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then run_alone tcp; fi
