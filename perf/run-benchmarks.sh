#!/usr/bin/env bash
# Runs the Hedge JMH microbenchmarks (codecs, journal, sequencer, trading engine) with the GC profiler.
#
#   perf/run-benchmarks.sh [results.json] [-- extra JMH arguments]
#
# results.json defaults to perf/target/jmh-results.json. Anything after "--" goes to JMH; an option given there
# (-f, -wi, -w, -i, -r, -rf, -rff) replaces the default below, e.g.
#   perf/run-benchmarks.sh -- -f 1 -i 3 'EngineBenchmark'
#   perf/run-benchmarks.sh /tmp/codec.json -- CodecBenchmark.request
# The defaults (2 forks, 3 x 1 s warm-up, 5 x 1 s measurement) finish all benchmarks in a few minutes on 2 cores.
set -euo pipefail

PERF_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$PERF_DIR/target/hedge-benchmarks.jar"

RESULTS="$PERF_DIR/target/jmh-results.json"
if [[ $# -gt 0 && "$1" != "--" ]]; then
    RESULTS="$1"
    shift
fi
if [[ $# -gt 0 ]]; then
    if [[ "$1" != "--" ]]; then
        echo "usage: $0 [results.json] [-- extra JMH arguments]" >&2
        exit 2
    fi
    shift
fi

if [[ ! -f "$JAR" ]]; then
    echo "$JAR not found: build it first with 'mvn -q install -DskipTests' at the repository root" >&2
    exit 1
fi
mkdir -p "$(dirname "$RESULTS")"

# Chronicle Queue on JDK 17 fails in a static initialiser without these; Aeron/Agrona want jdk.internal.misc.
# Copied from the hedge.jvm.flags property of the root pom.xml; keep them in step.
JVM_FLAGS=(
    --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
    --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED
    --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
    --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/java.util=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
    --add-opens=java.base/java.util.zip=ALL-UNNAMED
    -Dchronicle.analytics.disable=true
    -Dchronicle.announcer.disable=true
    -Dagrona.disable.bounds.checks=false
)
# -Dchronicle.analytics.disable=true (above) keeps Chronicle from phoning home, in the harness and in every fork.
# The benchmarks' working directories go under perf/target.
JVM_FLAGS+=(
    "-Dhedge.bench.dir=$PERF_DIR/target/bench-work"
)

# -jvmArgsAppend takes one string, split on spaces by JMH: the flags must not contain spaces
for flag in "${JVM_FLAGS[@]}"; do
    if [[ "$flag" == *" "* ]]; then
        echo "JVM flag with a space cannot be passed to the JMH forks: $flag" >&2
        exit 1
    fi
done
FORK_FLAGS="${JVM_FLAGS[*]}"

# JMH refuses an option given twice, so an extra argument replaces the default of the same option
# (and an extra -jvmArgsAppend is added to the forks' flags).
declare -A DEFAULTS=([-f]=2 [-wi]=3 [-w]=1s [-i]=5 [-r]=1s [-rf]=json [-rff]="$RESULTS")
EXTRA=()
while [[ $# -gt 0 ]]; do
    if [[ "$1" == "-jvmArgsAppend" && $# -gt 1 ]]; then
        FORK_FLAGS="$FORK_FLAGS $2"
        shift 2
        continue
    fi
    if [[ -n "${DEFAULTS[$1]+set}" ]]; then
        unset "DEFAULTS[$1]"
    fi
    EXTRA+=("$1")
    shift
done
OPTIONS=()
for option in -f -wi -w -i -r -rf -rff; do
    if [[ -n "${DEFAULTS[$option]+set}" ]]; then
        OPTIONS+=("$option" "${DEFAULTS[$option]}")
    fi
done

echo "results: $RESULTS" >&2
exec java "${JVM_FLAGS[@]}" -jar "$JAR" \
    -jvmArgsAppend "$FORK_FLAGS" \
    -prof gc \
    "${OPTIONS[@]}" \
    "${EXTRA[@]}"
