#!/usr/bin/env python3
"""The measuring and arithmetic half of scripts/profile.sh.

  profile-report.py aeron-root WORK_DIR          the /dev/shm root Hedge's embedded drivers use for WORK_DIR
  profile-report.py free-ports N                 the first of N consecutive free UDP ports on this host
  profile-report.py snap DIR ANSWERED ROLE=PID.. CPU ticks of each process and thread, loopback packets, clock
  profile-report.py counters FILE ROLE=DIR..   every counter of each role's media driver, into FILE
  profile-report.py kept-up LOAD_LOG RATE        did a sweep step keep up? (exit 1 if not), one line on stdout
  profile-report.py report WORK OUT RATE SAT     the tables, as Markdown, on stdout
"""

import csv
import glob
import json
import os
import random
import re
import socket
import statistics
import struct
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")
PROGRESS = re.compile(r"^ +(warm-up|measure) +(\d+) s: sent ([\d,]+) answered ([\d,]+) +p50 ([\d.]+) ms +"
                      r"p99 ([\d.]+) ms +max ([\d.]+) ms")
ROLES = ["gateway", "replica-A", "replica-B", "replica-C", "client"]


def java_string_hash(text):
    h = 0
    for ch in text:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    return h


def aeron_root(work_dir):
    """As io.hedge.transport.AeronDirs.rootFor: /dev/shm/hedge-<Java hashCode of the path, in hex>."""
    path = os.path.normpath(os.path.abspath(work_dir))
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return "/dev/shm/hedge-%x" % java_string_hash(path)
    return path


