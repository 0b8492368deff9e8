#!/usr/bin/env python3
"""Turn the CPU samples of a JFR recording into collapsed stacks and a small SVG flame graph.

Usage: jfr-flame.py RECORDING.jfr OUT_PREFIX TITLE [--min-percent 0.5] [--jfr /usr/bin/jfr]

Writes OUT_PREFIX.collapsed (one line per distinct stack: "thread;outer;...;inner COUNT") and OUT_PREFIX.svg, and
prints the top frames (self time) and threads on standard output. Only jdk.ExecutionSample is read: those are
threads running Java code when sampled. A thread parked, or inside a system call reached through a native method,
is not in them, so the graph shows where Java CPU goes, and the kernel's share (system time) is measured apart.
The thread's name is the root frame, so the agent's work and the media driver's can be told apart.
"""

import argparse
import html
import json
import subprocess
import sys
import zlib
from collections import Counter

FRAME_HEIGHT = 16
WIDTH = 1200
FONT_SIZE = 11
CHAR_WIDTH = 6.2  # an estimate for an 11 px sans-serif font, to decide how much of a name fits in a frame


def read_samples(recording, jfr_tool):
    """Return a Counter of stacks (tuples, root first) from the recording's jdk.ExecutionSample events."""
    # jfr print keeps 5 frames of each stack unless told otherwise; 64 is the depth JFR records by default
    printed = subprocess.run([jfr_tool, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                              recording],
                             check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]
    stacks = Counter()
    for event in events:
        values = event["values"]
        thread = values.get("sampledThread") or {}
        thread_name = thread.get("javaName") or thread.get("osName") or "?"
        if thread_name.startswith("/"):
            # Aeron names a driver agent's thread after its directory, which changes with every run
            thread_name = "media driver " + thread_name.rsplit(" ", 1)[-1]
        trace = values.get("stackTrace") or {}
        frames = []
        for frame in reversed(trace.get("frames") or []):
            method = frame.get("method") or {}
            owner = ((method.get("type") or {}).get("name") or "?").replace("/", ".")
            frames.append(short_class(owner) + "." + (method.get("name") or "?"))
        if trace.get("truncated"):
            frames.insert(0, "[deeper than the recorded stack]")
        stacks[tuple([thread_name] + frames)] += 1
    return stacks


def read_allocations(recording, jfr_tool):
    """{(allocated class, first Hedge or else innermost frame): sampled bytes} from jdk.ObjectAllocationSample."""
    printed = subprocess.run([jfr_tool, "print", "--json", "--stack-depth", "64", "--events",
                              "jdk.ObjectAllocationSample", recording], check=True, capture_output=True,
                             text=True).stdout
    sites = Counter()
    for event in json.loads(printed)["recording"]["events"]:
        values = event["values"]
        allocated = short_class(((values.get("objectClass") or {}).get("name") or "?").replace("/", "."))
        names = []
        for frame in (values.get("stackTrace") or {}).get("frames") or []:
            method = frame.get("method") or {}
            owner = ((method.get("type") or {}).get("name") or "?").replace("/", ".")
            names.append(short_class(owner) + "." + (method.get("name") or "?"))
        # the innermost frame outside the JDK says who asked for the memory; the JDK's frames say only how
        site = next((n for n in names if not n.startswith(("j.", "s.", "c.s."))), names[0] if names else "?")
        sites[(allocated, site)] += int(values.get("weight") or 0)
    return sites


def short_class(name):
    """io.hedge.gateway.GatewayAgent -> i.h.g.GatewayAgent: the package initials keep the frame names short."""
    parts = name.split(".")
    return ".".join([p[:1] for p in parts[:-1]] + parts[-1:])


def build_tree(stacks):
    root = {"name": "all", "count": 0, "children": {}}
    for stack, count in stacks.items():
        root["count"] += count
        node = root
        for name in stack:
            child = node["children"].get(name)
            if child is None:
                child = {"name": name, "count": 0, "children": {}}
                node["children"][name] = child
            child["count"] += count
            node = child
    return root


def colour(name, depth):
    if depth == 1:
        return "rgb(180,180,200)"
    lowered = name.lower()
    h = zlib.crc32(name.encode())
    if ".aeron." in lowered or name.startswith("i.a."):
        base = (90, 150, 220)  # Aeron and its driver: blue
    elif name.startswith("i.h."):
        base = (230, 120, 50)  # Hedge: orange
    elif name.startswith("n.o.") or "chronicle" in lowered:
        base = (120, 190, 90)  # Chronicle: green
    elif name.startswith("o.a."):
        base = (170, 130, 210)  # Agrona: purple
    else:
        base = (210, 190, 90)  # the JDK and the rest: yellow
    jitter = [(h >> s) % 30 - 15 for s in (0, 8, 16)]
    return "rgb(%d,%d,%d)" % tuple(max(0, min(255, b + j)) for b, j in zip(base, jitter))


