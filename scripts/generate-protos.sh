#!/usr/bin/env bash
# Regenerates the checked-in Swift for the protos the project ships types for, with our own
# generator (`bridge generate`): gRPC's interop messages and health service (from ../shared) and
# the contract's ipcbridge.v1 (Protos/), compiled inside the Protobuf target; the Greeter the
# service tests and docs/custom-services.md use; the Inventory of examples/CustomService.
# Tests/ProtoGeneratorTests/CheckedInOutputTests.swift fails when the checked-in files differ from
# what this produces.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
swift build --product bridge >/dev/null
BRIDGE="$(swift build --show-bin-path)/bridge"
OUT=Sources/Protobuf/GRPCTesting
for proto in src/proto/grpc/testing/messages.proto src/proto/grpc/testing/empty.proto src/proto/grpc/testing/test.proto \
             grpc/health/v1/health.proto; do
  "$BRIDGE" generate "$SHARED/grpc-testing/$proto" --proto-path "$SHARED/grpc-testing" -o "$OUT" --no-import-protobuf
done
"$BRIDGE" generate Protos/ipcbridge/v1/bridge.proto --proto-path Protos -o Sources/Protobuf/Bridge --no-import-protobuf
"$BRIDGE" generate Tests/BridgeServicesTests/Fixtures/greeter.proto -o Tests/BridgeServicesTests/Fixtures
"$BRIDGE" generate examples/CustomService/inventory.proto -o examples/CustomService
