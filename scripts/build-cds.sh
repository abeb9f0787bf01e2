#!/usr/bin/env bash
# Builds the AppCDS archives next to the jar; bin/hecate and the bench use them when present. `mvn package` runs it
# (cli/pom.xml).
# - hecate.jsa: from a training run that boots the engine and runs a dry-run shutdown (~2x faster engine boot);
# - hecate-read.jsa: from a `status` on that run's history, for `status` and `runs`, which read a config and H2 and
#   boot no engine: an archive of only the classes they load maps in less time than the engine's (~0.08 s of ~0.6 s).
# An archive whose jar changed is ignored by the JVM, never used wrongly, but silently: every command then starts as
# slowly as without one. So a second argument "true" (mvn -Dcds.skip=true) removes the jar's archives and builds none.
# Usage: scripts/build-cds.sh [JAR] [SKIP]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="${1:-$here/cli/target/hecate.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -f "${jar%.jar}.jsa" "${jar%.jar}-read.jsa"
if [[ "${2:-false}" == true ]]; then
  exit 0
fi
# the example's lists are flow sequences ([a, b]); one written as a block (`- a`, as the lab writes them) trains the
# parser's classes for that form too, which status and runs would otherwise read from the jar's 38,000-entry index
sed -e "s#^state_dir: .*#state_dir: $work/state#" -e 's#^  workers: \[.*#  workers:\n  - titan-04\n  - titan-05#' \
  "$here/configs/hecate.example.yaml" > "$work/hecate.yaml"
train() { # archive, command... (the flags bin/hecate gives the JVM that matter to an archive)
  local archive="$1"; shift
  java -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off \
    -jar "$jar" "$@" --config "$work/hecate.yaml" >/dev/null
  echo "$archive"
}
train "${jar%.jar}.jsa" shutdown
# after the dry run, whose run is the history status reads; an address where no daemon answers (this script's pid is
# alive, port 9 refuses) trains the asking too, which is all that status and runs do while a daemon runs
echo "$$ http://127.0.0.1:9/" > "$work/state/daemon.address"
train "${jar%.jar}-read.jsa" status
