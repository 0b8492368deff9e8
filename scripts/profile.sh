#!/usr/bin/env bash
# Profile the data path (issue 12, item 1): a gateway and three replicas, each its own ./hedge process with its own
# embedded media driver (as `hedge bench compare` runs them), driven open loop by `./hedge load`, idle, at a fixed
# rate and at saturation. Per role: CPU time per request, idle CPU, system calls per request, packets per request,
# and a JFR flame graph per role per load level. Not part of `mvn verify`: it takes 10-15 minutes.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rate=10000
saturation=auto
sweep_rates=15000,20000,25000,30000,40000
step_seconds=8
window=15
gap=3
load_warmup=15
idle_seconds=20
out="$here/docs/profiles"
work="$here/target/profile-run"
keep=false
strace_check=true
settings=()
steady_timeout=60

usage()
{
    cat <<EOF
usage: scripts/profile.sh [options]

Starts a gateway and replicas A, B and C, each its own process (./hedge gateway, ./hedge replica), and measures
each role and the load generator (client) in three states: idle, --rate requests/s, and saturation. Each loaded
state is one ./hedge load run (--load-warmup seconds of warm-up) whose measured part holds three windows of
--window seconds:
  1. clean:  CPU time (user+sys of /proc/PID/stat, and per thread), loopback packets, Aeron counters; nothing else
             attached, so this window's rate and p99 are the ones to quote;
  2. perf:   system calls per process (perf stat on syscall tracepoints; counted in the kernel, no ptrace);
  3. jfr:    JFR CPU samples (jcmd JFR.start/stop with scripts/profile.jfc), turned into collapsed stacks and an
             SVG flame graph per role by scripts/jfr-flame.py.
A last run at --rate holds a clean window and one with strace -f -c on the gateway, to show what strace costs.
Idle runs the same windows with no load, for --idle seconds each.

Saturation: with --saturation auto, ./hedge load runs --step seconds at each of --sweep-rates; the first rate at which
the answered rate falls below 95 % of the offered rate, or a request goes unanswered, is where the fabric stops
keeping up, and it is profiled at that offered rate (its answered rate is the capacity); its windows do not wait
for a steady load. If every sweep rate keeps up, the script stops and says so.

Windows are cut at the load's progress lines; a load generator starved of CPU prints late lines in a burst, so a
window can be shorter than --window. The tables use the clock (each window's seconds are printed), not line counts.

options:
  --rate R             the fixed load level, requests/s (default $rate)
  --saturation auto|R  find the saturation rate with a sweep, or use R (default $saturation)
  --sweep-rates LIST   rates of the sweep (default $sweep_rates)
  --step S             seconds measured per sweep step (default $step_seconds)
  --window S           seconds per measured window (default $window)
  --idle S             seconds per idle window (default $idle_seconds)
  --load-warmup S      seconds of each load run before its windows (default $load_warmup); then the windows wait
                       for three seconds in a row each with 95 % of the rate answered and a p99 under 200 ms,
                       at most --steady-timeout seconds
  --steady-timeout S   (default $steady_timeout)
  --out DIR            where the flame graphs, collapsed stacks and results go (default docs/profiles)
  --work DIR           scratch directory, deleted at the end (default target/profile-run)
  --keep               keep the scratch directory (logs, recordings, snapshots)
  --no-strace-check    skip the strace overhead run
  --set KEY=VALUE      a Hedge setting for every role and the load, over the defaults (repeatable)
  -h, --help           this text

Needs: a built worktree (mvn -B -o -q package -DskipTests), perf, jcmd, jfr, python3; strace for the check.
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --rate) rate="$2"; shift 2 ;;
        --saturation) saturation="$2"; shift 2 ;;
        --sweep-rates) sweep_rates="$2"; shift 2 ;;
        --step) step_seconds="$2"; shift 2 ;;
        --window) window="$2"; shift 2 ;;
        --idle) idle_seconds="$2"; shift 2 ;;
        --load-warmup) load_warmup="$2"; shift 2 ;;
        --steady-timeout) steady_timeout="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --keep) keep=true; shift ;;
        --no-strace-check) strace_check=false; shift ;;
        --set) [[ "$2" == *=* ]] || { echo "profile.sh: --set needs KEY=VALUE, got '$2'" >&2; exit 2; }
               settings+=("$2"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "profile.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

number() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "profile.sh: $1 needs a whole number above 0, got '$2'" >&2; exit 2; }; }
number --rate "$rate"
number --step "$step_seconds"
number --window "$window"
number --idle "$idle_seconds"
number --load-warmup "$load_warmup"
number --steady-timeout "$steady_timeout"
[ "$saturation" = auto ] || number --saturation "$saturation"
for r in ${sweep_rates//,/ }; do number --sweep-rates "$r"; done

for tool in perf jcmd jfr python3; do
    command -v "$tool" >/dev/null || { echo "profile.sh: $tool is not on the PATH" >&2; exit 2; }
done
if $strace_check && ! command -v strace >/dev/null; then
    echo "profile.sh: strace is not on the PATH (or use --no-strace-check)" >&2; exit 2
fi
jar="$here/cli/target/hedge-cli.jar"
[ -f "$jar" ] || { echo "profile.sh: $jar is missing; build first: mvn -B -o -q package -DskipTests" >&2; exit 2; }

helper="$here/scripts/profile-report.py"
work="$(mkdir -p "$work" && cd "$work" && pwd)"
rm -rf "${work:?}"/*
mkdir -p "$out" "$work/snap" "$work/perf" "$work/jfr" "$work/logs"
fabric="$work/fabric"
declare -A pids=()
load_pid=""

step() { echo "[profile $(date -u +%H:%M:%S)] $*"; }

stop_pid()
{
    local pid="$1"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup()
{
    local rc=$?
    trap - EXIT INT TERM
    [ -n "$load_pid" ] && stop_pid "$load_pid"
    # replicas first, then the gateway, so nobody starts an election on the way out
    for role in replica-C replica-B replica-A gateway; do
        [ -n "${pids[$role]:-}" ] && stop_pid "${pids[$role]}"
    done
    # the roles delete their Aeron directories on a clean stop; whatever a killed one left goes here
    rm -rf "$(python3 "$helper" aeron-root "$fabric")"
    if $keep; then echo "profile.sh: scratch kept in $work"; else rm -rf "$work"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Six consecutive free UDP ports: ingress, sequenced, responses, replay, and the standby and ops ports that the
# gateway derives from the sequenced port (+3, +4).
base_port="$(python3 "$helper" free-ports 6)"
config="$work/profile.properties"
"$here/hedge" settings --properties > "$config"
cat >> "$config" <<EOF

# scripts/profile.sh: these win over the defaults above
hedge.dir=$fabric
idle=backoff
ingress.port=$base_port
sequenced.port=$((base_port + 1))
responses.port=$((base_port + 2))
replay.port=$((base_port + 3))
EOF
for kv in "${settings[@]}"; do echo "$kv" >> "$config"; done

# Every role runs through ./hedge, which takes JVM flags from HEDGE_JAVA_OPTS; DebugNonSafepoints lets JFR place
# samples between safepoints, so inlined hot loops are not all charged to their callers. -Xmx as the bench gives
# its child processes.
role_opts="-Xmx512m -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints"

start_role()
{
    local role="$1"; shift
    HEDGE_JAVA_OPTS="$role_opts" "$here/hedge" "$@" --config "$config" > "$work/logs/$role.log" 2>&1 &
    pids[$role]=$!
}

await_log()
{
    local file="$1" text="$2" timeout="$3" pid="$4"
    local deadline=$((SECONDS + timeout))
    until grep -qF -- "$text" "$file" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || { echo "profile.sh: $file's process exited before '$text':" >&2; tail -20 "$file" >&2; exit 1; }
        [ $SECONDS -lt $deadline ] || { echo "profile.sh: no '$text' in $file within ${timeout} s" >&2; tail -20 "$file" >&2; exit 1; }
        sleep 0.1
    done
}

step "starting the gateway and replicas A, B, C (each its own process and media driver) in $fabric"
start_role gateway gateway
await_log "$work/logs/gateway.log" "hedge gateway" 90 "${pids[gateway]}"
for site in A B C; do start_role "replica-$site" replica --site "$site"; done
for site in A B C; do await_log "$work/logs/replica-$site.log" "hedge replica" 90 "${pids[replica-$site]}"; done
aeron_root="$(python3 "$helper" aeron-root "$fabric")"
step "up: gateway pid ${pids[gateway]}, replicas A/B/C pids ${pids[replica-A]}/${pids[replica-B]}/${pids[replica-C]}"

# Short load to bring every role live and compile the hot path before anything is measured.
step "warming up: 20 s at $((rate / 2))/s"
if ! HEDGE_JAVA_OPTS="$role_opts" "$here/hedge" load --config "$config" --rate $((rate / 2)) --warmup 5 --duration 15 \
    > "$work/logs/warmup.log" 2>&1; then
    # only the JIT matters here; a warm-up that fell behind on a busy machine is reported, not fatal
    step "the warm-up did not keep up ($(grep -E '^requests:' "$work/logs/warmup.log" || echo 'no summary')); going on"
fi
sleep 5

# role=pid words for the helper, the client's added while a load runs
role_args() { local r; for r in gateway replica-A replica-B replica-C; do printf '%s=%s ' "$r" "${pids[$r]}"; done; [ -n "$load_pid" ] && printf 'client=%s' "$load_pid"; echo; }
driver_args() { local r; for r in gateway replica-A replica-B replica-C; do printf '%s=%s ' "$r" "$aeron_root/$r/aeron"; done; echo; }
counters() { python3 "$helper" counters "$1" $(driver_args); }

# snap DIR ANSWERED: processes' and threads' CPU ticks, loopback packets, the clock, the answered count, then the
# media drivers' counters (read from their CnC files)
snap()
{
    mkdir -p "$1"
    python3 "$helper" snap "$1" "$2" $(role_args)
    counters "$1/counters.tsv"
}

perf_events="raw_syscalls:sys_enter"
for s in sendto sendmsg sendmmsg recvfrom recvmsg recvmmsg read write pwrite64 futex sched_yield nanosleep \
    clock_nanosleep epoll_wait poll select madvise msync fdatasync fsync mmap munmap ioctl; do
    perf_events="$perf_events,syscalls:sys_enter_$s"
done

perf_window()
{
    local level="$1" seconds="$2" r
    local -a perfs=()
    for r in $(role_args); do
        perf stat -x, -e "$perf_events" -p "${r#*=}" -o "$work/perf/$level-${r%%=*}.csv" -- sleep "$seconds" 2>/dev/null &
        perfs+=($!)
    done
    wait "${perfs[@]}"
}

# jcmd per role in parallel; waits for those jcmds only (a bare wait would wait for the roles themselves).
jfr_all()
{
    local r
    local -a jcmds=()
    for r in $(role_args); do
        jcmd "${r#*=}" JFR."$1" name=profile "${2//ROLE/${r%%=*}}" > "$work/logs/jcmd-${r%%=*}.log" 2>&1 &
        jcmds+=($!)
    done
    for r in "${jcmds[@]}"; do
        # a role without a recording loses its flame graph, not the run
        wait "$r" || step "jcmd JFR.$1 failed for one role (see $work/logs/jcmd-*.log); going on"
    done
}
jfr_start() { jfr_all start "settings=$here/scripts/profile.jfc"; }
jfr_stop() { jfr_all stop "filename=$work/jfr/$1-ROLE.jfr"; }

# the answered count of the load's progress line for second N (its lines are "  measure  12 s: sent ... answered ...")
answered_at()
{
    local log="$1" second="$2" deadline=$((SECONDS + 30)) line
    while :; do
        # the whole line or nothing: a JVM log line written at the same moment can cut a progress line in two
        line="$(grep -E "^ +(warm-up|measure) +$second s: sent [0-9,]+ answered [0-9,]+ " "$log" 2>/dev/null \
            | head -1 || true)"
        if [ -n "$line" ]; then
            sed -E 's/.*answered ([0-9,]+).*/\1/; s/,//g' <<< "$line"
            return 0
        fi
        kill -0 "$load_pid" 2>/dev/null || { echo "profile.sh: the load ended before second $second:" >&2; tail -20 "$log" >&2; exit 1; }
        [ $SECONDS -lt $deadline ] || { echo "profile.sh: no progress line for second $second in $log" >&2; exit 1; }
        sleep 0.05
    done
}

