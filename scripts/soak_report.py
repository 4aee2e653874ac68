#!/usr/bin/env python3
"""Summary table and verdict for scripts/soak.sh.

    soak_report.py WORKDIR

Reads what soak.sh left in WORKDIR (facts, samples, load-*.out/.rounds/.err, chaos.json,
webhooks.json), prints the tables and one PASS/FAIL line per criterion, and exits 0 when every
criterion passed, 1 otherwise. Standard library only.
"""

import glob
import json
import os
import re
import statistics
import sys

LINE = re.compile(r"transport=(\S+) mode=(\S+) concurrency=\d+ requests=(\d+) errors=(\d+) seconds=([\d.]+) req/s=")
P99 = re.compile(r"latency_ms p50=([\d.]+) p95=([\d.]+) p99=([\d.]+) max=([\d.]+)")
ERRORS = re.compile(r"^errors (\S+)=(\d+)$")
LOST = re.compile(r"^lost=(\d+) rejected_503=(\d+) rejected_429=(\d+)")


def read_facts(work):
    facts = {}
    with open(os.path.join(work, "facts")) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            facts[key] = value
    return facts


def load_json(path):
    try:
        with open(path) as f:
            text = f.read().strip()
        return json.loads(text.splitlines()[-1]) if text else None
    except (OSError, ValueError, IndexError):
        return None


def streams(work):
    rows = []
    for out in sorted(glob.glob(os.path.join(work, "load-*.out")) + glob.glob(os.path.join(work, "load-*.rounds"))):
        name = os.path.basename(out)[5:].rsplit(".", 1)[0]
        if any(r["name"] == name for r in rows):
            continue
        row = {"name": name, "transport": name.split("-")[0], "mode": name.split("-", 1)[1], "calls": 0, "errors": 0,
               "seconds": 0.0, "p99": 0.0, "max": 0.0, "rounds": 0, "failed_rounds": 0, "error_kinds": {},
               "lost": 0, "rejected": 0, "summaries": 0}
        base = os.path.join(work, f"load-{name}")
        try:
            with open(base + ".out") as f:
                for line in f:
                    line = line.strip()
                    if m := LINE.match(line):
                        row["calls"] += int(m.group(3))
                        row["errors"] += int(m.group(4))
                        row["seconds"] += float(m.group(5))
                        row["summaries"] += 1
                    elif m := P99.match(line):
                        row["p99"] = max(row["p99"], float(m.group(3)))
                        row["max"] = max(row["max"], float(m.group(4)))
                    elif m := ERRORS.match(line):
                        row["error_kinds"][m.group(1)] = row["error_kinds"].get(m.group(1), 0) + int(m.group(2))
                    elif m := LOST.match(line):
                        row["lost"] += int(m.group(1))
                        row["rejected"] += int(m.group(2)) + int(m.group(3))
        except OSError:
            pass
        try:
            with open(base + ".rounds") as f:
                for line in f:
                    row["rounds"] += 1
                    if not line.strip().endswith("rc=0"):
                        row["failed_rounds"] += 1
        except OSError:
            pass
        row["ok"] = row["calls"] - row["errors"]
        row["rate"] = row["ok"] / row["seconds"] if row["seconds"] else 0.0
        try:
            with open(base + ".err") as f:
                lines = [l.strip() for l in f if l.strip() and not re.match(r"^\d+/\d+ calls", l.strip())]
            row["stderr"] = lines[-3:]
        except OSError:
            row["stderr"] = []
        rows.append(row)
    order = {"tcp": 0, "http": 1, "grpc": 2}
    modes = {"sync": 0, "async": 1, "callback": 2, "webhook": 3, "stream": 4}
    return sorted(rows, key=lambda r: (order.get(r["transport"], 9), modes.get(r["mode"], 9)))


