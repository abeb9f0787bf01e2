#!/usr/bin/env bash
# Benchmark (not a test): this checkout (A) against another one (B) on the same machine at the same time, A and B
# in turn so a drifting machine hits both alike. Prints min / median / max wall seconds of each and the median of the
# pairwise ratios A/B for: `hecate status`, `hecate runs`, a dry-run `hecate shutdown`; then, with BENCH_NODES set,
# the emergency bench (bench/emergency-shutdown.sh) of both, whose "(ratio)" is whole run / slowest node; with
# DAEMON_RSS_RUNS set, the idle daemon's resident memory (MB) against an 8-node lab, DAEMON_IDLE_SECONDS (30) after boot.
# Usage: bench/compare.sh OTHER_CHECKOUT [RUNS]    (RUNS default 7; BENCH_NODES="50 200" adds the emergency bench)
# The trigger-to-first-command latency needs an outage the lab injects in-process: DaemonLabIT prints it.
# Each checkout runs through its own bin/hecate (its JVM flags, its AppCDS archive when it has one).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
other="$(cd "${1:?usage: bench/compare.sh OTHER_CHECKOUT [RUNS]}" && pwd)"
runs="${2:-7}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

config_for() { # checkout name -> a config whose state dir is private to this comparison
  sed "s#^state_dir: .*#state_dir: $work/$2-state#" "$1/configs/hecate.example.yaml" > "$work/$2.yaml"
  "$1/bin/hecate" shutdown --config "$work/$2.yaml" >/dev/null 2>&1   # builds the jar when missing; leaves one run in H2
  echo "$work/$2.yaml"
}
a_config="$(config_for "$here" a)"
b_config="$(config_for "$other" b)"

wall() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

stats() { # numbers on stdin -> "min median max"
  sort -g | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.3f %.3f %.3f", v[1], m, v[NR]}'
}

printf '%-22s %-26s %-26s %s\n' "figure (wall s)" "A min/median/max" "B min/median/max" "A/B median of pairs"
figure() { # name, args after `hecate` (CONFIG is replaced per checkout)
  local name="$1"; shift
  local a=() b=() r=() i ta tb
  wall "$here/bin/hecate" "${@/CONFIG/$a_config}" >/dev/null; wall "$other/bin/hecate" "${@/CONFIG/$b_config}" >/dev/null
  for ((i = 0; i < runs; i++)); do
    ta=$(wall "$here/bin/hecate" "${@/CONFIG/$a_config}")
    tb=$(wall "$other/bin/hecate" "${@/CONFIG/$b_config}")
    a+=("$ta"); b+=("$tb"); r+=("$(echo "$ta / $tb" | bc -l)")
  done
  printf '%-22s %-26s %-26s %s\n' "$name" "$(printf '%s\n' "${a[@]}" | stats)" "$(printf '%s\n' "${b[@]}" | stats)" \
    "$(printf '%s\n' "${r[@]}" | stats | awk '{print $2}')"
}
figure "status" status --config CONFIG
figure "runs" runs --config CONFIG
figure "shutdown (dry run)" shutdown --config CONFIG

daemon_rss() { # checkout name -> idle daemon RSS in MB
  local lab_pid daemon_pid rss
  "$1/bin/hecate" lab --dir "$work/lab-$2" >"$work/lab-$2.out" 2>&1 & lab_pid=$!
  until grep -q '^config:' "$work/lab-$2.out" 2>/dev/null; do sleep 0.5; done
  "$1/bin/hecate" daemon --config "$work/lab-$2/hecate.yaml" >/dev/null 2>&1 & daemon_pid=$!
  sleep "${DAEMON_IDLE_SECONDS:-30}"
  rss=$(ps -o rss= -p "$daemon_pid")   # bin/hecate execs java: the same process
  kill "$daemon_pid" "$lab_pid"; wait "$daemon_pid" "$lab_pid" 2>/dev/null || true
  rm -rf "$work/lab-$2" "$work/lab-$2.out"
  echo "$rss / 1024" | bc -l
}
if [[ -n "${DAEMON_RSS_RUNS:-}" ]]; then
  a=(); b=(); r=()
  for ((i = 0; i < DAEMON_RSS_RUNS; i++)); do
    ma=$(daemon_rss "$here" a); mb=$(daemon_rss "$other" b)
    a+=("$ma"); b+=("$mb"); r+=("$(echo "$ma / $mb" | bc -l)")
  done
  printf '%-22s %-26s %-26s %s\n' "daemon RSS idle (MB)" "$(printf '%s\n' "${a[@]}" | stats)" "$(printf '%s\n' "${b[@]}" | stats)" \
    "$(printf '%s\n' "${r[@]}" | stats | awk '{print $2}')"
fi

if [[ -n "${BENCH_NODES:-}" ]]; then
  # shellcheck disable=SC2086
  for side in "$here" "$other"; do
    echo; echo "emergency bench, $side:"
    "$side/bench/emergency-shutdown.sh" --repeat 3 $BENCH_NODES | sed -n '/^ *nodes/,$p'
  done
fi
