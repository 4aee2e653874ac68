#!/usr/bin/env python3
"""Medians, ranges and ratios of a bench-tcp.sh results.tsv, as Markdown.

usage: bench_summary.py RESULTS.tsv REPS SECONDS          -> prints the summary
       bench_summary.py --write docs/PERFORMANCE.md SUMMARY.md  -> replaces the TCP section
"""
import os, platform, statistics, subprocess, sys, time

BEGIN, END = "<!-- bench-tcp:begin -->", "<!-- bench-tcp:end -->"


def summarize(path, reps, seconds):
    rows = {}
    for line in open(path):
        server, loader, shape, _rep, rate, p50, p99 = line.rstrip("\n").split("\t")
        entry = rows.setdefault((server, loader, shape), {"rate": [], "p50": [], "p99": []})
        entry["rate"].append(float(rate))
        if p50 not in ("-", ""):
            entry["p50"].append(float(p50))
            entry["p99"].append(float(p99))
    med = lambda xs: statistics.median(xs) if xs else None
    cpu = "unknown"
    try:
        for l in open("/proc/cpuinfo"):
            if l.startswith("model name"):
                cpu = l.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    out = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} ({cpu}, {os.cpu_count()} CPUs), "
        f"{reps} interleaved repetitions of {seconds} s each; server on CPU 0, loader on CPU 1.",
        "",
        "| server | loader | connections x depth | req/s median | req/s range | p50 us | p99 us |",
        "| --- | --- | --- | ---: | --- | ---: | ---: |",
    ]
    for (server, loader, shape), e in sorted(rows.items(), key=lambda kv: (kv[0][2], -med(kv[1]["rate"]))):
        p50 = med(e["p50"]); p99 = med(e["p99"])
        out.append(f"| {server} | {loader} | {shape} | {med(e['rate']):.0f} | {min(e['rate']):.0f}-{max(e['rate']):.0f} | "
                   f"{'' if p50 is None else f'{p50:.0f}'} | {'' if p99 is None else f'{p99:.0f}'} |")
    out += ["", "Ratios of same-run medians (tcpload unless named):", ""]
    def m(server, shape, loader="tcpload"):
        e = rows.get((server, loader, shape))
        return med(e["rate"]) if e else None
    for shape in ("64x1", "4x64"):
        ours, peer, peerpb, echo = m("bridge-server", shape), m("peer-tcp", shape), m("peer-tcp-protobuf", shape), m("tcpecho", shape)
        client = m("bridge-server", shape, "bridge-load")
        if ours and peer:
            out.append(f"- {shape}: bridge-server / peer-tcp = {ours / peer:.2f}x")
        if ours and peerpb:
            out.append(f"- {shape}: bridge-server / peer-tcp --json protobuf = {ours / peerpb:.2f}x")
        if ours and echo:
            out.append(f"- {shape}: bridge-server / tcpecho (C ceiling) = {ours / echo:.2f}x")
        if ours and client:
            out.append(f"- {shape}: `bridge load` (TCPBridge, one connection) / tcpload against bridge-server = {client / ours:.2f}x")
    return "\n".join(out) + "\n"


def write(doc, summary_path):
    summary = open(summary_path).read()
    text = open(doc).read() if os.path.exists(doc) else ""
    block = f"{BEGIN}\n{summary}{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text += "\n" + block + "\n"
    open(doc, "w").write(text)


if __name__ == "__main__":
    if sys.argv[1] == "--write":
        write(sys.argv[2], sys.argv[3])
    else:
        sys.stdout.write(summarize(sys.argv[1], sys.argv[2], sys.argv[3]))
