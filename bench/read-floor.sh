#!/usr/bin/env bash
# Benchmark (not a test): how close `hecate runs` (no daemon) is to the least any JVM program takes to answer it on this
# machine. Alternating, RUNS times each (default 9), prints min / median / max wall seconds of:
# - jvm:        a class that prints one line, with an AppCDS archive of its own: the JVM's start and exit;
# - jvm + h2:   bench/ReadFloor.java with its own archive: opens the history's H2 file as `runs` does, reads 20 runs,
#               prints them (no CLI parsing, no config, no orphan sweep);
# - hecate runs: bin/hecate runs, as an operator types it.
# Usage: bench/read-floor.sh [RUNS]     uses cli/target/hecate.jar (built when missing) and its archives.
set -euo pipefail
# shellcheck source=bench/jar.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/jar.sh"
# shellcheck source=bench/timing.sh
source "$here/bench/timing.sh"
runs="${1:-9}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sed "s#^state_dir: .*#state_dir: $work/state#" "$here/configs/hecate.example.yaml" > "$work/hecate.yaml"
"$here/bin/hecate" shutdown --config "$work/hecate.yaml" >/dev/null 2>&1   # one run in the history
history="$work/state/engine/history"
mkdir "$work/classes"
javac -d "$work/classes" "$here/bench/ReadFloor.java"
jar cf "$work/floor.jar" -C "$work/classes" .   # an archive needs a jar, not a directory
opts=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx256m)   # bin/hecate's, with its huge pages
thp=/sys/kernel/mm/transparent_hugepage/enabled
if [[ -r "$thp" && "$(< "$thp")" != *"[never]"* ]]; then opts+=(-XX:+UseTransparentHugePages); fi
java "${opts[@]}" -XX:ArchiveClassesAtExit="$work/jvm.jsa" -Xlog:cds=off -cp "$work/floor.jar" ReadFloor >/dev/null
java "${opts[@]}" -XX:ArchiveClassesAtExit="$work/h2.jsa" -Xlog:cds=off -cp "$work/floor.jar:$jar" ReadFloor "$history" >/dev/null
cds() { echo "-XX:SharedArchiveFile=$work/$1.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"; }

# shellcheck disable=SC2046
jvm=(java "${opts[@]}" $(cds jvm) -cp "$work/floor.jar" ReadFloor)
# shellcheck disable=SC2046
h2=(java "${opts[@]}" $(cds h2) -cp "$work/floor.jar:$jar" ReadFloor "$history")
hecate=("$here/bin/hecate" runs --config "$work/hecate.yaml")
a=(); b=(); c=()
for ((i = 0; i < runs; i++)); do
  a+=("$(wall "${jvm[@]}")"); b+=("$(wall "${h2[@]}")"); c+=("$(wall "${hecate[@]}")")
done
printf '%-14s %s\n' "figure (wall s)" "min / median / max" \
  "jvm" "$(printf '%s\n' "${a[@]}" | stats)" \
  "jvm + h2" "$(printf '%s\n' "${b[@]}" | stats)" \
  "hecate runs" "$(printf '%s\n' "${c[@]}" | stats)"
