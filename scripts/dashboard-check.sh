#!/usr/bin/env bash
# The dashboard in a real browser (issue 13), against a live fabric: starts a gateway, the replicas of sites A, B and C
# and `hedge dashboard --port 0` as processes of this worktree's build, drives the gateway with `hedge load` (500
# requests/s for 5 + 30 s), and runs io.hedge.ops.dashboard.LiveDashboardCheck (ops' test sources): it loads the page
# in headless Chromium twice under load and once after, and compares the numbers it draws with the gateway's own
# counters (its Prometheus endpoint, metrics.http.port) and `hedge status --json`; it takes a screenshot of the page
# under load into docs/dashboard.png. The load must also pass its own check (every request answered, replicas agree).
# With --synthetic: the older check of the page's drawing alone, fed by a synthetic three-site fabric (ten minutes of
# history, then a tick a second; io.hedge.ops.dashboard.DashboardBrowserCheck), numbers compared with what was fed.
# Not part of `mvn test`: Chromium is not part of the project's set-up. Install it first (Debian):
#   apt-get install -y chromium
# Usage: scripts/dashboard-check.sh [--synthetic] [SCREENSHOT]   (default: docs/dashboard.png; "-" for none)
# Environment: CHROMIUM (default: chromium); KEEP=1 keeps the work directory (logs, the pages as loaded); NO_BUILD=1
# uses what the last build left in target/ (live mode).
# Builds offline (mvn -o), installs nothing into ~/.m2. Every process it starts is stopped and every directory it
# makes is removed when it ends, also on failure or Ctrl-C.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
chromium="${CHROMIUM:-chromium}"
mode=live
if [ "${1:-}" = "--synthetic" ]; then mode=synthetic; shift; fi
screenshot="${1:-$here/docs/dashboard.png}"
if ! command -v "$chromium" > /dev/null; then
  echo "dashboard-check: '$chromium' not found; install Chromium (apt-get install -y chromium) or set CHROMIUM" >&2
  exit 2