# steady_second LOG RATE FROM: the first second from FROM on that ends three progress lines in a row with at least
# 95 % of RATE answered in their second and a p99 under 200 ms: the backlog of a new client JVM, or of a role that
# fell behind, is drained. (Sent minus answered is no test: requests lost in a step-down stay in it until they time
# out.) Fails after --steady-timeout seconds of the load.
steady_second()
{
    local log="$1" load_rate="$2" second="$3" good=0 line answered p99 before
    before="$(answered_at "$log" $((second - 1)))"
    while [ "$second" -le $(( $3 + steady_timeout )) ]; do
        answered="$(answered_at "$log" "$second")"
        line="$(grep -E "^ +(warm-up|measure) +$second s: sent [0-9,]+ answered [0-9,]+ " "$log" | head -1)"
        p99="$(sed -E 's/.* p99 ([0-9]+)\.[0-9]+ ms.*/\1/' <<< "$line")"
        if [ $(( (answered - before) * 100 )) -ge $((load_rate * 95)) ] && [ "$p99" -lt 200 ]; then
            good=$((good + 1))
        else
            good=0
        fi
        before="$answered"
        if [ "$good" -ge 3 ]; then
            echo "$((second + 1))"
            return 0
        fi
        second=$((second + 1))
    done
    echo "profile.sh: the load at $load_rate/s was not steady within $steady_timeout s of its warm-up" >&2
    exit 1
}

