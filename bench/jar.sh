# Sourced by the bench scripts: sets `here` (this checkout) and `jar` (cli/target/hecate.jar, built first when it is
# missing or BENCH_REBUILD is set).
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$here/cli/target/hecate.jar"
if [[ ! -f "$jar" || -n "${BENCH_REBUILD:-}" ]]; then
  echo "bench: building the jar (mvn package)..." >&2
  (cd "$here" && mvn -B -q -DskipTests package >&2)
fi
