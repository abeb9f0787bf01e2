#!/usr/bin/env bash
# Benchmark (not a test): the emergency shutdown on the lab with 10, 50 and 200 nodes, each taking 2 s to
# stop k3s; prints the wall time of the stop and poweroff stage and of the whole run against the slowest node.
# Usage: bench/emergency-shutdown.sh [--repeat N] [--warm] [NODES...]     (default: --repeat 3 10 50 200)
# --warm opens every SSH session before the run, as the daemon does from the first on-battery poll.
# The JVM runs with the daemon's flags from bin/hecate (serial GC, C1 only) plus a heap for 200 simulated
# nodes; BENCH_JAVA_OPTS overrides them. Uses cli/target/hecate.jar, built first when missing.
set -euo pipefail
# shellcheck source=bench/jar.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/jar.sh"
# shellcheck disable=SC2206
opts=(${BENCH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx768m})
exec java "${opts[@]}" -cp "$jar" io.hecate.drills.bench.EmergencyBench "$@"
