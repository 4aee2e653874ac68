#!/usr/bin/env bash
# Renders a `bridge load --report` / `bridge report` page to a PNG in headless Chromium, as a
# check that it draws: the PNG must exist, be more than a few KB, and not be one colour.
# Installs Debian's chromium (about 300 MB) with apt-get when it is missing and we are root.
#
# usage: scripts/render-report.sh FILE.html OUT.png [WIDTHxHEIGHT=1400x2000]
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: scripts/render-report.sh FILE.html OUT.png [WIDTHxHEIGHT]" >&2
  exit 2
fi
HTML=$1
PNG=$2
SIZE=${3:-1400x2000}
[ -f "$HTML" ] || { echo "render-report: no such file: $HTML" >&2; exit 2; }

find_chromium() { command -v chromium || command -v chromium-browser || command -v google-chrome || true; }
CHROMIUM=$(find_chromium)
if [ -z "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "render-report: installing chromium (apt-get)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    CHROMIUM=$(find_chromium)
  fi
  [ -n "$CHROMIUM" ] || { echo "render-report: chromium is missing and cannot be installed here (need root and apt-get)" >&2; exit 3; }
fi

# Absolute file:// URL; a throwaway profile so nothing is shared with another run.
URL="file://$(cd "$(dirname "$HTML")" && pwd)/$(basename "$HTML")"
case "$PNG" in /*) OUT=$PNG ;; *) OUT="$(pwd)/$PNG" ;; esac
PROFILE=$(mktemp -d)
trap 'rm -rf "$PROFILE"' EXIT
rm -f "$OUT"
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$PROFILE" \
  --no-first-run --disable-extensions --force-device-scale-factor=1 \
  --window-size="${SIZE/x/,}" --screenshot="$OUT" "$URL" >"$PROFILE/chromium.log" 2>&1 || {
  echo "render-report: chromium failed:" >&2
  tail -20 "$PROFILE/chromium.log" >&2
  exit 1
}

# The PNG: present, over 20 KB, and more than one colour (decoded with zlib, no imaging library).
python3 - "$OUT" <<'PY'
import struct, sys, zlib
path = sys.argv[1]
data = open(path, "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit(f"render-report: {path} is not a PNG")
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR": header = struct.unpack(">IIBBBBB", body)
    if kind == b"IDAT": idat += body
    pos += 12 + length
width, height, depth, colour = header[:4]
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
if depth != 8 or channels is None:
    sys.exit(f"render-report: unexpected PNG format depth={depth} colour={colour}")
raw = zlib.decompress(idat)
stride = width * channels
# Count distinct colours over every 7th row, undoing each row's PNG filter.
colours, previous = set(), bytearray(stride)
for y in range(height):
    row_start = y * (stride + 1)
    kind, line = raw[row_start], bytearray(raw[row_start + 1:row_start + 1 + stride])
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up, up_left = previous[i], previous[i - channels] if i >= channels else 0
        if kind == 1: line[i] = (line[i] + left) & 255
        elif kind == 2: line[i] = (line[i] + up) & 255
        elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
        elif kind == 4:
            p = left + up - up_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 255
    if y % 7 == 0:
        colours.update(bytes(line[i:i + channels]) for i in range(0, stride, channels * 3))
    previous = line
size_kb = len(data) / 1024
print(f"render-report: {path}: {width}x{height}, {size_kb:.0f} KB, {len(colours)} colours sampled")
if size_kb < 20:
    sys.exit(f"render-report: {path} is only {size_kb:.1f} KB: the page did not draw")
if len(colours) < 8:
    sys.exit(f"render-report: {path} has {len(colours)} colours: the page did not draw")
PY
