#!/usr/bin/env python3
"""Draws latency percentile spectra as an SVG, from HdrHistogram percentile distributions (.hgrm files, as
HistogramLogProcessor writes them from the interval logs of `hedge bench compare`). Standard library only.

usage: plot-spectrum.py OUT.svg "TITLE" LABEL=FILE.hgrm [LABEL=FILE.hgrm ...] [--panel "TITLE" LABEL=FILE ...]
"""
import math
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
W, H, L, R, T, B = 460, 300, 60, 15, 30, 45


def read(path):
    points = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 4 and not line.startswith("#"):
                try:
                    value, pct = float(parts[0]), float(parts[1])
                except ValueError:
                    continue
                if pct < 1.0:
                    points.append((1.0 / (1.0 - pct), value))
    return points


def panel(x0, title, series):
    out = []
    xmax = 1e5
    ys = [v for _, pts in series for _, v in pts]
    ymin, ymax = max(min(ys), 0.01), max(ys) * 1.2
    lo, hi = math.floor(math.log10(ymin)), math.ceil(math.log10(ymax))

    def px(x):
        return x0 + L + (W - L - R) * math.log10(max(x, 1)) / math.log10(xmax)

    def py(y):
        return T + (H - T - B) * (1 - (math.log10(max(y, ymin)) - lo) / (hi - lo))

    out.append(f'<text x="{x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">{title}</text>')
    out.append(f'<rect x="{x0 + L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#999"/>')
    for e in range(lo, hi + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{x0 + L}" x2="{x0 + W - R}" y1="{y}" y2="{y}" stroke="#eee"/>')
        out.append(f'<text x="{x0 + L - 5}" y="{y + 4}" text-anchor="end">{10 ** e:g}</text>')
    for label, x in (("50%", 2), ("90%", 10), ("99%", 100), ("99.9%", 1e3), ("99.99%", 1e4)):
        out.append(f'<line x1="{px(x)}" x2="{px(x)}" y1="{T}" y2="{H - B}" stroke="#eee"/>')
        out.append(f'<text x="{px(x)}" y="{H - B + 15}" text-anchor="middle">{label}</text>')
    out.append(f'<text x="{x0 + W / 2}" y="{H - 8}" text-anchor="middle">percentile</text>')
    out.append(f'<text x="{x0 + 14}" y="{(T + H - B) / 2}" transform="rotate(-90 {x0 + 14} {(T + H - B) / 2})" '
               f'text-anchor="middle">ms</text>')
    for i, (label, pts) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{px(x):.1f},{py(v):.1f}" for x, v in pts if x <= xmax)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{x0 + L + 8}" y="{T + 16 + 15 * i}" fill="{colour}">{label}</text>')
    return out


def main(argv):
    target, panels, current = argv[0], [], None
    args = argv[1:]
    i = 0
    while i < len(args):
        if args[i] == "--panel" or current is None:
            if args[i] == "--panel":
                i += 1
            current = (args[i], [])
            panels.append(current)
        else:
            label, path = args[i].split("=", 1)
            current[1].append((label, read(path)))
        i += 1
    body = []
    for n, (title, series) in enumerate(panels):
        body += panel(n * W, title, series)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W * len(panels)}" height="{H}" '
           f'font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="white"/>'
           + "".join(body) + "</svg>\n")
    with open(target, "w") as f:
        f.write(svg)


if __name__ == "__main__":
    main(sys.argv[1:])
