#!/usr/bin/env bash
# Benchmark (not a test): the daemon on an 8-node lab; the UPS goes on battery, then below the threshold; prints the
# time from the triggering poll to the first command a node receives (min / median / max over RUNS, default 5).
# Usage: bench/trigger-latency.sh [RUNS]      The JVM runs with the daemon's flags from bin/hecate; uses cli/target/hecate.jar.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$here/cli/target/hecate.jar"
if [[ ! -f "$jar" || -n "${BENCH_REBUILD:-}" ]]; then
  echo "bench: building the jar (mvn package)..." >&2
  (cd "$here" && mvn -B -q -DskipTests package >&2)
fi
# shellcheck disable=SC2206
opts=(${BENCH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms24m -Xmn8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20})
archive="${jar%.jar}.jsa"   # as bin/hecate: classes from the AppCDS archive when it was built
if [[ -f "$archive" && -z "${BENCH_JAVA_OPTS:-}" ]]; then
  opts+=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
exec java "${opts[@]}" -cp "$jar" io.hecate.cli.TriggerLatencyBench "$@" 2>/dev/null
