#!/usr/bin/env bash
# Benchmark (not a test): a one-row commit through H2's plain file system and through async: (EngineDatabase's), in
# turn, with the JVM flags of the daemon, which commits on the emergency path. Prints median / p90 / p99 microseconds.
# Usage: bench/h2-commit.sh     uses cli/target/hecate.jar (built when missing) for H2.
set -euo pipefail
# shellcheck source=bench/jar.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/jar.sh"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$jar" "$here/bench/CommitLatency.java" "$work"
