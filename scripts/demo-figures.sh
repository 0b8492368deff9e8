#!/usr/bin/env bash
# Runs `hedge demo` several times per configuration and prints the median of each percentile, so a figure
# quoted in the README is a median of repeated runs, not one lucky run. Usage:
#   scripts/demo-figures.sh [RUNS] [DURATION_S] [WARMUP_S]      (defaults: 3 runs, 20 s, 5 s)
# Every run must PASS (all answered, replicas agree); a failed run stops the script.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"; duration="${2:-20}"; warmup="${3:-5}"
out="$here/hedge-work/figures"; mkdir -p "$out"
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
printf "%-14s %-10s %8s %8s %8s %8s %8s   (ms, median of %d runs of %d s after %d s warm-up)\n" \
  mode rate p50 p90 p99 p99.9 max "$runs" "$duration" "$warmup"
for mode in in-process processes; do
  for rate in 2000 10000; do
    for i in $(seq 1 "$runs"); do
      log="$out/demo-$mode-$rate-$i.txt"
      extra=(); [ "$mode" = processes ] && extra=(--processes)
      if ! "$here/hedge" demo --rate "$rate" --duration "$duration" --warmup "$warmup" \
           --dir "$out/work-$mode-$rate" "${extra[@]}" > "$log" 2>&1; then
        echo "run failed: $log" >&2; tail -20 "$log" >&2; exit 1
      fi
    done
    row=()
    for p in p50 p90 p99 p99.9 max; do
      row+=("$(grep -h "^  $p " "$out"/demo-$mode-$rate-*.txt | awk '{print $2}' | median)")
    done
    printf "%-14s %-10s %8s %8s %8s %8s %8s\n" "$mode" "$rate/s" "${row[@]}"
  done
done