profile_idle()
{
    step "idle: clean window of $idle_seconds s (CPU, packets, counters)"
    snap "$work/snap/idle-clean-start" 0
    sleep "$idle_seconds"
    snap "$work/snap/idle-clean-end" 0
    step "idle: perf stat window of $idle_seconds s (system calls)"
    perf_window idle "$idle_seconds"
    echo "$idle_seconds" > "$work/perf/idle-seconds"
    # The first JFR start in a JVM loads JFR itself (seconds of CPU here): do it once now, outside every window.
    # JFR then keeps a periodic-task thread (under 1 % of a core); the loaded windows carry it, the idle ones do not.
    step "idle: loading JFR in each role (a short recording, not measured)"
    jfr_all start "settings=$here/scripts/profile.jfc"
    jfr_all stop "filename=$work/jfr/warm-ROLE.jfr"
    rm -f "$work"/jfr/warm-*.jfr
    sleep 3
    step "idle: JFR window of $idle_seconds s"
    jfr_start
    sleep "$idle_seconds"
    jfr_stop idle
}

# profile_load LEVEL RATE WINDOW...: one load run, its measured part cut into the named windows (clean, perf, jfr,
# strace), each --window seconds with --gap seconds between them. Each boundary waits for the load's progress line
# of that second and writes "NAME start|end SECOND ANSWERED EPOCH_SECONDS" to the level's windows file, so that
# rates come from the clock, not from the generator's second count (it prints late lines in a burst when starved).
profile_load()
{
    local level="$1" load_rate="$2"; shift 2
    local names=("$@") warmup=$load_warmup
    local duration=$((${#names[@]} * (window + gap) + 2))
    [ "$level" = saturation ] || duration=$((duration + steady_timeout))
    local log="$work/logs/load-$level.log"
    local windows_file="$work/perf/$level-windows"
    step "$level: ./hedge load at $load_rate/s for $((warmup + duration)) s, windows: ${names[*]}"
    # the load's JVM loads JFR at its start (a one-second recording), so that starting one later in a window costs
    # what it costs in the roles; jcmd then records its window like theirs
    # (-Xlog keeps JFR's start-up notices out of the load's output, where they cut progress lines in two)
    local extra="-Xlog:jfr*=warning -XX:StartFlightRecording=name=init,settings=$here/scripts/profile.jfc,duration=1s"
    extra="$extra,filename=$work/jfr/init-$level-client.jfr"
    HEDGE_JAVA_OPTS="$role_opts $extra" "$here/hedge" load --config "$config" --rate "$load_rate" \
        --warmup "$warmup" --duration "$duration" > "$log" 2>&1 &
    load_pid=$!
    # the windows start once the load is steady (see steady_second)
    # (not at saturation, whose backlog never drains)
    local t=$((warmup + 2))
    if [ "$level" != saturation ]; then
        t="$(steady_second "$log" "$load_rate" $t)"
        step "$level: steady from second $t of the load"
    fi
    local answered name
    for name in "${names[@]}"; do
        step "$level: $name window, seconds $t-$((t + window)) of the load"
        answered="$(answered_at "$log" $t)"
        echo "$name start $t $answered $EPOCHREALTIME" >> "$windows_file"
        case "$name" in
            clean) snap "$work/snap/$level-clean-start" "$answered" ;;
            perf) perf_window "$level" "$window" ;;
            jfr) jfr_start ;;
            strace) timeout -s INT "$window" strace -f -c -p "${pids[gateway]}" \
                        -o "$work/perf/$level-gateway-strace.txt" 2>/dev/null || true ;;
        esac
        answered="$(answered_at "$log" $((t + window)))"
        echo "$name end $((t + window)) $answered $EPOCHREALTIME" >> "$windows_file"
        case "$name" in
            clean) snap "$work/snap/$level-clean-end" "$answered" ;;
            jfr) jfr_stop "$level" ;;
        esac
        t=$((t + window + gap))
    done
    step "$level: waiting for the load to finish and check every answer"
    if ! wait "$load_pid"; then
        load_pid=""
        echo "profile.sh: the load at $load_rate/s did not pass (see below); its figures are kept but marked" >&2
        tail -12 "$log" >&2
        echo FAIL > "$work/perf/$level-result"
    else
        load_pid=""
        echo PASS > "$work/perf/$level-result"
    fi
}

