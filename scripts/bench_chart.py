"""The scaling section's chart: req/s and RSS against connections, as a self-contained SVG.

Hand-written SVG (no scripts, no fonts or links to fetch) so docs/PERFORMANCE.md can embed it
and any Markdown viewer draws it. Two panels side by side, x axis logarithmic, one line per
transport and event-loop count; every number on it comes from the medians it is given.
scripts/bench_tables.py (`scaling RESULTS.tsv REPS SECONDS CHART.svg`) calls write_scaling_svg.
"""
import math
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 900, 470
PLOT_TOP, PLOT_BOTTOM = 90, 350          # y of the panels' top and bottom edges
PANELS_X = ((75, 430), (525, 880))       # x of each panel's left and right edges
PAD = 14                                 # gap between the y axis (or right edge) and the first (last) point
COLOURS = {"tcp": "#0072B2", "http": "#D55E00", "grpc": "#009E73"}   # Okabe-Ito: colour-blind safe
SPARE_COLOURS = ("#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = ("", "7 4", "2 3", "9 3 2 3")   # 1 loop solid, 2 loops dashed, then others


def describe(medians):
    """'req/s and RSS from 1 to 10,000 connections, 1 and 2 loops', from the data."""
    ns, loops = sorted({n for _, _, n in medians}), sorted({l for _, l, _ in medians})
    span = f"from {ns[0]:,} to {ns[-1]:,}" if len(ns) > 1 else f"at {ns[0]:,}"
    return f"req/s and RSS {span} connections, {' and '.join(map(str, loops))} loop{'s' * (loops != [1])}"


def series(medians):
    """[(transport, loops, [(connections, req/s, RSS MiB), ...])], tcp/http/grpc first."""
    order = list(COLOURS) + sorted({t for t, _, _ in medians} - set(COLOURS))
    keys = sorted({(t, l) for t, l, _ in medians}, key=lambda k: (order.index(k[0]), k[1]))
    return [(t, l, [(n, rate, rss / 1024) for (tt, ll, n), (rate, rss) in sorted(medians.items()) if (tt, ll) == (t, l)])
            for t, l in keys]


def colour(transport, transports):
    """The transport's fixed colour, or a spare one for a transport this chart does not know."""
    if transport in COLOURS:
        return COLOURS[transport]
    spares = [t for t in transports if t not in COLOURS]
    return SPARE_COLOURS[spares.index(transport) % len(SPARE_COLOURS)]


def style(transport, loops, transports):
    """Stroke attributes of one line: colour by transport, dashes by loop count."""
    dash = DASHES[(loops - 1) % len(DASHES)]
    return f'stroke="{colour(transport, transports)}"' + (f' stroke-dasharray="{dash}"' if dash else "")


def log_scale(ns, left, right):
    """(x(n), decade ticks) for a log axis spanning whole decades around the data."""
    lo = 10 ** math.floor(math.log10(min(ns)))
    hi = max(10 ** math.ceil(math.log10(max(ns))), lo * 10)
    span = math.log10(hi) - math.log10(lo)
    x = lambda n: left + PAD + (math.log10(n) - math.log10(lo)) / span * (right - left - 2 * PAD)
    ticks = [10 ** e for e in range(round(math.log10(lo)), round(math.log10(hi)) + 1)]
    return x, ticks


def nice_ticks(top):
    """0, step, 2 step, ... up to at least top, with step 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0, 1]
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def tick_label(v, step):
    """20000 -> '20k' when the ticks are whole thousands, else the value itself ('2.5')."""
    if step >= 1000 and v:
        return f"{v / 1000:g}k"
    return f"{v:g}"


def text(x, y, s, anchor="middle", size=12, extra=""):
    """An SVG text element (escaped)."""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{extra}>{escape(s)}</text>'


def panel(title, unit, left, right, lines, transports):
    """One panel: frame, grid, ticks, axis titles, then one polyline with markers per series.

    lines: [(transport, loops, [(connections, value), ...])]."""
    ns = [n for _, _, pts in lines for n, _ in pts]
    x, xticks = log_scale(ns, left, right)
    yticks = nice_ticks(max(v for _, _, pts in lines for _, v in pts))
    y = lambda v: PLOT_BOTTOM - v / yticks[-1] * (PLOT_BOTTOM - PLOT_TOP)
    out = [text((left + right) / 2, PLOT_TOP - 12, title, size=14, extra=' font-weight="bold"')]
    for v in yticks:
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{right}" y2="{y(v):.1f}" stroke="#e4e4e4"/>')
        out.append(text(left - 6, y(v) + 4, tick_label(v, yticks[1]), anchor="end", size=11))
    for n in xticks:
        out.append(f'<line x1="{x(n):.1f}" y1="{PLOT_TOP}" x2="{x(n):.1f}" y2="{PLOT_BOTTOM}" stroke="#f0f0f0"/>')
        out.append(f'<line x1="{x(n):.1f}" y1="{PLOT_BOTTOM}" x2="{x(n):.1f}" y2="{PLOT_BOTTOM + 5}" stroke="#444"/>')
        out.append(text(x(n), PLOT_BOTTOM + 18, f"{n:,}", size=11))
    out.append(f'<path d="M{left},{PLOT_TOP} V{PLOT_BOTTOM} H{right}" fill="none" stroke="#444"/>')
    out.append(text((left + right) / 2, PLOT_BOTTOM + 38, "connections (log scale)"))
    out.append(text(left - 52, (PLOT_TOP + PLOT_BOTTOM) / 2, unit, extra=
                    f' transform="rotate(-90 {left - 52} {(PLOT_TOP + PLOT_BOTTOM) / 2:.1f})"'))
    for transport, loops, pts in lines:
        coords = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in pts)
        out.append(f'<polyline points="{coords}" fill="none" stroke-width="2" {style(transport, loops, transports)}/>')
        for n, v in pts:
            out.append(marker(x(n), y(v), transport, loops, transports,
                              f"{transport}, {loops} loop{'s' * (loops != 1)}, {n:,} connections: {v:,.1f} {unit}"))
    return out


def marker(cx, cy, transport, loops, transports, tip):
    """A point: filled for 1 loop, hollow otherwise (so overlapping lines stay apart); tip shows on hover."""
    c = colour(transport, transports)
    fill = c if loops == 1 else "#fff"
    return (f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{fill}" stroke="{c}" stroke-width="1.5">'
            f"<title>{escape(tip)}</title></circle>")


def legend(keys, transports):
    """One entry per transport and loop count, a row per loop count, under the panels."""
    loops_seen = sorted({l for _, l in keys})
    out = []
    for t, l in keys:
        cx = 190 + transports.index(t) * 220
        cy = PLOT_BOTTOM + 70 + loops_seen.index(l) * 22
        out.append(f'<line x1="{cx - 34}" y1="{cy}" x2="{cx - 6}" y2="{cy}" stroke-width="2" {style(t, l, transports)}/>')
        out.append(marker(cx - 20, cy, t, l, transports, f"{t}, {l} loop{'s' * (l != 1)}"))
        out.append(text(cx, cy + 4, f"{t}, {l} event loop{'s' * (l != 1)}", anchor="start"))
    return out


def scaling_svg(medians, subtitle):
    """The chart as a string. medians: {(transport, loops, connections): (req/s, RSS KiB)}."""
    lines = series(medians)
    transports = list(dict.fromkeys(t for t, _, _ in lines))
    body = [text(WIDTH / 2, 26, "How cost grows: " + describe(medians), size=16, extra=' font-weight="bold"'),
            text(WIDTH / 2, 46, subtitle, size=12, extra=' fill="#555"')]
    for (title, unit, pick), (left, right) in zip(
            (("Throughput (median)", "req/s", lambda p: p[1]), ("Server memory (median)", "RSS MiB", lambda p: p[2])), PANELS_X):
        body += panel(title, unit, left, right, [(t, l, [(p[0], pick(p)) for p in pts]) for t, l, pts in lines], transports)
    body += legend([(t, l) for t, l, _ in lines], transports)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'font-family="sans-serif" fill="#222">\n<title>{escape(describe(medians))}</title>\n'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>\n' + "\n".join(body) + "\n</svg>\n")


def write_scaling_svg(medians, path, subtitle):
    """Writes scaling_svg(medians, subtitle) to path."""
    with open(path, "w") as f:
        f.write(scaling_svg(medians, subtitle))
