#!/usr/bin/env bash
# Installs what the tests' outside peers need: python3 for the asyncio framed client and server
# in Tests/InteropTests/python, the PyPI packages httpx and aiohttp for the HTTP peers there,
# grpcio, grpcio-tools and protobuf for the gRPC peers, curl, and nginx and openssl for
# scripts/scale-out.sh (nginx in front of two bridge-servers, plain and TLS). Safe to run
# repeatedly: each step only runs when its tool or module is missing, and says what it installs.
set -euo pipefail

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  apt-get install -y -qq "$@" >/dev/null
}
cannot() {
  echo "install-test-deps: $1 is missing and cannot be installed here ($2);" >&2
  echo "install-test-deps: the interop tests will say SKIPPED loudly (and fail with IPCBRIDGE_REQUIRE_PEERS=1)" >&2
}

if ! command -v python3 >/dev/null 2>&1; then
  if can_apt; then
    echo "install-test-deps: installing python3 (apt-get)"
    apt_install python3
  else
    cannot python3 "need root and apt-get"
  fi
fi

if ! command -v curl >/dev/null 2>&1; then
  if can_apt; then
    echo "install-test-deps: installing curl (apt-get)"
    apt_install curl
  else
    cannot curl "need root and apt-get"
  fi
fi

# Debian's nginx (core flavour: http_v2, ssl, grpc and upstream keepalive are built in). Its
# package would start a system nginx on port 80 where nothing forbids it; a policy-rc.d that
# says 101 (as Debian's container images ship) keeps it from starting, and only while installing.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if can_apt; then
    echo "install-test-deps: installing nginx (apt-get)"
    if [ -e /usr/sbin/policy-rc.d ]; then
      apt_install nginx
    else
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      apt_install nginx || { rm -f /usr/sbin/policy-rc.d; exit 1; }
      rm -f /usr/sbin/policy-rc.d
    fi
  else
    cannot nginx "need root and apt-get"
  fi
fi

if ! command -v openssl >/dev/null 2>&1; then
  if can_apt; then
    echo "install-test-deps: installing openssl (apt-get)"
    apt_install openssl
  else
    cannot openssl "need root and apt-get"
  fi
fi

if command -v python3 >/dev/null 2>&1; then
  missing=()
  # module:package, where the import name differs from the PyPI name.
  for entry in httpx aiohttp standardwebhooks grpc:grpcio grpc_tools:grpcio-tools google.protobuf:protobuf; do
    module="${entry%%:*}"
    package="${entry#*:}"
    python3 -c "import $module" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if ! python3 -m pip --version >/dev/null 2>&1 && can_apt; then
      echo "install-test-deps: installing python3-pip (apt-get)"
      apt_install python3-pip
    fi
    echo "install-test-deps: installing ${missing[*]} (pip)"
    # Debian's python3 marks itself externally managed (PEP 668); these are test-only packages.
    if ! python3 -m pip install --quiet --disable-pip-version-check "${missing[@]}" 2>/dev/null \
      && ! python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${missing[@]}"; then
      cannot "${missing[*]}" "pip install failed"
    fi
  fi
fi
exit 0
