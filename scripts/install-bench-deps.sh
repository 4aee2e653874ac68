#!/usr/bin/env bash
# Installs what scripts/bench.sh drives, from Debian's packages: gcc (tcpload and tcpecho from
# ../shared/tools), wrk (HTTP/1.1 loader), nghttp2-client (h2load, the gRPC unary loader),
# valgrind (callgrind instruction counts, DHAT allocation counts), python3 (idle connections,
# summaries) and util-linux's taskset (pinning). Each is installed only when missing.
set -euo pipefail
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need gcc gcc
need wrk wrk
need h2load nghttp2-client
need valgrind valgrind
need python3 python3
need taskset util-linux
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-bench-deps: missing ${missing[*]} and cannot install them here (need root and apt-get)" >&2
  exit 1
fi
echo "install-bench-deps: installing ${missing[*]} (apt-get)"
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
