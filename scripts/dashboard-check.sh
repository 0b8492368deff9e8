#!/usr/bin/env bash
# The dashboard in a real browser (issue 13): serves `hedge dashboard`'s page fed by a synthetic three-site fabric
# (ten minutes of history, then a live tick a second; io.hedge.ops.dashboard.DashboardBrowserCheck in ops' test
# sources), loads it in headless Chromium, checks that the numbers the page draws are those the feed sent and that
# the page says so when the feed stops, and takes a screenshot into docs/dashboard.png.
# Not part of `mvn test`: Chromium is not part of the project's set-up. Install it first (Debian):
#   apt-get install -y chromium
# Usage: scripts/dashboard-check.sh [SCREENSHOT]      (default: docs/dashboard.png; "-" for none)
# Environment: CHROMIUM (default: chromium). Builds offline (mvn -o), installs nothing into ~/.m2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
chromium="${CHROMIUM:-chromium}"
screenshot="${1:-$here/docs/dashboard.png}"
if ! command -v "$chromium" > /dev/null; then
  echo "dashboard-check: '$chromium' not found; install Chromium (apt-get install -y chromium) or set CHROMIUM" >&2
  exit 2
fi
work="$here/ops/target/dashboard-check"
rm -rf "$work"; mkdir -p "$work"
cd "$here"
# compile ops and its test sources, and list its dependencies (the reactor's own modules as their target/classes)
mvn -B -o -q -pl ops -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/dashboard-check.classpath -Dmdep.includeScope=test
cp="$here/ops/target/test-classes:$here/ops/target/classes:$(cat "$here/ops/target/dashboard-check.classpath")"
args=("$chromium" "$work")
[ "$screenshot" != "-" ] && args+=("$screenshot")
java -Xmx512m --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" io.hedge.ops.dashboard.DashboardBrowserCheck "${args[@]}"
