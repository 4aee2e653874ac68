#!/usr/bin/env bash
# Fails when a public symbol in Sources/ or Servers/ has no doc comment (issue 7: "every public
# symbol has a doc comment"), listing each one as FILE:LINE: KIND NAME.
#
# The compiler decides what is public, not a text scan: `swift package dump-symbol-graph`
# writes every module's public symbols (types, members, enum cases, typealiases, members of
# extensions on other modules' types) with the doc comment attached to each, so a `public`
# member of an internal type, or one in a `public extension`, is judged by its effective access.
#
# What counts as documented:
#   - the declaration's own `///` (or `/** */`) comment, with some non-blank text;
#   - or, for a member that implements a protocol requirement or overrides a superclass
#     member and has no comment of its own, the requirement's comment: the symbol graph (and
#     DocC) carry it over, so `TCPBridge.start(_:options:)` is documented by `Bridge.start`.
#     Undocumented requirements therefore show up once, at the protocol.
# Not checked: compiler-synthesized members with no source location (an enum's
# `init(rawValue:)`), the executables' main.swift (bridge, bridge-server: no public API), and
# Tests/. Generated files (Sources/Protobuf/GRPCTesting/*.pb.swift) are checked like the rest:
# ProtoGenerator writes their comments.
#
# usage: scripts/check-doc-comments.sh     (builds the package in debug first, as dump-symbol-graph does)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

command -v python3 >/dev/null 2>&1 || { echo "check-doc-comments: python3 is missing" >&2; exit 2; }

# A fresh directory, so a module that no longer exists cannot leave a stale graph behind.
GRAPHS="$(dirname "$(swift build --show-bin-path)")/symbolgraph"
rm -rf "$GRAPHS"
LOG=$(mktemp "${TMPDIR:-/tmp}/check-doc-comments.XXXXXX")
trap 'rm -f "$LOG"' EXIT

# The library targets whose public API is checked: Swift targets under Sources/ and Servers/
# (not the executables, not Tests/).
MODULES=$(swift package describe --type json | python3 -c '
import json, sys
for target in json.load(sys.stdin)["targets"]:
    if target["type"] == "library" and target.get("module_type") == "SwiftTarget" \
            and target["path"].startswith(("Sources/", "Servers/")):
        print(target["name"])')
[ -n "$MODULES" ] || { echo "check-doc-comments: found no library targets" >&2; exit 2; }

# dump-symbol-graph also tries the package's test aggregate modules, which exist only after a
# test build, and then exits non-zero although every library's graph was written: its exit
# status is not the verdict; a graph for each module in $MODULES is.
swift package dump-symbol-graph --skip-synthesized-members > "$LOG" 2>&1 || true
WRITTEN=$(sed -n 's/^Files written to //p' "$LOG" | tail -1)
[ -n "$WRITTEN" ] && GRAPHS=$WRITTEN
for module in $MODULES; do
  if [ ! -f "$GRAPHS/$module.symbols.json" ]; then
    cat "$LOG" >&2
    echo "check-doc-comments: no symbol graph for $module in $GRAPHS (see the output above)" >&2
    exit 2
  fi
done

python3 - "$ROOT" "$GRAPHS" <<'PYTHON'
import glob, json, os, sys
from urllib.parse import unquote, urlparse

root, graphs = sys.argv[1], sys.argv[2]
checked_dirs = ("Sources/", "Servers/")

def relative(uri):
    path = unquote(urlparse(uri).path)
    return os.path.relpath(os.path.realpath(path), os.path.realpath(root))

missing = {}   # (path, line, kind, name), deduplicated: one symbol can appear in several graphs
checked = 0
files = sorted(glob.glob(os.path.join(graphs, "*.symbols.json")))
if not files:
    sys.exit("check-doc-comments: no *.symbols.json in " + graphs)
for graph in files:
    with open(graph, encoding="utf-8") as handle:
        symbols = json.load(handle).get("symbols", [])
    for symbol in symbols:
        location = symbol.get("location")
        if not location:
            continue                        # synthesized by the compiler, nothing to write on
        path = relative(location["uri"])
        if not path.startswith(checked_dirs):
            continue
        checked += 1
        lines = (symbol.get("docComment") or {}).get("lines", [])
        if any(line.get("text", "").strip() for line in lines):
            continue
        line = location.get("position", {}).get("line", 0) + 1
        kind = symbol.get("kind", {}).get("displayName", "symbol").lower()
        name = ".".join(symbol.get("pathComponents", [])) or symbol.get("names", {}).get("title", "?")
        missing[(path, line, kind, name)] = True

for path, line, kind, name in sorted(missing):
    print(f"{path}:{line}: {kind} {name} has no doc comment")
if missing:
    print(f"check-doc-comments: {len(missing)} of {checked} public symbols have no doc comment", file=sys.stderr)
    sys.exit(1)
print(f"check-doc-comments: all {checked} public symbols in Sources/ and Servers/ have doc comments")
PYTHON
