#!/usr/bin/env bash
# Scale-out behind a real proxy: Debian's nginx in front of two bridge-servers, HTTP/1.1 through
# proxy_pass (upstream keep-alive) and gRPC through grpc_pass (h2c to the backends), each also
# behind TLS. curl and a grpcio client (scripts/scale_out_client.py) call through nginx, both
# backends must answer; then one backend is killed with SIGKILL and every call must still
# succeed, answered by the other. Prints a table (phase, transport, calls, ok, failed, backends
# seen) and exits non-zero on any failure. Everything binds 127.0.0.1 and lives in a temp dir
# (nginx runs as this user with -p TMP; no system config is read or written); all of it is
# stopped and removed on exit (KEEP_TMP=1 keeps the dir).
#
# The nginx server blocks are docs/nginx-example.conf, with its placeholders filled in by sed.
#
# usage: scripts/scale-out.sh            (CALLS=20 calls per transport and phase)
#   BRIDGE_SERVER=path/to/bridge-server  (default: `swift build --show-bin-path`/bridge-server,
#                                         built with `swift build --product bridge-server` if absent)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CALLS=${CALLS:-20}
SHARED=${SHARED:-$ROOT/../shared}

say() { echo "== $*"; }
die() { echo "scale-out: $*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------
scripts/install-test-deps.sh
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || die "nginx is missing (scripts/install-test-deps.sh installs it as root with apt-get)"
for tool in curl openssl python3 ss; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing"
done
python3 -c 'import grpc, grpc_tools' 2>/dev/null || die "python3 has no grpcio/grpcio-tools"
[ -f "$SHARED/grpc-testing/grpc/health/v1/health.proto" ] \
  || die "no $SHARED/grpc-testing/grpc/health/v1/health.proto (set SHARED=path/to/shared)"

BIN=${BRIDGE_SERVER:-}
if [ -z "$BIN" ]; then
  BIN="$(swift build --show-bin-path)/bridge-server"
  if [ ! -x "$BIN" ]; then
    say "building bridge-server"
    swift build --product bridge-server >/dev/null
  fi
fi
[ -x "$BIN" ] || die "no bridge-server at $BIN"

# --- cleanup -----------------------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/scale-out.XXXXXX")
PIDS=()
NGINX_PID=
stop() {  # stop PID: SIGTERM, up to 5 s, then SIGKILL
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if [ "$status" != 0 ]; then
    for f in "$TMP"/error.log "$TMP"/b*.out; do
      [ -s "$f" ] && { echo "--- $f (last 30 lines)"; tail -n 30 "$f"; }
    done
  fi
  [ -n "$NGINX_PID" ] && stop "$NGINX_PID"
  for pid in "${PIDS[@]}"; do stop "$pid"; done
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "scale-out: kept $TMP"; else rm -rf "$TMP"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- two backends ------------------------------------------------------------------------------
# start_backend NAME: sets NAME_PID, NAME_HTTP and NAME_GRPC (host:port each).
start_backend() {
  local name=$1 line=
  "$BIN" --http 127.0.0.1:0 --grpc 127.0.0.1:0 > "$TMP/$name.out" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  for _ in $(seq 100); do
    line=$(grep -o '^listening .*' "$TMP/$name.out" || true)
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || die "$name exited: $(cat "$TMP/$name.out")"
    sleep 0.1
  done
  [ -n "$line" ] || die "$name printed no listening line in 10 s"
  printf -v "${name}_PID" %s "$pid"
  printf -v "${name}_HTTP" %s "$(grep -oE 'http=[^ ]+' <<<"$line" | cut -d= -f2)"
  printf -v "${name}_GRPC" %s "$(grep -oE 'grpc=[^ ]+' <<<"$line" | cut -d= -f2)"
}
start_backend b1
start_backend b2
say "backends: b1 http=$b1_HTTP grpc=$b1_GRPC (pid $b1_PID), b2 http=$b2_HTTP grpc=$b2_GRPC (pid $b2_PID)"

# --- nginx -------------------------------------------------------------------------------------
read -r HTTP_PORT GRPC_PORT TLS_PORT < <(python3 - <<'EOF'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
EOF
)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$TMP/tls.key" -out "$TMP/tls.crt" 2>"$TMP/openssl.err" || die "openssl: $(cat "$TMP/openssl.err")"

sed -e "s|__BACKEND1_HTTP__|$b1_HTTP|; s|__BACKEND2_HTTP__|$b2_HTTP|" \
    -e "s|__BACKEND1_GRPC__|$b1_GRPC|; s|__BACKEND2_GRPC__|$b2_GRPC|" \
    -e "s|__HTTP_LISTEN__|127.0.0.1:$HTTP_PORT|; s|__GRPC_LISTEN__|127.0.0.1:$GRPC_PORT|" \
    -e "s|__TLS_LISTEN__|127.0.0.1:$TLS_PORT|" \
    -e "s|__TLS_CERT__|$TMP/tls.crt|; s|__TLS_KEY__|$TMP/tls.key|" \
    docs/nginx-example.conf > "$TMP/bridge.conf"
if grep -n '__[A-Z0-9_]*__' "$TMP/bridge.conf"; then die "placeholders left in bridge.conf"; fi

mkdir -p "$TMP/temp"
{
  # As root the workers would switch to nobody, who cannot use this 0700 dir; stay this user.
  [ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);"
  cat <<EOF
worker_processes 1;
pid $TMP/nginx.pid;
error_log $TMP/error.log info;
events { worker_connections 512; }
http {
    # One line per request: which backend(s) nginx tried, their status, the gRPC status sent.
    log_format scaleout '\$server_port|\$request|\$status|\$upstream_addr|\$upstream_status|\$sent_trailer_grpc_status|\$request_time';
    access_log $TMP/access.log scaleout;
    client_body_temp_path $TMP/temp/body;
    proxy_temp_path $TMP/temp/proxy;
    fastcgi_temp_path $TMP/temp/fastcgi;
    uwsgi_temp_path $TMP/temp/uwsgi;
    scgi_temp_path $TMP/temp/scgi;
    include $TMP/bridge.conf;
}
EOF
} > "$TMP/nginx.conf"

"$NGINX" -t -q -p "$TMP/" -e "$TMP/error.log" -c "$TMP/nginx.conf" || die "nginx -t refused $TMP/nginx.conf"
"$NGINX" -p "$TMP/" -e "$TMP/error.log" -c "$TMP/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
up=0
for _ in $(seq 100); do
  kill -0 "$NGINX_PID" 2>/dev/null || die "nginx exited"
  if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$HTTP_PORT/healthz" 2>/dev/null; then up=1; break; fi
  sleep 0.1
done
[ "$up" = 1 ] || die "nginx did not answer GET /healthz in 10 s"
say "nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'): http=127.0.0.1:$HTTP_PORT grpc(h2c)=127.0.0.1:$GRPC_PORT tls(h2,http/1.1)=127.0.0.1:$TLS_PORT (pid $NGINX_PID)"

# --- calls -------------------------------------------------------------------------------------
RESULTS=$TMP/results.tsv
PHASES=$TMP/phases.tsv
: > "$RESULTS"
: > "$PHASES"

# curl_calls PHASE LABEL URL [curl options]: CALLS POSTs of a passing VALIDATION_REQUEST in one
# curl (one client connection, kept alive); ok = 200, VALIDATION_RESPONSE, PASS, our request_id.
curl_calls() {
  local phase=$1 label=$2 url=$3; shift 3
  local args=() i ok=0
  for i in $(seq "$CALLS"); do
    [ "$i" -gt 1 ] && args+=(--next)
    args+=(-sS --max-time 5 "$@" -H 'Content-Type: application/json'
      --data "{\"message_id\":\"scale-$label-$$-$i\",\"type\":\"VALIDATION_REQUEST\",\"attributes\":{\"board_id\":\"board-$i\",\"voltage\":12.5,\"current\":3,\"mode\":\"auto\"}}"
      -o "$TMP/reply.$i" -w "$i %{http_code} %{http_version} %{num_connects}\n" "$url")
  done
  rm -f "$TMP"/reply.*
  timeout 60 curl "${args[@]}" > "$TMP/curl.out" 2> "$TMP/curl.err" || true
  local n code version c connects=0 versions=
  while read -r n code version c; do
    connects=$((connects + c))
    [[ " $versions " == *" $version "* ]] || versions+=${versions:+,}$version
    if [ "$code" = 200 ] && grep -q '"type":"VALIDATION_RESPONSE"' "$TMP/reply.$n" \
      && grep -q '"result":"PASS"' "$TMP/reply.$n" && grep -q "\"request_id\":\"scale-$label-$$-$n\"" "$TMP/reply.$n"; then
      ok=$((ok + 1))
    else
      echo "  $label call $n: HTTP $code: $(head -c 300 "$TMP/reply.$n" 2>/dev/null)" >&2
    fi
  done < "$TMP/curl.out"
  [ -s "$TMP/curl.err" ] && sed 's/^/  curl: /' "$TMP/curl.err" | head -5 >&2
  echo "  $label: $ok/$CALLS ok over HTTP/${versions:-?}, $connects client connection(s) opened"
  printf '%s\t%s\t%s\t%s\t%s\n' "$phase" "$label" "$CALLS" "$ok" "$((CALLS - ok))" >> "$RESULTS"
}

# grpc_calls PHASE LABEL TARGET [--tls-ca PEM]: CALLS Validate and CALLS Health/Check with grpcio.
grpc_calls() {
  local phase=$1 label=$2 target=$3; shift 3
  timeout 60 python3 scripts/scale_out_client.py call "$target" --label "$label" --calls "$CALLS" \
    --stubs "$TMP/stubs" --grpc-testing "$SHARED/grpc-testing" "$@" > "$TMP/grpc.out" || true
  local method rows=0
  while IFS=$'\t' read -r method ok failed errors; do
    rows=$((rows + 1))
    local name="$label validate"
    [ "$method" = Health/Check ] && name="$label health"
    echo "  $name: $ok/$CALLS ok"
    [ "$errors" != "[]" ] && echo "    errors: $errors" >&2
    printf '%s\t%s\t%s\t%s\t%s\n' "$phase" "$name" "$CALLS" "$ok" "$failed" >> "$RESULTS"
  done < <(python3 -c 'import json,sys
for l in sys.stdin:
    r = json.loads(l); print(r["method"], r["ok"], r["failed"], json.dumps(r["errors"]), sep="\t")' < "$TMP/grpc.out")
  if [ "$rows" != 2 ]; then
    printf '%s\t%s\t%s\t0\t%s\n' "$phase" "$label validate" "$CALLS" "$CALLS" >> "$RESULTS"
    printf '%s\t%s\t%s\t0\t%s\n' "$phase" "$label health" "$CALLS" "$CALLS" >> "$RESULTS"
    echo "  $label: the grpcio client did not report (see above)" >&2
  fi
}

# phase NAME EXPECTED_BACKENDS: every transport once; notes which access-log lines are its own.
phase() {
  local name=$1 expected=$2 first last
  first=$(wc -l < "$TMP/access.log")
  say "phase $name"
  curl_calls "$name" http "http://127.0.0.1:$HTTP_PORT/validate"
  curl_calls "$name" https "https://127.0.0.1:$TLS_PORT/validate" --cacert "$TMP/tls.crt"
  grpc_calls "$name" grpc "127.0.0.1:$GRPC_PORT"
  grpc_calls "$name" grpc+tls "127.0.0.1:$TLS_PORT" --tls-ca "$TMP/tls.crt"
  sleep 0.3  # nginx logs a request just after its last byte went out
  last=$(wc -l < "$TMP/access.log")
  printf '%s\t%s\t%s\t%s\n' "$name" "$first" "$last" "$expected" >> "$PHASES"
}

# keepalive_check: idle connections nginx keeps open to each backend (upstream keepalive).
KEEPALIVE_OK=1
keepalive_check() {
  local b addr port n line=""
  for b in b1_HTTP b2_HTTP b1_GRPC b2_GRPC; do
    addr=${!b}
    port=${addr##*:}
    n=$(ss -Htn state established "( dport = :$port )" | wc -l)
    line+=" ${b,,}=$n"
    [ "$n" -ge 1 ] || KEEPALIVE_OK=0
  done
  echo "  upstream connections nginx keeps open (keepalive):$line"
}

phase both-up b1,b2
keepalive_check

say "kill -9 b1 (pid $b1_PID)"
{ kill -KILL "$b1_PID"; wait "$b1_PID"; } 2>/dev/null || true  # (no "Killed" job notice)
phase b1-killed b2

# --- summary -----------------------------------------------------------------------------------
say "summary"
status=0
python3 scripts/scale_out_client.py summary "$RESULTS" "$PHASES" "$TMP/access.log" \
  --http-port "$HTTP_PORT" --grpc-port "$GRPC_PORT" --tls-port "$TLS_PORT" \
  "b1=$b1_HTTP,$b1_GRPC" "b2=$b2_HTTP,$b2_GRPC" || status=1
if [ "$KEEPALIVE_OK" != 1 ]; then
  echo "FAIL: nginx kept no idle connection to some backend (upstream keepalive)"
  status=1
fi
# nginx's own complaints, apart from what the killed backend causes: refused connects (each
# retried on b2) and the notice that b1 is taken out of the rotation.
expected='Connection refused) while connecting to upstream|upstream server temporarily disabled while connecting to upstream'
grep -E '\[(warn|error|crit|alert|emerg)\]' "$TMP/error.log" | grep -vE "$expected" > "$TMP/complaints" || true
refused=$(grep -c 'Connection refused) while connecting to upstream' "$TMP/error.log" || true)
echo "nginx error.log: $refused connect(s) to the killed b1 refused (and retried on b2), $(wc -l < "$TMP/complaints") other warning(s)/error(s)"
if [ -s "$TMP/complaints" ]; then
  sed 's/^/  /' "$TMP/complaints" | head -20
  status=1
fi
exit "$status"
