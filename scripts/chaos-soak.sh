#!/usr/bin/env bash
# Runs `hedge chaos` once per seed, one after the other, and prints a Markdown table: the verdict of every checker,
# the faults injected and the requests. Usage (as root, after building): scripts/chaos-soak.sh DURATION SEED...
# e.g. scripts/chaos-soak.sh 180 $(seq 1101 1120). Each run's output is kept in hedge-work/soak/seed-N.out.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 2 ]; then
  echo "usage: $0 DURATION_SECONDS SEED..." >&2
  exit 2
fi
duration="$1"
shift
out_dir="$here/hedge-work/soak"
mkdir -p "$out_dir"
total_faults=0
failed=0
echo "| seed | faults | requests | acknowledged | a | b | c | d | e | f | g | h | verdict |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for seed in "$@"; do
  out="$out_dir/seed-$seed.out"
  "$here/hedge" chaos --seed "$seed" --duration "$duration" --dir "$out_dir" > "$out" 2>&1
  rc=$?
  faults=$(grep -o 'faults injected by kind: .*' "$out" | grep -o '[0-9]\+' | awk '{s += $1} END {print s + 0}')
  faults=${faults:-0}
  total_faults=$((total_faults + faults))
  last=$(grep -E '^ +[0-9.]+ s: ' "$out" | tail -1)
  requests=$(echo "$last" | sed -E 's/.*: ([0-9,]+) submitted.*/\1/')
  acked=$(echo "$last" | sed -E 's/.*submitted, ([0-9,]+) acknowledged.*/\1/')
  verdicts=""
  for checker in acknowledged exactly-once convergence bank completion effects availability forgeries; do
    v=$(grep -oE "^  (PASS|FAIL) $checker " "$out" | awk '{print $1}')
    verdicts="$verdicts | ${v:-?}"
  done
  verdict=$([ "$rc" -eq 0 ] && echo PASS || echo "FAIL (exit $rc)")
  [ "$rc" -eq 0 ] || failed=$((failed + 1))
  echo "| $seed | $faults | $requests | $acked$verdicts | $verdict |"
done
echo
echo "$# runs of $duration s, $total_faults faults in all, $failed failed"
[ "$failed" -eq 0 ]
