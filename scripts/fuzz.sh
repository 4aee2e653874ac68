#!/usr/bin/env bash
# Builds the libFuzzer harnesses under Fuzz/ and runs each for a while, one after another.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET (default 60)] [TARGET...]
#
# Targets: http1 http2 protobuf json tcpframe (default: all, in that order).
# Everything it makes goes under .build-fuzz/ (never .build/): the modules and harness
# binaries, a working corpus per target (seeded from Fuzz/corpus/<target>/ and kept between
# runs), the libFuzzer logs, and any crash/timeout/oom inputs in .build-fuzz/artifacts/<target>/.
# It uses one core: builds run one at a time and the fuzzers run sequentially, single-process.
# Exits non-zero if any target crashed, hung (over PER_INPUT_TIMEOUT seconds on one input)
# or broke an invariant.
#
# Environment: FUZZ_OPT (default -O), PER_INPUT_TIMEOUT (default 10 s), RSS_LIMIT_MB (default 2048),
# ASAN_OPTIONS (default abort_on_error=1:detect_leaks=1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.build-fuzz"
SOURCES="$ROOT/Sources"
FUZZ_OPT="${FUZZ_OPT:--O}"
PER_INPUT_TIMEOUT="${PER_INPUT_TIMEOUT:-10}"
RSS_LIMIT_MB="${RSS_LIMIT_MB:-2048}"
ALL_TARGETS=(http1 http2 protobuf json tcpframe)
SWIFT_FLAGS=(-parse-as-library -sanitize=fuzzer,address -g "$FUZZ_OPT")

# A harness is one Swift file per target plus Fuzz/Support, linked against the project
# modules it imports. BridgeCore and TCPBridge are built from just the files the decoders
# need, so the socket and runtime layers (BridgeIO, its C shim, Dispatch) stay out.
harness_dir() {
    case "$1" in
        http1) echo HTTP1 ;;
        http2) echo HTTP2 ;;
        protobuf) echo Protobuf ;;
        json) echo BridgeJSON ;;
        tcpframe) echo TCPFrame ;;
        *) return 1 ;;
    esac
}

# The modules a target links, in build order (each after those it imports).
target_modules() {
    case "$1" in
        http1) echo HTTP1 ;;
        http2) echo HPACK HTTP2 ;;
        protobuf) echo BridgeCore Protobuf ;;
        json) echo BridgeCore Protobuf ;;
        tcpframe) echo BridgeCore TCPBridge ;;
    esac
}

module_sources() {
    case "$1" in
        HTTP1 | HPACK | HTTP2 | Protobuf) find "$SOURCES/$1" -name '*.swift' | sort ;;
        BridgeCore)
            local file
            for file in BridgeMessage.swift BridgeMessage+JSON.swift JSONValue.swift Base64.swift MessageID.swift \
                        BridgeError.swift StatusCode.swift JSON/JSONError.swift JSON/JSONParser.swift JSON/JSONWriter.swift; do
                echo "$SOURCES/BridgeCore/$file"
            done ;;
        TCPBridge) echo "$SOURCES/TCPBridge/Frame.swift" ;;
    esac
}

usage() {
    sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
}

# Checks swiftc is there and makes the output directories.
check_toolchain() {
    command -v swiftc > /dev/null || { echo "swiftc not found" >&2; exit 2; }
    mkdir -p "$OUT/logs" "$OUT/modules" "$OUT/bin"
}

# Builds one module as a static library and .swiftmodule, unless it is newer than its sources
# and than the libraries of the modules it imports (the rest of the arguments).
build_module() {
    local module="$1" lib="$OUT/modules/lib$1.a"
    shift
    local sources
    mapfile -t sources < <(module_sources "$module")
    if [[ -f "$lib" ]] && [[ -z "$(find "${sources[@]}" "$@" "${BASH_SOURCE[0]}" -newer "$lib" 2> /dev/null)" ]]; then
        return
    fi
    echo "  building module $module (${#sources[@]} files)"
    # A static library is updated in place: members of deleted source files would stay in it.
    rm -f "$lib"
    if ! swiftc "${SWIFT_FLAGS[@]}" -module-name "$module" -I "$OUT/modules" \
        -emit-module -emit-module-path "$OUT/modules/$module.swiftmodule" \
        -emit-library -static -o "$lib" "${sources[@]}" > "$OUT/logs/build-$module.log" 2>&1; then
        cat "$OUT/logs/build-$module.log" >&2
        echo "module $module failed to build" >&2
        exit 2
    fi
}

