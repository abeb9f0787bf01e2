#!/usr/bin/env bash
# Benchmark (not a test): the daemon on an 8-node lab; once its warm-up is done, the UPS goes on battery, then below the
# threshold; prints the time from the triggering poll to the first command a node receives: the JVM's first trigger (a
# real daemon's case), then min / median / max of the later ones (RUNS in all, default 5).
# Usage: bench/trigger-latency.sh [RUNS]      The JVM runs with the daemon's flags from bin/hecate; uses cli/target/hecate.jar.
set -euo pipefail
# shellcheck source=bench/jar.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/jar.sh"
# shellcheck disable=SC2206
opts=(${BENCH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms24m -Xmn8m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:-ShrinkHeapInSteps -XX:TrimNativeHeapInterval=10000})
archive="${jar%.jar}.jsa"   # as bin/hecate: classes from the AppCDS archive when it was built
if [[ -f "$archive" && -z "${BENCH_JAVA_OPTS:-}" ]]; then
  opts+=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
exec java "${opts[@]}" -cp "$jar" io.hecate.cli.TriggerLatencyBench "$@"
