#!/usr/bin/env bash
# The test command (README's second command, and what CI runs): installs the outside peers the
# tests need, builds everything (the process tests run the built bridge-server), runs every test.
# Extra arguments go to `swift test` (e.g. --filter TCPBridgeTests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
swift build --build-tests
swift test --skip-build "$@"