# Links the harness binary for a target against its modules.
build_harness() {
    local target="$1" dir module
    dir="$(harness_dir "$target")"
    local link=()
    for module in $(target_modules "$target"); do
        build_module "$module" "${link[@]}"
        # Static libraries link dependents first: the linker only takes an archive's members
        # for symbols still unresolved when it reaches that archive.
        link=("$OUT/modules/lib$module.a" "${link[@]}")
    done
    echo "  linking fuzz-$target"
    # gold warns about every ASan check symbol it cannot export; the log keeps them.
    if ! swiftc "${SWIFT_FLAGS[@]}" -module-name "Fuzz_$dir" -I "$OUT/modules" \
        "$ROOT/Fuzz/$dir/main.swift" "$ROOT/Fuzz/Support/"*.swift "${link[@]}" \
        -o "$OUT/bin/fuzz-$target" > "$OUT/logs/build-fuzz-$target.log" 2>&1; then
        grep -v 'Cannot export local symbol' "$OUT/logs/build-fuzz-$target.log" >&2
        echo "harness $target failed to build" >&2
        exit 2
    fi
}

# The working corpus: the checked-in seeds plus whatever earlier runs found.
prepare_corpus() {
    local target="$1"
    mkdir -p "$OUT/corpus/$target" "$OUT/artifacts/$target"
    if [[ -d "$ROOT/Fuzz/corpus/$target" ]]; then
        cp -n "$ROOT/Fuzz/corpus/$target/"* "$OUT/corpus/$target/" 2> /dev/null || true
    fi
}

# Runs one target for $2 seconds; returns libFuzzer's exit status.
run_target() {
    local target="$1" seconds="$2"
    local status=0
    # SWIFT_BACKTRACE off: the Swift backtracer would hold a crashing run for a long time.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}" \
        "$OUT/bin/fuzz-$target" "$OUT/corpus/$target" \
        -max_total_time="$seconds" -timeout="$PER_INPUT_TIMEOUT" -rss_limit_mb="$RSS_LIMIT_MB" \
        -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target/" \
        > "$OUT/logs/run-$target.log" 2>&1 || status=$?
    return "$status"
}

# Prints executions, exec/s, coverage and crash files from a target's log; one line of numbers.
report_target() {
    local target="$1" status="$2" seconds="$3"
    local log="$OUT/logs/run-$target.log"
    local execs rate last cov ft corpus artifacts
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
    # libFuzzer's last status line: "#N DONE cov: C ft: F corp: UNITS/SIZE ...".
    last="$(grep -E '^#[0-9]+.* cov: ' "$log" | tail -1 || true)"
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<< "$last")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")"
    corpus="$(sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p' <<< "$last")"
    printf '%-9s %6ss  execs %-10s exec/s %-7s cov %-6s ft %-7s corpus %-12s exit %s\n' \
        "$target" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$status"
    artifacts="$(grep -oE "Test unit written to [^ ]+" "$log" | sed 's/Test unit written to //' || true)"
    if [[ -n "$artifacts" ]]; then
        echo "  found (log: $log):"
        grep -E '^(INVARIANT VIOLATED|==[0-9]+== ?ERROR|SUMMARY)|Fatal error' "$log" | head -5 | sed 's/^/    /'
        sed 's/^/    input: /' <<< "$artifacts"
    fi
}

main() {
    local seconds="${1:-60}"
    [[ "$seconds" =~ ^[0-9]+$ ]] || usage
    shift || true
    local targets=("$@")
    [[ ${#targets[@]} -gt 0 ]] || targets=("${ALL_TARGETS[@]}")
    local target
    for target in "${targets[@]}"; do
        harness_dir "$target" > /dev/null || { echo "unknown target: $target" >&2; usage; }
    done

    check_toolchain
    echo "building ${targets[*]} ($FUZZ_OPT, -sanitize=fuzzer,address) into $OUT"
    for target in "${targets[@]}"; do build_harness "$target"; done

    local failures=0 status reports=()
    for target in "${targets[@]}"; do
        prepare_corpus "$target"
        echo "fuzzing $target for ${seconds}s (log: $OUT/logs/run-$target.log)"
        status=0
        run_target "$target" "$seconds" || status=$?
        reports+=("$(report_target "$target" "$status" "$seconds")")
        [[ "$status" -eq 0 ]] || failures=$((failures + 1))
    done

    echo
    echo "results ($(date -u +%Y-%m-%dT%H:%MZ)):"
    printf '%s\n' "${reports[@]}"
    if [[ "$failures" -gt 0 ]]; then
        echo "$failures target(s) found a crash, hang or broken invariant: inputs are in $OUT/artifacts/" >&2
        exit 1
    fi
}

main "$@"
