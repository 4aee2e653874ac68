#!/usr/bin/env bash
# Installs what the tests' outside peers need. Today: python3 (standard library only) for the
# asyncio framed client and server in Tests/InteropTests/python. Safe to run repeatedly.
set -euo pipefail
if command -v python3 >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3 >/dev/null
else
  echo "install-test-deps: python3 is missing and cannot be installed here (need root and apt-get);" >&2
  echo "install-test-deps: the interop tests will say SKIPPED loudly (and fail with IPCBRIDGE_REQUIRE_PEERS=1)" >&2
fi