def free_ports(count):
    for _ in range(200):
        base = random.randrange(30000, 60000 - count)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sockets.append(s)
                s.bind(("0.0.0.0", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise SystemExit("profile-report.py: no %d consecutive free UDP ports found" % count)


def read_ticks(stat_path):
    """(name, user ticks, system ticks) from a /proc stat file; the name is in parentheses and may hold spaces."""
    with open(stat_path) as f:
        text = f.read()
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15
    return name, int(fields[11]), int(fields[12])


def snap(directory, answered, role_pids):
    os.makedirs(directory, exist_ok=True)
    result = {"monotonic": time.monotonic(), "answered": int(answered), "processes": {}}
    for arg in role_pids:
        role, pid = arg.split("=", 1)
        try:
            _, user, system = read_ticks("/proc/%s/stat" % pid)
        except OSError:
            raise SystemExit("profile-report.py: %s (pid %s) is not running" % (role, pid))
        threads = {}
        for task in glob.glob("/proc/%s/task/*/stat" % pid):
            try:
                threads[task.split("/")[4]] = read_ticks(task)
            except OSError:
                pass  # a thread that ended between listing and reading
        result["processes"][role] = {"pid": int(pid), "user": user, "system": system, "threads": threads}
    net = {}
    for key in ("tx_packets", "rx_packets", "tx_bytes"):
        with open("/sys/class/net/lo/statistics/" + key) as f:
            net[key] = int(f.read())
    result["lo"] = net
    with open(os.path.join(directory, "snap.json"), "w") as f:
        json.dump(result, f)

# The layout of an Aeron media driver's CnC file (Aeron 1.51, CnC version 0.2.x), read here rather than through a JVM
# because starting a JVM on this busy machine took seconds and sat inside the windows it was meant to bound:
# a 128-byte header of int fields, then the to-driver, to-clients, counter metadata and counter values buffers.
CNC_HEADER = 128
COUNTER_METADATA = 512   # state int, type id int, free-for-reuse deadline long, key (112 bytes), label int + bytes
COUNTER_VALUE = 128      # the value long first
LABEL_OFFSET = 128


def cnc_counters(aeron_dir):
    """[(type id, value, label)] of every allocated counter of the driver at aeron_dir."""
    with open(os.path.join(aeron_dir, "cnc.dat"), "rb") as f:
        data = f.read()
    to_driver, to_clients, metadata_length, values_length = struct.unpack_from("<iiii", data, 4)
    metadata_at = CNC_HEADER + to_driver + to_clients
    values_at = metadata_at + metadata_length
    counters = []
    for counter_id in range(metadata_length // COUNTER_METADATA):
        record = metadata_at + counter_id * COUNTER_METADATA
        state, type_id = struct.unpack_from("<ii", data, record)
        if state == 0:
            break
        if state != 1:
            continue
        label_length = struct.unpack_from("<i", data, record + LABEL_OFFSET)[0]
        label = data[record + LABEL_OFFSET + 4:record + LABEL_OFFSET + 4 + label_length].decode("ascii", "replace")
        value = struct.unpack_from("<q", data, values_at + counter_id * COUNTER_VALUE)[0]
        counters.append((type_id, value, label))
    return counters


def dump_counters(path, role_dirs):
    with open(path, "w") as out:
        for arg in role_dirs:
            role, aeron_dir = arg.split("=", 1)
            for type_id, value, label in cnc_counters(aeron_dir):
                out.write("%s\t%d\t%d\t%s\n" % (role, type_id, value, label.replace("\t", " ")))


def progress_lines(log_path):
    """{second: (sent, answered, p99 ms)} from a load log's progress lines."""
    lines = {}
    with open(log_path) as f:
        for line in f:
            m = PROGRESS.match(line)
            if m:
                lines[int(m.group(2))] = (int(m.group(3).replace(",", "")), int(m.group(4).replace(",", "")),
                                          float(m.group(6)))
    return lines


def window_stats(lines, start, end):
    """Answered per second, and the median and worst of the per-second p99s, between two progress lines."""
    if start not in lines or end not in lines:
        return None
    answered = lines[end][1] - lines[start][1]
    p99s = [lines[s][2] for s in range(start + 1, end + 1) if s in lines]
    return {"answered": answered, "per_second": answered / (end - start),
            "p99_median": statistics.median(p99s), "p99_max": max(p99s)}


def read_windows(path, lines):
    """{name: stats} from profile.sh's windows file; the rate is answered requests over the clock's seconds."""
    bounds = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) != 5 or not parts[3].isdigit():
                continue  # a boundary whose progress line was cut in two: the window is left out
            name, edge, second, answered, clock = parts
            bounds.setdefault(name, {})[edge] = (int(second), int(answered), float(clock))
    windows = {}
    for name, edges in bounds.items():
        if "start" not in edges or "end" not in edges:
            continue
        (s0, a0, c0), (s1, a1, c1) = edges["start"], edges["end"]
        stats = window_stats(lines, s0, s1) or {"p99_median": float("nan"), "p99_max": float("nan")}
        stats["answered"] = a1 - a0
        stats["seconds"] = c1 - c0
        stats["per_second"] = (a1 - a0) / (c1 - c0)
        windows[name] = stats
    return windows


def kept_up(log_path, rate):
    lines = progress_lines(log_path)
    measured = sorted(s for s in lines)
    text = open(log_path).read()
    unanswered = re.search(r"requests: sent ([\d,]+) +answered ([\d,]+) +not OK ([\d,]+) +unanswered ([\d,]+)", text)
    if len(measured) < 4 or unanswered is None:
        print("%6d/s: the load did not finish (see its log); counted as not keeping up" % rate)
        return False
    # from the third progress line on: the first two are the sweep step's warm-up
    stats = window_stats(lines, measured[2], measured[-1])
    lost = int(unanswered.group(4).replace(",", "")) + int(unanswered.group(3).replace(",", ""))
    share = stats["per_second"] / rate
    ok = share >= 0.95 and lost == 0
    print("%6d/s: answered %8.0f/s (%5.1f %% of offered), not OK or unanswered %d, per-second p99 median %.1f ms, "
          "worst %.1f ms: %s" % (rate, stats["per_second"], 100 * share, lost, stats["p99_median"],
                                   stats["p99_max"], "kept up" if ok else "STOPPED KEEPING UP"))
    return ok


def load_snap(work, name):
    with open(os.path.join(work, "snap", name, "snap.json")) as f:
        return json.load(f)


def read_counters(path):
    """{(role, label): value} from AeronCounters output; labels of stream positions hold their channel."""
    counters = {}
    if not os.path.exists(path):
        return counters
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                counters[(parts[0], parts[3])] = int(parts[2])
    return counters


def read_perf(path):
    """{syscall: count per second} from a perf stat -x, file. Each count is divided by the time its counter ran:
    perf attaches a while after it starts on a loaded machine, so the sleep it wraps overstates the interval."""
    rates = {}
    if not os.path.exists(path):
        return rates
    with open(path) as f:
        for row in csv.reader(f):
            if len(row) >= 4 and row[2].startswith(("raw_syscalls:", "syscalls:")):
                name = "all" if row[2].startswith("raw_") else row[2].split(":")[1].replace("sys_enter_", "")
                try:
                    rates[name] = int(row[0]) / (int(row[3]) / 1e9)
                except (ValueError, ZeroDivisionError):
                    rates[name] = None
    return rates


def thread_group(name):
    """Thread names (15 characters at most in /proc) into the groups a reader cares about."""
    lowered = name.lower()
    if name.startswith("/"):
        # Aeron names a driver agent's thread after its directory: "/dev/shm/hedge-.../aeron-shared", cut to 15
        return "media driver (shared agent)"
    if lowered.startswith("aeron-client"):
        return "Aeron client conductor"
    if lowered.startswith(("c1 compilerthre", "c2 compilerthre")):
        return "JIT"
    if lowered.startswith(("gc ", "g1 ", "vm thread", "vm periodic")):
        return "GC and VM"
    if lowered == "java":
        return "main (load generator)"
    return name


def cpu_table(work, level, answered_override=None):
    start = load_snap(work, level + "-clean-start")
    end = load_snap(work, level + "-clean-end")
    seconds = end["monotonic"] - start["monotonic"]
    answered = end["answered"] - start["answered"] if answered_override is None else answered_override
    rows = {}
    for role, p_end in end["processes"].items():
        p_start = start["processes"].get(role)
        if p_start is None:
            continue
        user = (p_end["user"] - p_start["user"]) / CLK_TCK
        system = (p_end["system"] - p_start["system"]) / CLK_TCK
        groups = {}
        for tid, (name, u, s) in p_end["threads"].items():
            before = p_start["threads"].get(tid, (name, 0, 0))
            ticks = (u - before[1]) + (s - before[2])
            if ticks > 0:
                group = thread_group(name)
                groups[group] = groups.get(group, 0) + ticks / CLK_TCK
        rows[role] = {"user": user, "system": system, "threads": groups}
    packets = end["lo"]["tx_packets"] - start["lo"]["tx_packets"]
    return seconds, answered, rows, packets


def fmt(value, digits=1):
    return "-" if value is None else format(value, ",.%df" % digits)


def report(work, out, rate, saturation):
    levels = [("idle", "idle (no load)"), ("rate", "%s/s" % rate),
              ("saturation", "saturation, %s/s offered" % saturation)]
    md = []
    counters_md = []
    for level, title in levels:
        if not os.path.exists(os.path.join(work, "snap", level + "-clean-end", "snap.json")):
            continue
        seconds, answered, rows, packets = cpu_table(work, level)
        windows = {}
        lines = {}
        if level != "idle":
            lines = progress_lines(os.path.join(work, "logs", "load-%s.log" % level))
            windows = read_windows(os.path.join(work, "perf", level + "-windows"), lines)
        # perf's counts are per second; per request divides by the answered rate of the perf window
        perf_seconds = 1.0
        perf_answered = windows["perf"]["per_second"] if "perf" in windows and windows["perf"] else None
        result = ""
        result_file = os.path.join(work, "perf", level + "-result")
        if os.path.exists(result_file):
            result = open(result_file).read().strip()
        md.append("### %s" % title)
        md.append("")
        if level == "idle":
            md.append("Clean window %.1f s. CPU in %% of one core; system calls and packets per second." % seconds)
            md.append("")
            md.append("| role | CPU % of a core | user % | sys % | syscalls/s | sends/s | receives/s | futex+yield+sleep/s |")
            md.append("|---|---|---|---|---|---|---|---|")
        else:
            clean = windows.get("clean")
            md.append("Clean window %.1f s: %s requests answered (%s/s), per-second p99 median %.2f ms (worst "
                      "%.2f); load result %s. Per request: CPU µs (user+sys), system calls and sends from the perf "
                      "window (%s answered/s)." % (seconds, fmt(answered, 0), fmt(answered / seconds, 0), clean["p99_median"],
                                                    clean["p99_max"], result, fmt(perf_answered, 0)))
            md.append("")
            md.append("| role | CPU µs/request | user µs | sys µs | CPU % of a core | syscalls/request | sends/request "
                      "| receives/request | futex+yield+sleep/request |")
            md.append("|---|---|---|---|---|---|---|---|---|")
        total_cpu = 0.0
        for role in ROLES:
            if role not in rows:
                continue
            r = rows[role]
            cpu = r["user"] + r["system"]
            total_cpu += cpu if role != "client" else 0
            perf = read_perf(os.path.join(work, "perf", "%s-%s.csv" % (level, role)))
            calls = perf.get("all")
            sends = sum(perf.get(k) or 0 for k in ("sendto", "sendmsg", "sendmmsg"))
            receives = sum(perf.get(k) or 0 for k in ("recvfrom", "recvmsg", "recvmmsg"))
            waits = sum(perf.get(k) or 0 for k in ("futex", "sched_yield", "nanosleep", "clock_nanosleep"))
            if level == "idle":
                md.append("| %s | %.2f | %.2f | %.2f | %s | %s | %s | %s |" % (
                    role, 100 * cpu / seconds, 100 * r["user"] / seconds, 100 * r["system"] / seconds,
                    fmt(calls / perf_seconds if calls else None, 0), fmt(sends / perf_seconds, 0),
                    fmt(receives / perf_seconds, 0), fmt(waits / perf_seconds, 0)))
            else:
                per = perf_answered or None
                md.append("| %s | %.1f | %.1f | %.1f | %.1f | %s | %s | %s | %s |" % (
                    role, 1e6 * cpu / answered, 1e6 * r["user"] / answered, 1e6 * r["system"] / answered,
                    100 * cpu / seconds, fmt(calls / per if calls and per else None),
                    fmt(sends / per if per else None, 2), fmt(receives / per if per else None, 2),
                    fmt(waits / per if per else None, 2)))
        if level == "idle":
            md.append("| fabric (4 roles) | %.2f | | | | | | |" % (100 * total_cpu / seconds))
            md.append("")
            md.append("Loopback packets: %s/s (the whole machine's loopback, so other agents' traffic counts too)."
                      % fmt(packets / seconds, 0))
        else:
            md.append("| fabric (4 roles) | %.1f | | | %.1f | | | | |" % (1e6 * total_cpu / answered,
                                                                        100 * total_cpu / seconds))
            md.append("")
            md.append("Loopback packets: %.2f per request (%s/s; the machine's whole loopback, so any other "
                      "agent's loopback traffic counts too)." % (packets / answered, fmt(packets / seconds, 0)))
            md.append("")
            md.append(instrument_costs(windows))
        md.append("")
        md.append("CPU by thread (seconds of CPU in the clean window; the embedded media driver's SHARED agent "
                  "is one thread named after its directory):")
        md.append("")
        for role in ROLES:
            if role in rows:
                groups = sorted(rows[role]["threads"].items(), key=lambda kv: -kv[1])[:5]
                md.append("- %s: %s" % (role, ", ".join("%s %.2f" % (g, s) for g, s in groups)))
        md.append("")
        md.append("System calls by kind (perf window; %s):" % ("per second" if level == "idle" else "per request"))
        md.append("")
        for role in ROLES:
            perf = read_perf(os.path.join(work, "perf", "%s-%s.csv" % (level, role)))
            divisor = perf_seconds if level == "idle" else (perf_answered or None)
            if not perf or not divisor:
                continue
            kinds = sorted(((k, v) for k, v in perf.items() if k != "all" and v), key=lambda kv: -kv[1])
            total = perf.get("all") or 0
            listed = sum(v for _, v in kinds)
            md.append("- %s: %s, other %s" % (role, ", ".join("%s %s" % (k, fmt(v / divisor, 2)) for k, v in kinds[:7]),
                                             fmt((total - listed) / divisor, 2)))
        md.append("")
        counters_md.extend(counter_deltas(work, level, title, answered, seconds))
    strace_windows = os.path.join(work, "perf", "strace-windows")
    if os.path.exists(strace_windows):
        windows = read_windows(strace_windows, progress_lines(os.path.join(work, "logs", "load-strace.log")))
        md.append("### strace's cost: a run of its own at %s/s" % rate)
        md.append("")
        md.append(instrument_costs(windows))
        md.append("")
        strace = os.path.join(work, "perf", "strace-gateway-strace.txt")
        if os.path.exists(strace):
            md.append("strace -f -c on the gateway, its totals (top 8):")
            md.append("")
            md.append("```")
            with open(strace) as f:
                body = [line.rstrip() for line in f if line.strip()]
            md.extend(body[:10] + body[-2:])
            md.append("```")
            md.append("")
    md.append("### Aeron counters per request (clean windows)")
    md.append("")
    md.extend(counters_md)
    md.append("### Top frames (JFR, self time) per role and level")
    md.append("")
    for top in sorted(glob.glob(os.path.join(work, "jfr", "*.top"))):
        md.append("```")
        md.extend(line.rstrip() for line in open(top))
        md.append("```")
    print("\n".join(md))


def instrument_costs(windows):
    return ("What the instruments cost (answered/s and the median per-second p99 in each window of the same run): " +
            "; ".join("%s %s/s, p99 %.2f ms" % (name, fmt(w["per_second"], 0), w["p99_median"])
                      for name, w in windows.items()) + ".")


def counter_deltas(work, level, title, answered, seconds):
    start = read_counters(os.path.join(work, "snap", level + "-clean-start", "counters.tsv"))
    end = read_counters(os.path.join(work, "snap", level + "-clean-end", "counters.tsv"))
    per = answered if level != "idle" else seconds
    unit = "per request" if level != "idle" else "per second"
    out = ["%s, %s (positions in bytes; only counters that moved):" % (title, unit), ""]
    interesting = re.compile(r"^(snd-pos|pub-pos|sub-pos|rcv-pos|Bytes sent|Bytes received|NAKs|Status Messages|"
                             r"Heartbeats|Retransmit|Short sends|Flow control|Errors|Failed|Loss|Resolution)",
                             re.IGNORECASE)
    for (role, label), value in sorted(end.items()):
        if not interesting.search(label):
            continue
        delta = value - start.get((role, label), value)
        if delta <= 0:
            continue
        short = re.sub(r"\|?(term-length|mtu|sparse|init-term-id|term-id|term-offset|session-id)=[^|]*", "", label)
        out.append("- %s: %s: %s" % (role, short[:150], fmt(delta / per, 2)))
    out.append("")
    return out


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    command = argv[1]
    if command == "aeron-root":
        print(aeron_root(argv[2]))
    elif command == "free-ports":
        print(free_ports(int(argv[2])))
    elif command == "snap":
        snap(argv[2], argv[3], argv[4:])
    elif command == "counters":
        dump_counters(argv[2], argv[3:])
    elif command == "kept-up":
        return 0 if kept_up(argv[2], int(argv[3])) else 1
    elif command == "report":
        report(argv[2], argv[3], argv[4], argv[5])
    else:
        raise SystemExit("profile-report.py: unknown command '%s'\n%s" % (command, __doc__))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