fi
work="$here/ops/target/dashboard-check"
rm -rf "$work"; mkdir -p "$work"
shm="/dev/shm/hedge-dashboard-check-$$"
pids=()
cleanup() {
  local rc=$?
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2> /dev/null || true; done
  for _ in $(seq 100); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2> /dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2> /dev/null || true; done
  if [ "$rc" != 0 ] && [ -d "$work" ]; then
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "--- last lines of $log" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  rm -rf "$shm"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$here"
java_opts=(-Xmx512m --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

if [ "$mode" = synthetic ]; then
  # compile ops and its test sources, and list its dependencies (the reactor's own modules as their target/classes)
  mvn -B -o -q -pl ops -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/dashboard-check.classpath -Dmdep.includeScope=test
  cp="$here/ops/target/test-classes:$here/ops/target/classes:$(cat "$here/ops/target/dashboard-check.classpath")"
  args=("$chromium" "$work")
  [ "$screenshot" != "-" ] && args+=("$screenshot")
  java "${java_opts[@]}" -cp "$cp" io.hedge.ops.dashboard.DashboardBrowserCheck "${args[@]}"
  exit 0
fi

# the hedge command's jar (./hedge runs cli/target/hedge-cli.jar of this worktree), ops' test classes and their class
# path; the reactor's modules resolve to their own target/ directories
if [ "${NO_BUILD:-0}" != 1 ] || [ ! -f "$here/ops/target/dashboard-check.classpath" ]; then
  echo "dashboard-check: building (mvn -o package -DskipTests)"
  mvn -B -o -q -pl cli -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/dashboard-check.classpath -Dmdep.includeScope=test
fi
cp="$here/ops/target/test-classes:$here/ops/target/classes:$(cat "$here/ops/target/dashboard-check.classpath")"

# seven free ports in a row: the gateway's four, its standby port (sequenced + 3), its ops port (sequenced + 4), and
# its Prometheus endpoint
free_base() {
  local busy base p
  busy="$(ss -Hlnut | awk '{print $5}' | sed 's/.*://' | sort -u)"
  for _ in $(seq 200); do
    base=$((30000 + (RANDOM % 3000) * 10))
    for p in $(seq "$base" $((base + 6))); do grep -qx "$p" <<< "$busy" && continue 2; done
    echo "$base"; return 0
  done
  echo "dashboard-check: found no seven free ports in a row" >&2; return 1
}
base="$(free_base)"
metrics_port=$((base + 6))
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$work/member.key"
chmod 600 "$work/member.key"
config="$work/hedge.properties"
cat > "$config" << EOF
hedge.dir=$work/fabric
aeron.root=$shm
ingress.port=$base
sequenced.port=$((base + 1))
responses.port=$((base + 2))
replay.port=$((base + 3))
member.key.file=$work/member.key
EOF

# start NAME ARGS...: run ./hedge ARGS in the background, output to NAME.log
declare -A pid_of
start() {
  local name="$1"; shift
  "$here/hedge" "$@" > "$work/$name.log" 2>&1 &
  pids+=($!)
  pid_of[$name]=$!
}
# await NAME PATTERN SECONDS: until NAME.log has a line matching PATTERN (or NAME has exited)
await() {
  for _ in $(seq $(($3 * 10))); do
    grep -q "$2" "$work/$1.log" 2> /dev/null && return 0
    kill -0 "${pid_of[$1]}" 2> /dev/null || { echo "dashboard-check: $1 exited" >&2; return 1; }
    sleep 0.1
  done
  echo "dashboard-check: $1 did not print '$2' within $3 s" >&2; return 1
}
start gateway gateway --config "$config" --set metrics.http.port="$metrics_port"
await gateway "^hedge gateway" 60
for site in A B C; do
  start "replica-$site" replica --site "$site" --config "$config"
done
for site in A B C; do await "replica-$site" "^hedge replica" 60; done
echo "dashboard-check: fabric up (gateway ports from $base, metrics on $metrics_port); waiting until every role is UP"
for attempt in $(seq 30); do
  "$here/hedge" status --config "$config" > "$work/status.log" 2>&1 && break
  [ "$attempt" = 30 ] && { echo "dashboard-check: the fabric is not healthy after 30 tries" >&2; exit 1; }
  sleep 1
done
start dashboard dashboard --config "$config" --port 0
await dashboard "^hedge dashboard on http" 60
page="$(grep -o 'http://[^ ]*' "$work/dashboard.log" | head -n 1)"
echo "dashboard-check: dashboard on $page; waiting for its first snapshot from the gateway"
for attempt in $(seq 60); do
  curl -fsS --max-time 5 "${page}api/state" 2> /dev/null | grep -q '"connected":true,.*"fabric":{' && break
  [ "$attempt" = 60 ] && { echo "dashboard-check: the dashboard did not connect within 60 s" >&2; exit 1; }
  sleep 1
done
start load load --config "$config" --rate 500 --warmup 5 --duration 30
load_pid="${pid_of[load]}"
args=("$chromium" "$work" "$page" "http://127.0.0.1:$metrics_port/metrics" "$here/hedge" "$config" "$load_pid")
[ "$screenshot" != "-" ] && args+=("$screenshot")
checked=0
java "${java_opts[@]}" -cp "$cp" io.hedge.ops.dashboard.LiveDashboardCheck "${args[@]}" &
pids+=($!)
wait "${pids[-1]}" || checked=$?
load_rc=0
wait "$load_pid" || load_rc=$?
if [ "$load_rc" = 0 ]; then
  echo "dashboard-check: ok   the load passed its own check: $(grep -m 1 '^requests:' "$work/load.log" || true)"
else
  echo "dashboard-check: FAIL the load's own check (exit code $load_rc):" >&2
  tail -n 20 "$work/load.log" >&2
fi
[ "$checked" = 0 ] && [ "$load_rc" = 0 ]
