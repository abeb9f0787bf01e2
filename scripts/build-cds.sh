#!/usr/bin/env bash
# Builds the AppCDS archive next to the jar (hecate.jsa) from a training run that boots the engine and
# runs a dry-run shutdown; bin/hecate and the bench use it when present (~2x faster engine boot). `mvn package`
# runs it (cli/pom.xml); an archive whose jar changed is ignored by the JVM, never used wrongly, but silently: every
# command then starts as slowly as without one. So a second argument "true" (mvn -Dcds.skip=true) removes the jar's
# archive and builds none.
# Usage: scripts/build-cds.sh [JAR] [SKIP]
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="${1:-$here/cli/target/hecate.jar}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -f "${jar%.jar}.jsa"
if [[ "${2:-false}" == true ]]; then
  exit 0
fi
sed "s#^state_dir: .*#state_dir: $work/state#" "$here/configs/hecate.example.yaml" > "$work/hecate.yaml"
java -XX:+UseSerialGC -Xmx256m -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="${jar%.jar}.jsa" -Xlog:cds=off \
  -jar "$jar" shutdown --config "$work/hecate.yaml" >/dev/null
echo "${jar%.jar}.jsa"