def samples(work):
    rows = []
    try:
        with open(os.path.join(work, "samples")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 4:
                    rows.append((float(parts[0]), int(parts[1]), int(parts[2]), int(parts[3])))
    except (OSError, ValueError):
        pass
    return rows


def level(rows, until, column, count=3):
    """Median of the last `count` samples taken at or before `until` (one sample is noisy)."""
    picked = [r[column] for r in rows if r[0] <= until][-count:]
    return statistics.median(picked) if picked else None


def main():
    work = sys.argv[1]
    facts = read_facts(work)
    duration = float(facts["duration"])
    warmup = float(facts["warmup"])
    tolerance = float(facts["tolerance"])
    load_end = float(facts.get("load_end", duration))
    checks = []

    def check(name, ok, detail):
        checks.append((name, ok, detail))

    # ---- load streams
    rows = streams(work)
    wanted = facts.get("streams", "").split()
    print()
    print(f"Load ({facts.get('concurrency')} in flight per stream, delay_ms {facts.get('delay_ms')}; "
          "req/s = answered calls per second of load)")
    header = f"{'transport':<9} {'mode':<9} {'rounds':>6} {'calls':>9} {'ok':>9} {'errors':>7} {'req/s':>8} {'worst p99 ms':>12}"
    print(header)
    print("-" * len(header))
    total_calls = total_ok = total_errors = 0
    for r in rows:
        print(f"{r['transport']:<9} {r['mode']:<9} {r['rounds']:>6} {r['calls']:>9} {r['ok']:>9} {r['errors']:>7} "
              f"{r['rate']:>8.0f} {r['p99']:>12.1f}")
        total_calls += r["calls"]; total_ok += r["ok"]; total_errors += r["errors"]
    print("-" * len(header))
    print(f"{'all':<9} {'':<9} {sum(r['rounds'] for r in rows):>6} {total_calls:>9} {total_ok:>9} {total_errors:>7} "
          f"{sum(r['rate'] for r in rows):>8.0f}")
    for r in rows:
        if r["error_kinds"] or r["failed_rounds"]:
            print(f"  {r['name']}: errors {r['error_kinds'] or '-'}, failed rounds {r['failed_rounds']}"
                  + (f", last stderr: {' | '.join(r['stderr'])[:300]}" if r["stderr"] else ""))
    missing = [r["name"] for r in rows if r["summaries"] < r["rounds"]]
    check("load: every call answered without error",
          total_errors == 0 and not any(r["failed_rounds"] for r in rows) and len(rows) == len(wanted) and total_calls > 0,
          f"{total_ok}/{total_calls} ok in {len(rows)} of {len(wanted)} streams, {sum(r['failed_rounds'] for r in rows)} failed rounds"
          + (f", rounds without a summary: {missing}" if missing else ""))
    hung = facts.get("hung", "").split()
    check("load: every client finished", not hung, "all finished" if not hung else f"still running at the hard stop: {hung}")

    # ---- chaos
    chaos = load_json(os.path.join(work, "chaos.json"))
    print()
    if chaos:
        print(f"Chaos (seed {chaos['seed']}, {chaos['seconds']} s)")
        header = f"{'action':<22} {'count':>7} {'ok':>7} {'unexpected':>10} {'conn failed':>11}"
        print(header)
        print("-" * len(header))
        totals = {"n": 0, "ok": 0, "unexpected": 0, "connect_failed": 0}
        for name, c in chaos["actions"].items():
            print(f"{name:<22} {c['n']:>7} {c['ok']:>7} {c['unexpected']:>10} {c['connect_failed']:>11}")
            for k in totals:
                totals[k] += c[k]
        print("-" * len(header))
        print(f"{'all':<22} {totals['n']:>7} {totals['ok']:>7} {totals['unexpected']:>10} {totals['connect_failed']:>11}")
        for sample in chaos.get("unexpected_samples", [])[:8]:
            print(f"  {sample['action']} {sample['outcome']}: {sample['detail']}")
        check("chaos: server accepted every connection", totals["connect_failed"] == 0,
              f"{totals['connect_failed']} refused or timed-out connects of {totals['n']}")
        check("chaos: well-formed requests after malformed ones answered", totals["unexpected"] == 0,
              f"{totals['unexpected']} unexpected outcomes of {totals['n']} actions")
    elif facts.get("chaos_workers") == "0":
        print("Chaos: not run (SOAK_CHAOS_WORKERS=0)")
        check("chaos: client ran", False, "SOAK_CHAOS_WORKERS=0: not the full soak")
    else:
        print("Chaos: no result (chaos.json missing or unreadable)")
        check("chaos: client reported", False, "no chaos.json")

    # ---- async / webhooks
    hooks = load_json(os.path.join(work, "webhooks.json"))
    webhook_rows = [r for r in rows if r["mode"] == "webhook"]
    print()
    print("Async requests (202 accepted, answered by signed webhook)")
    header = f"{'source':<32} {'accepted':>9} {'delivered':>9} {'lost':>6}  notes"
    print(header)
    print("-" * len(header))
    lost_total = 0
    for r in webhook_rows:
        accepted = r["calls"] - r["rejected"] - sum(v for k, v in r["error_kinds"].items() if k != "DEADLINE_EXCEEDED")
        print(f"{'bridge load --mode webhook':<32} {accepted:>9} {r['ok']:>9} {r['lost']:>6}  "
              f"rejected 503/429: {r['rejected']}; other errors {r['errors'] - r['lost'] - r['rejected']}")
        lost_total += r["lost"]
    if hooks:
        notes = (f"forced 500 then retried: {hooks['forced_500']}; duplicates (deduped by webhook-id): {hooks['duplicates']}; "
                 f"bad signatures: {hooks['bad_signature']}; rejected: {hooks['rejected'] or 0}; submit errors: {hooks['submit_errors']}")
        print(f"{'soak_webhooks.py (own receiver)':<32} {hooks['accepted']:>9} {hooks['delivered']:>9} {hooks['lost']:>6}  {notes}")
        for detail in hooks.get("lost_detail", []):
            print(f"  lost: {json.dumps(detail)[:300]}")
        lost_total += hooks["lost"]
    print(f"server request log at the end: failed {facts.get('log_failed', '?')}, queued {facts.get('log_queued', '?')}, "
          f"processing {facts.get('log_processing', '?')}"
          + (f" (not readable: {facts['log_check_error']})" if "log_check_error" in facts else ""))
    log_ok = facts.get("log_failed") == "0" and facts.get("log_queued") == "0" and facts.get("log_processing") == "0"
    hooks_ok = bool(hooks) and hooks["lost"] == 0 and hooks["bad_signature"] == 0 and hooks["webhook_id_mismatch"] == 0 \
        and hooks["accepted"] > 0
    check("async: every accepted request delivered", lost_total == 0 and hooks_ok and log_ok,
          f"lost {lost_total}; receiver {'ok' if hooks_ok else 'NOT ok: ' + json.dumps({k: hooks.get(k) for k in ('accepted', 'lost', 'bad_signature', 'webhook_id_mismatch')} if hooks else None)}; "
          f"server log {'clean' if log_ok else 'NOT clean'}")

    # ---- memory
    # The warm-up level is the highest RSS of the warm-up window: the working set the load and
    # the chaos mix need, transient peaks included (malloc keeps freed memory, so a peak
    # reached after warm-up by chance would otherwise read as growth). The end level is the
    # median of the last 3 samples of the load phase. A leak shows as steady growth past the
    # warm-up peak; the slope line tells growth from noise.
    s = samples(work)
    print()
    warm = [r for r in s if r[0] <= warmup]
    rss_warm = max((r[1] for r in warm), default=None)
    rss_at_warm = level(s, warmup, 1)
    rss_final = level(s, load_end, 1)
    rss_after = s[-1][1] if s else None
    rss_max = max((r[1] for r in s), default=None)
    fd_warm, fd_final = level(s, warmup, 2), level(s, load_end, 2)
    fd_max = max((r[2] for r in s), default=None)
    th_warm, th_final = level(s, warmup, 3), level(s, load_end, 3)
    mib = lambda kb: f"{kb / 1024:.1f} MiB" if kb is not None else "?"
    print(f"Server resources ({len(s)} samples of /proc/PID; warm-up = first {warmup:.0f} s)")
    header = (f"{'':<9} {'warm-up peak':>12} {'end of warm-up':>14} {'end of load':>12} {'after load':>11} {'max':>11}"
              f" {'end/warm-up':>11}")
    print(header)
    print("-" * len(header))
    ratio = rss_final / rss_warm if rss_warm and rss_final else None
    print(f"{'RSS':<9} {mib(rss_warm):>12} {mib(rss_at_warm):>14} {mib(rss_final):>12} {mib(rss_after):>11} {mib(rss_max):>11} "
          f"{'?' if ratio is None else f'{ratio:.3f}':>11}")
    q = lambda v: "?" if v is None else str(int(v))
    print(f"{'open fds':<9} {q(max((r[2] for r in warm), default=None)):>12} {q(fd_warm):>14} {q(fd_final):>12} "
          f"{q(s[-1][2] if s else None):>11} {q(fd_max):>11}")
    print(f"{'threads':<9} {q(max((r[3] for r in warm), default=None)):>12} {q(th_warm):>14} {q(th_final):>12} "
          f"{q(s[-1][3] if s else None):>11} {q(max((r[3] for r in s), default=None)):>11}")
    after_warm = [(r[0], r[1]) for r in s if warmup <= r[0] <= load_end]
    if len(after_warm) >= 3:
        n = len(after_warm)
        mt = sum(t for t, _ in after_warm) / n
        mr = sum(v for _, v in after_warm) / n
        var = sum((t - mt) ** 2 for t, _ in after_warm)
        slope = sum((t - mt) * (v - mr) for t, v in after_warm) / var if var else 0.0
        print(f"RSS trend after warm-up (least squares over {n} samples; informative over minutes, noisy in a 60 s run): "
              f"{slope * 60 / 1024:+.2f} MiB/min")
    check(f"memory: RSS at the end <= {tolerance} x warm-up level", ratio is not None and ratio <= tolerance,
          f"warm-up peak {mib(rss_warm)} -> end {mib(rss_final)} (x{ratio:.3f}), max {mib(rss_max)}" if ratio else "no samples")

    # ---- process
    alive = facts.get("alive") == "1"
    finals = {t: facts.get(f"final_call_{t}", "?") for t in ("tcp", "http", "grpc")}
    check("server: no crash, answers every transport at the end",
          alive and all(v == "ok" for v in finals.values()),
          f"alive={'yes' if alive else 'NO'}, final calls " + ", ".join(f"{t} {v}" for t, v in finals.items()))
    check("server: SIGTERM exits 0", facts.get("exit_status") == "0", f"exit status {facts.get('exit_status')}")
    try:
        with open(os.path.join(work, "server.err")) as f:
            err = f.read().strip().splitlines()
    except OSError:
        err = []
    if err:
        print(f"\nbridge-server stderr ({len(err)} lines), last ones:")
        for line in err[-5:]:
            print("  " + line[:300])

    if facts.get("all_streams") != "1":
        check("load: all eleven streams ran", False, f"SOAK_STREAMS narrowed it to {' '.join(wanted)}: not the full soak")

    # ---- verdict
    print()
    print("Verdict")
    for name, ok, detail in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}: {detail}")
    failed = [c for c in checks if not c[1]]
    print(f"\nSOAK {'PASSED' if not failed else 'FAILED'} ({duration:.0f} s, seed {facts.get('seed')})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