find_saturation()
{
    local r log
    for r in ${sweep_rates//,/ }; do
        log="$work/logs/sweep-$r.log"
        step "saturation sweep: $r/s for $step_seconds s (after 2 s of warm-up)" >&2
        HEDGE_JAVA_OPTS="$role_opts" "$here/hedge" load --config "$config" --rate "$r" --warmup 2 \
            --duration "$step_seconds" > "$log" 2>&1 || true
        if ! python3 "$helper" kept-up "$log" "$r" >> "$work/sweep.txt"; then
            tail -1 "$work/sweep.txt" >&2
            echo "$r"
            return 0
        fi
        tail -1 "$work/sweep.txt" >&2
    done
    echo "profile.sh: the fabric kept up with every sweep rate (${sweep_rates}); add higher ones" >&2
    exit 1
}

uptime > "$work/uptime-start.txt"
profile_idle
profile_load rate "$rate" clean perf jfr
if [ "$saturation" = auto ]; then
    saturation="$(find_saturation)"
    step "saturation: the fabric stopped keeping up at $saturation/s"
fi
echo "$saturation" > "$work/saturation-rate"
sleep 3
profile_load saturation "$saturation" clean perf jfr
if $strace_check; then
    # its own run: strace stops every thread of the gateway at each system call, and the backlog it leaves would
    # fail the run it was in
    sleep 3
    profile_load strace "$rate" clean strace
fi
uptime > "$work/uptime-end.txt"

step "flame graphs and tables into $out"
rm -f "$work"/jfr/init-*.jfr
for f in "$work"/jfr/*.jfr; do
    name="$(basename "$f" .jfr)"
    python3 "$here/scripts/jfr-flame.py" "$f" "$out/$name" "Hedge $name: JFR CPU samples" > "$work/jfr/$name.top"
done
python3 "$helper" report "$work" "$out" "$rate" "$saturation" | tee "$out/results.md"
step "done"
