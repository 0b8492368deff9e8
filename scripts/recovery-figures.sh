#!/usr/bin/env bash
# Recovery figures: how long a replica takes from process start to live at the fabric's seq when the fabric holds
# COUNT requests (default 1,000,000): (1) restart on its own full journal, no snapshot; (2) the same with a snapshot
# at the last seq; (3) empty directory, caught up by gap repair from the gateway's journal; (4) empty directory,
# bootstrapped from a live peer's snapshot (when the build has peer bootstrap). Each role is its own process.
# Usage: scripts/recovery-figures.sh [COUNT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${1:-1000000}"
work="$here/hedge-work/recovery"
rm -rf "$work"; mkdir -p "$work"
export HEDGE_LOG_LEVEL=info
hedge="$here/hedge"
cat > "$work/hedge.properties" <<PROPS
hedge.dir=$work
ingress.port=22121
sequenced.port=22122
responses.port=22123
replay.port=22124
replica.snapshot.interval=0
PROPS
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

echo "generating a journal of $count requests"
"$hedge" journal generate "$work/gateway/journal" --count "$count" > /dev/null
for site in A B; do mkdir -p "$work/replica-$site"; cp -r "$work/gateway/journal" "$work/replica-$site/journal"; done
"$hedge" gateway --config "$work/hedge.properties" > "$work/gateway.log" 2>&1 & pids+=($!)
sleep 3
for site in A B; do "$hedge" replica --site $site --config "$work/hedge.properties" > "$work/replica-$site.log" 2>&1 & pids+=($!); done

wait_for() { # file pattern timeout_s
  for _ in $(seq 1 $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; tail -5 "$1" >&2; return 1; }
wait_for "$work/replica-A.log" "joined the sequenced stream" 120
wait_for "$work/replica-B.log" "joined the sequenced stream" 120
kill -HUP "${pids[1]}"; wait_for "$work/replica-A.log" "snapshot at seq $count written" 60

run_c() { # label, then the files to prepare; prints the time from process start to live at seq $count
  local label="$1" log="$work/replica-C-$1.log" start end extra=()
  [ "$label" = retransmit ] && extra=(--set replica.bootstrap.peer=false)
  start=$(date +%s%N)
  "$hedge" replica --site C --config "$work/hedge.properties" "${extra[@]}" > "$log" 2>&1 & local pid=$!
  for _ in $(seq 1 3000); do
    if grep -qE "joined the sequenced stream at seq $count|caught up to seq $count|bootstrapped .* seq $count" "$log"; then break; fi
    sleep 0.02
  done
  end=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf "%-34s %8.2f s   (%s)\n" "$label" "$(echo "($end - $start) / 1000000000" | bc -l)" \
    "$(grep -hoE "replayed [0-9]+ journaled requests[^,]*|loaded snapshot [^ ]+ at seq [0-9]+ \([0-9]+ bytes\) in [0-9]+ ms|caught up to seq [0-9]+ in [0-9]+ ms|bootstrapped[^;]*" "$log" | head -2 | tr '\n' ';')"
}
rm -rf "$work/replica-C"; mkdir -p "$work/replica-C"; cp -r "$work/gateway/journal" "$work/replica-C/journal"
run_c "journal-replay"
rm -rf "$work/replica-C/journal-snapshots"; cp -r "$work/replica-A/journal-snapshots" "$work/replica-C/journal-snapshots"
run_c "snapshot"
rm -rf "$work/replica-C"
run_c "retransmit"
rm -rf "$work/replica-C"
run_c "peer-bootstrap"
