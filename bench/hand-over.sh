#!/usr/bin/env bash
# Trials (not a test): the process that serves H2's files stops while another process is in the middle of a run.
# Each round, for this checkout (A) and, when given, another one (B) in turn:
#   pair  - two dry-run `hecate shutdown` started together on a new state dir (the first to open the files serves
#           them and exits while the second runs);
#   term  - a daemon on a lab serves the files; a dry-run `hecate shutdown` starts and the daemon gets SIGTERM at a
#           random moment 0.6-1.8 s later;
#   kill  - the same with SIGKILL.
# Prints, per checkout and trial kind, the commands that failed out of those run, and the wall seconds
# (min / median / max) of the command that met the hand-over. A failed command's output is kept and named.
# Usage: bench/hand-over.sh [OTHER_CHECKOUT] [ROUNDS]     (ROUNDS default 6)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
checkouts=("$here")
if [[ $# -gt 0 && -d "$1" ]]; then
  checkouts+=("$(cd "$1" && pwd)"); shift
fi
rounds="${1:-6}"
work="$(mktemp -d)"
kept="$(mktemp -d)"
labs=()
trap 'for p in "${labs[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
# shellcheck source=bench/timing.sh
source "$here/bench/timing.sh"

declare -A failed ran times
record() { # key rc seconds output-file
  ran[$1]=$(( ${ran[$1]:-0} + 1 ))
  times[$1]="${times[$1]:-}$3"$'\n'
  if [[ $2 != 0 ]]; then
    failed[$1]=$(( ${failed[$1]:-0} + 1 ))
    cp "$4" "$kept/$1-${ran[$1]}.out"
  fi
}
seconds_since() { echo "$(date +%s.%N) - $1" | bc -l; }

pair() { # checkout index
  local dir="$work/pair-$2-$RANDOM" pa pb ra rb t0
  mkdir -p "$dir"
  sed "s#^state_dir: .*#state_dir: $dir/state#" "$1/configs/hecate.example.yaml" > "$dir/c.yaml"
  t0=$(date +%s.%N)
  "$1/bin/hecate" shutdown --config "$dir/c.yaml" > "$dir/a.out" 2>&1 & pa=$!
  "$1/bin/hecate" shutdown --config "$dir/c.yaml" > "$dir/b.out" 2>&1 & pb=$!
  ra=0; wait $pa || ra=$?
  rb=0; wait $pb || rb=$?
  local t; t=$(seconds_since "$t0")
  record "$2 pair" $ra "$t" "$dir/a.out"
  record "$2 pair" $rb "$t" "$dir/b.out"
}

lab_config=()
start_lab() { # checkout index
  "$1/bin/hecate" lab --dir "$work/lab-$2" > "$work/lab-$2.out" 2>&1 & labs+=($!)
  until grep -q '^config:' "$work/lab-$2.out" 2>/dev/null; do sleep 0.5; done
  lab_config[$2]="$work/lab-$2/hecate.yaml"
}

stopped() { # checkout index signal
  local config="${lab_config[$2]}" pd pc rc t0 delay out="$work/stopped-$2.out"
  "$1/bin/hecate" daemon --config "$config" > "$work/daemon-$2.out" 2>&1 & pd=$!
  until grep -q 'daemon: warm' "$work/daemon-$2.out" 2>/dev/null; do sleep 0.2; done
  t0=$(date +%s.%N)
  "$1/bin/hecate" shutdown --config "$config" > "$out" 2>&1 & pc=$!
  delay=$(awk -v r="$RANDOM" 'BEGIN {printf "%.2f", 0.6 + 1.2 * r / 32767}')
  sleep "$delay"
  kill -"$3" $pd 2>/dev/null || true
  wait $pd 2>/dev/null || true
  rc=0; wait $pc || rc=$?
  record "$2 $(tr '[:upper:]' '[:lower:]' <<< "$3")" $rc "$(seconds_since "$t0")" "$out"
}

for i in "${!checkouts[@]}"; do start_lab "${checkouts[$i]}" "$i"; done
for ((r = 0; r < rounds; r++)); do
  for i in "${!checkouts[@]}"; do
    pair "${checkouts[$i]}" "$i"
    stopped "${checkouts[$i]}" "$i" TERM
    stopped "${checkouts[$i]}" "$i" KILL
  done
done

printf '%-44s %-6s %-9s %s\n' "checkout" "trial" "failed" "wall s of the command (min/median/max)"
for i in "${!checkouts[@]}"; do
  for kind in pair term kill; do
    key="$i $kind"
    printf '%-44s %-6s %-9s %s\n' "$(git -C "${checkouts[$i]}" log -1 --format='%h' 2>/dev/null) ${checkouts[$i]}" "$kind" \
      "${failed[$key]:-0}/${ran[$key]:-0}" "$(printf '%s' "${times[$key]}" | stats)"
  done
done
if compgen -G "$kept/*" > /dev/null; then echo "failed commands' output: $kept"; else rmdir "$kept"; fi