def render(root, title, subtitle, min_percent):
    total = root["count"]
    min_count = total * min_percent / 100.0
    rects = []
    max_depth = 0

    def walk(node, x, depth):
        nonlocal max_depth
        max_depth = max(max_depth, depth)
        rects.append((node, x, depth))
        child_x = x
        for child in sorted(node["children"].values(), key=lambda c: c["name"]):
            if child["count"] >= min_count:
                walk(child, child_x, depth + 1)
            child_x += child["count"]

    walk(root, 0, 0)
    top = 44
    height = top + (max_depth + 1) * FRAME_HEIGHT + 8
    scale = (WIDTH - 20) / max(1, total)
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
           'font-size="%d">' % (WIDTH, height, FONT_SIZE),
           '<rect width="100%" height="100%" fill="#fafafa"/>',
           '<text x="10" y="18" font-size="14">%s</text>' % html.escape(title),
           '<text x="10" y="34" fill="#555">%s</text>' % html.escape(subtitle)]
    for node, x, depth in rects:
        w = node["count"] * scale
        px = 10 + x * scale
        # flame graph: the root at the bottom, callees above their callers
        py = height - 8 - (depth + 1) * FRAME_HEIGHT
        share = 100.0 * node["count"] / max(1, total)
        label = "%s (%d samples, %.1f %%)" % (node["name"], node["count"], share)
        out.append('<g><title>%s</title><rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" rx="1"/>' %
                   (html.escape(label), px, py, max(w - 0.4, 0.1), FRAME_HEIGHT - 1, colour(node["name"], depth)))
        fits = int((w - 4) / CHAR_WIDTH)
        if fits >= 4:
            text = node["name"] if len(node["name"]) <= fits else node["name"][:fits - 2] + ".."
            out.append('<text x="%.1f" y="%d">%s</text>' % (px + 2, py + FRAME_HEIGHT - 4, html.escape(text)))
        out.append('</g>')
    out.append('</svg>')
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording")
    parser.add_argument("out_prefix")
    parser.add_argument("title")
    parser.add_argument("--min-percent", type=float, default=0.5,
                        help="leave out frames with fewer samples than this share of all (default 0.5)")
    parser.add_argument("--jfr", default="jfr", help="the JDK's jfr tool (default: jfr on the PATH)")
    parser.add_argument("--top", type=int, default=8, help="how many self-time frames to print (default 8)")
    args = parser.parse_args()
    if not 0 <= args.min_percent < 100:
        parser.error("--min-percent must be in [0, 100), got %s" % args.min_percent)

    stacks = read_samples(args.recording, args.jfr)
    total = sum(stacks.values())
    if total == 0:
        print("%s: no jdk.ExecutionSample events; is the recording's settings file enabling them?" % args.recording,
              file=sys.stderr)
        return 1
    with open(args.out_prefix + ".collapsed", "w") as collapsed:
        for stack, count in sorted(stacks.items()):
            collapsed.write("%s %d\n" % (";".join(stack), count))
    threads = Counter()
    self_frames = Counter()
    for stack, count in stacks.items():
        threads[stack[0]] += count
        self_frames[stack[-1] if len(stack) > 1 else "(no Java frames)"] += count
    subtitle = "%d CPU samples (jdk.ExecutionSample); frames under %.1f %% left out; threads: %s" % (
        total, args.min_percent,
        ", ".join("%s %.0f %%" % (t, 100.0 * c / total) for t, c in threads.most_common(4)))
    with open(args.out_prefix + ".svg", "w") as svg:
        svg.write(render(build_tree(stacks), args.title, subtitle, args.min_percent))
    print("%s: %d samples" % (args.title, total))
    for name, count in threads.most_common(4):
        print("  thread %5.1f %%  %s" % (100.0 * count / total, name))
    for name, count in self_frames.most_common(args.top):
        print("  self   %5.1f %%  %s" % (100.0 * count / total, name))
    allocations = read_allocations(args.recording, args.jfr)
    allocated = sum(allocations.values())
    print("  allocation samples: %.1f MB sampled in the recording (JFR's estimate)" % (allocated / 1e6))
    for (cls, site), weight in allocations.most_common(3):
        print("  alloc  %5.1f %%  %s in %s" % (100.0 * weight / max(1, allocated), cls, site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
