#!/usr/bin/env python3
"""Markdown tables for the sections of scripts/bench.sh that are not req/s-by-loader runs.

usage: bench_tables.py codec RESULTS.tsv REPS
       bench_tables.py memory RESULTS.tsv REPS
       bench_tables.py scaling RESULTS.tsv REPS SECONDS [CHART.svg]   (also writes the chart)
       bench_tables.py callgrind RESULTS.tsv SHORT LONG
"""
import os, statistics, sys

from bench_chart import describe, write_scaling_svg
from bench_summary import machine_line


def rows(path):
    return [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]


def med(xs):
    return statistics.median(xs)


def codec(path, reps):
    runs = {}
    for name, _rep, ns in rows(path):
        runs.setdefault(name, []).append(float(ns))
    out = [machine_line(f"{reps} interleaved repetitions, each the best of 5 rounds of 100,000 operations; both on CPU 1."), "",
           "| codec | operation | ns/op median | range |", "| --- | --- | ---: | --- |"]
    for name, xs in runs.items():
        codec_name, op = name.rsplit(" ", 2)[0], " ".join(name.rsplit(" ", 2)[1:])
        out.append(f"| {codec_name} | {op} | {med(xs):.0f} | {min(xs):.0f}-{max(xs):.0f} |")
    out += ["", "Speed-ups of same-run medians (their ns/op divided by ours; issue 5 asks for 3x swift-protobuf and 5x Codable):", ""]
    for form, theirs in (("binary", ["swift-protobuf binary"]), ("json", ["swift-protobuf json", "foundation codable json"])):
        for op in ("encode", "decode"):
            ours = runs.get(f"ipcbridge {form} {op}")
            for other in theirs:
                them = runs.get(f"{other} {op}")
                if ours and them:
                    out.append(f"- {form} {op}: ours / {other} = {med(them) / med(ours):.2f}x faster")
    return "\n".join(out) + "\n"


def memory(path, reps):
    runs = {}
    for server, transport, n, _rep, before, after, fds in rows(path):
        runs.setdefault((server, transport, int(n)), []).append((int(before), int(after), int(fds)))
    out = [machine_line(f"{reps} repetitions, a fresh server each time; server on CPU 0."), "",
           "| server | transport | idle connections | RSS before KiB | RSS with them open KiB | KB per connection (median) | range | descriptors held |",
           "| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for (server, transport, n), xs in sorted(runs.items(), key=lambda kv: (kv[0][2], kv[0][1], kv[0][0] != "bridge-server", kv[0][0])):
        per = [(a - b) * 1.024 / n for b, a, _ in xs]
        out.append(f"| {server} | {transport} | {n} | {med([b for b, _, _ in xs]):.0f} | {med([a for _, a, _ in xs]):.0f} | "
                   f"{med(per):.1f} | {min(per):.1f}-{max(per):.1f} | {med([f for _, _, f in xs]):.0f} |")
    return "\n".join(out) + "\n"


def scaling_medians(path):
    """{(transport, loops, connections): (median req/s, median RSS KiB)} over the repetitions."""
    runs = {}
    for transport, loops, n, _rep, rate, rss in rows(path):
        runs.setdefault((transport, int(loops), int(n)), []).append((float(rate), int(rss)))
    return {k: (med([r for r, _ in xs]), med([m for _, m in xs])) for k, xs in runs.items()}


def scaling(path, reps, seconds, svg=None):
    """The table; with svg, also writes the chart there (bench_chart.py) and ends the table with
    a line embedding it (by file name: the chart sits next to docs/PERFORMANCE.md)."""
    medians = scaling_medians(path)
    out = [machine_line(f"{reps} repetitions of {seconds} s per cell; 1 loop: server on CPU 0; 2 loops: server on CPUs 0-1, "
                        "loader on CPU 1 (it shares a core with the second loop)."), "",
           "| transport | loader | connections | req/s, 1 loop | req/s, 2 loops | RSS MiB, 1 loop | RSS MiB, 2 loops |",
           "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    loader = {"tcp": "tcpload", "http": "wrk", "grpc": "h2load -m1"}
    for transport in ("tcp", "http", "grpc"):
        for n in sorted({k[2] for k in medians if k[0] == transport}):
            one, two = medians.get((transport, 1, n)), medians.get((transport, 2, n))
            cell = lambda m, i, f: f(m[i]) if m else ""
            out.append(f"| {transport} | {loader[transport]} | {n} | {cell(one, 0, lambda v: f'{v:.0f}')} | {cell(two, 0, lambda v: f'{v:.0f}')} | "
                       f"{cell(one, 1, lambda v: f'{v / 1024:.1f}')} | {cell(two, 1, lambda v: f'{v / 1024:.1f}')} |")
    if svg:
        write_scaling_svg(medians, svg, f"median of {reps} repetitions of {seconds} s per cell, one request in flight per connection; "
                                        "1 loop solid, 2 loops dashed")
        out += ["", f"![{describe(medians)}]({os.path.basename(svg)})"]
    return "\n".join(out) + "\n"


def callgrind(path, short, long):
    out = [machine_line(f"valgrind (callgrind: user-space instructions; DHAT: heap blocks allocated): "
                        f"(total over {long} requests - total over {short}) / {int(long) - int(short)}; "
                        "servers under valgrind answer `bridge load --mode sync --concurrency 1`, one event loop; "
                        "the client rows are `bridge load --concurrency 1` under valgrind against bridge-server."), "",
           "| measured | transport | instructions per request | heap allocations per request |", "| --- | --- | ---: | ---: |"]
    for server, transport, _rep, ir, allocs in rows(path):
        cell = lambda v, f: "n/a (valgrind failed)" if v in ("-", "") else f(float(v))
        out.append(f"| {server} | {transport} | {cell(ir, lambda v: f'{v:,.0f}')} | {cell(allocs, lambda v: f'{v:.1f}')} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    kind, args = sys.argv[1], sys.argv[2:]
    sys.stdout.write({"codec": codec, "memory": memory, "scaling": scaling, "callgrind": callgrind}[kind](*args))
