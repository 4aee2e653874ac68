#!/usr/bin/env python3
"""Medians, ranges and ratios of a bench results.tsv, as Markdown.

usage: bench_summary.py RESULTS.tsv REPS SECONDS                   -> prints the summary
       bench_summary.py --write docs/PERFORMANCE.md SUMMARY.md NAME -> replaces section NAME

Rows: server, loader, shape, rep, req/s, p50 us, p99 us. Ratios compare bridge-server with
every other server under the same loader and shape, and our client (loaders named
`bridge-load...`) with every independent loader (tcpload, wrk, h2load, peer-grpc-load) on the
same server and shape.
"""
import os, platform, statistics, sys, time


def machine_line(what):
    """When and where a run happened, then what it was: the first line of every section."""
    cpu = "unknown"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} ({cpu}, {os.cpu_count()} CPUs), {what}"


def summarize(path, reps, seconds):
    rows, loaders = {}, []
    for line in open(path):
        server, loader, shape, _rep, rate, p50, p99 = line.rstrip("\n").split("\t")
        if loader not in loaders:
            loaders.append(loader)
        entry = rows.setdefault((server, loader, shape), {"rate": [], "p50": [], "p99": []})
        entry["rate"].append(float(rate))
        if p50 not in ("-", ""):
            entry["p50"].append(float(p50))
            entry["p99"].append(float(p99))
    med = lambda xs: statistics.median(xs) if xs else None
    out = [
        machine_line(f"{reps} interleaved repetitions of {seconds} s each; server on CPU 0, loader on CPU 1."),
        "",
        "| server | loader | connections x depth | req/s median | req/s range | p50 us | p99 us |",
        "| --- | --- | --- | ---: | --- | ---: | ---: |",
    ]
    for (server, loader, shape), e in sorted(rows.items(), key=lambda kv: (kv[0][2], -med(kv[1]["rate"]))):
        p50, p99 = med(e["p50"]), med(e["p99"])
        out.append(f"| {server} | {loader} | {shape} | {med(e['rate']):.0f} | {min(e['rate']):.0f}-{max(e['rate']):.0f} | "
                   f"{'' if p50 is None else f'{p50:.0f}'} | {'' if p99 is None else f'{p99:.0f}'} |")
    ours_loader = lambda loader: loader.startswith("bridge-load")
    out += ["", "Ratios of same-run medians:", ""]
    shapes = sorted({k[2] for k in rows})
    for shape in shapes:
        # Servers side by side under the same loader.
        for loader in loaders:
            ours = rows.get(("bridge-server", loader, shape))
            if not ours:
                continue
            ours_rate = med(ours["rate"])
            for (server, other_loader, s), e in sorted(rows.items()):
                if s == shape and other_loader == loader and server != "bridge-server":
                    if not med(e["rate"]):
                        out.append(f"- {shape}, loader {loader}: {server} served nothing (see the run's log)")
                        continue
                    out.append(f"- {shape}, loader {loader}: bridge-server / {server} = {ours_rate / med(e['rate']):.2f}x")
                    if ours["p50"] and e["p50"]:
                        out.append(f"  - latency p50 {med(ours['p50']):.0f} us vs {med(e['p50']):.0f} us, "
                                   f"p99 {med(ours['p99']):.0f} us vs {med(e['p99']):.0f} us")
        # Our client (`bridge load`) against each independent loader, on the same server.
        for (server, loader, s), e in sorted(rows.items()):
            if s != shape or not ours_loader(loader):
                continue
            for other in loaders:
                if not ours_loader(other) and (server, other, shape) in rows and med(rows[(server, other, shape)]["rate"]):
                    out.append(f"- {shape}: {loader} (our client) / {other}, both against {server} = "
                               f"{med(e['rate']) / med(rows[(server, other, shape)]['rate']):.2f}x")
    return "\n".join(out) + "\n"


def write(doc, summary_path, name):
    begin, end = f"<!-- bench-{name}:begin -->", f"<!-- bench-{name}:end -->"
    summary = open(summary_path).read()
    text = open(doc).read() if os.path.exists(doc) else ""
    block = f"{begin}\n{summary}{end}"
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text += "\n" + block + "\n"
    open(doc, "w").write(text)


if __name__ == "__main__":
    if sys.argv[1] == "--write":
        write(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.stdout.write(summarize(sys.argv[1], sys.argv[2], sys.argv[3]))
