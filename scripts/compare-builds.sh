#!/usr/bin/env bash
# Before/after check of a change: runs `hedge demo` and `hedge bench compare` for two builds of Hedge, interleaved
# (base, new, base, new, ...) so that both see the same machine in the same minutes, and prints the median of each
# percentile per build. Each build is a checkout whose `mvn -q package -DskipTests` has been run. Usage:
#   scripts/compare-builds.sh BASE_CHECKOUT NEW_CHECKOUT [RUNS] [DURATION_S] [WARMUP_S]   (defaults: 3, 10, 5)
# Every run must PASS; a failed run stops the script.
set -euo pipefail
base="$(cd "$1" && pwd)"; new="$(cd "$2" && pwd)"
runs="${3:-3}"; duration="${4:-10}"; warmup="${5:-5}"
out="$(pwd)/hedge-work/compare-builds"; rm -rf "$out"; mkdir -p "$out"
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
for i in $(seq 1 "$runs"); do
  for build in base new; do
    dir="$base"; [ "$build" = new ] && dir="$new"
    echo "run $i of $runs: $build ($dir)" >&2
    if ! "$dir/hedge" demo --duration "$duration" --warmup "$warmup" --dir "$out/work-demo-$build" \
        > "$out/demo-$build-$i.txt" 2>&1; then
      echo "demo failed: $out/demo-$build-$i.txt" >&2; tail -20 "$out/demo-$build-$i.txt" >&2; exit 1
    fi
    if ! "$dir/hedge" bench compare --duration "$duration" --warmup "$warmup" --dir "$out/work-bench-$build" \
        > "$out/bench-$build-$i.txt" 2>&1; then
      echo "bench compare failed: $out/bench-$build-$i.txt" >&2; tail -20 "$out/bench-$build-$i.txt" >&2; exit 1
    fi
  done
done
printf "%-36s %8s %8s %8s %8s   (ms, median of %d runs, %d s measured after %d s warm-up)\n" \
  "" p50 p99 p99.9 max "$runs" "$duration" "$warmup"
for build in base new; do
  row=()
  for p in p50 p99 p99.9 max; do
    row+=("$(grep -h "^  $p " "$out"/demo-$build-*.txt | awk '{print $2}' | median)")
  done
  printf "%-36s %8s %8s %8s %8s\n" "demo (in one process, 5,000/s) $build" "${row[@]}"
done
for rate in 2,000 10,000; do
  for system in Hedge "Aeron Cluster"; do
    for build in base new; do
      row=()
      for col in 1 3 4 5; do
        row+=("$(grep -h -A3 "^== $rate requests/s" "$out"/bench-$build-*.txt | grep "^  $system  " |
          sed "s/^  $system *//" | awk -v c="$col" '{print $c}' | median)")
      done
      printf "%-36s %8s %8s %8s %8s\n" "compare $rate/s $system $build" "${row[@]}"
    done
  done
done
