#!/usr/bin/env bash
# Benchmark (not a test): this checkout (A) against another one (B) on the same machine at the same time, A and B
# in turn so a drifting machine hits both alike. Prints min / median / max wall seconds of each and the median of the
# pairwise ratios A/B for: `hecate status`, `hecate runs`, `hecate runs show`, a dry-run `hecate shutdown` (no daemon
# running); then, with DAEMON_RUNS set, each checkout's daemon against an 8-node lab of its own: `status`, `runs`,
# `runs --json` and `runs show` while it runs (as on a real host, once the daemon's warm-up is done), its idle resident
# memory (MB) DAEMON_IDLE_SECONDS (30)
# after boot and its CPU (% of one core) over those seconds; then, with BENCH_NODES set, the emergency bench
# (bench/emergency-shutdown.sh) of both, whose "(ratio)" is whole run / slowest node.
# Usage: bench/compare.sh OTHER_CHECKOUT [RUNS]    (RUNS default 7; DAEMON_RUNS=3 adds the daemon figures,
#        BENCH_NODES="50 200" the emergency bench)
# The trigger-to-first-command latency needs an outage the lab injects in-process: bench/trigger-latency.sh.
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
newest_run() { # checkout config -> the id of the newest run in that config's history
  "$1/bin/hecate" runs --limit 1 --config "$2" | awk 'NR == 2 {print $1}'
}
a_config="$(config_for "$here" a)"
b_config="$(config_for "$other" b)"
a_run="$(newest_run "$here" "$a_config")"
b_run="$(newest_run "$other" "$b_config")"

# shellcheck source=bench/timing.sh
source "$here/bench/timing.sh"

printf '%-22s %-26s %-26s %s\n' "figure (wall s)" "A min/median/max" "B min/median/max" "A/B median of pairs"
figure() { # name, args after `hecate` (CONFIG and RUN are replaced per checkout)
  local name="$1"; shift
  local a=() b=() r=() i ta tb args_a args_b
  args_a=("${@/#RUN/$a_run}"); args_a=("${args_a[@]/#CONFIG/$a_config}")
  args_b=("${@/#RUN/$b_run}"); args_b=("${args_b[@]/#CONFIG/$b_config}")
  wall "$here/bin/hecate" "${args_a[@]}" >/dev/null; wall "$other/bin/hecate" "${args_b[@]}" >/dev/null
  for ((i = 0; i < runs; i++)); do
    ta=$(wall "$here/bin/hecate" "${args_a[@]}")
    tb=$(wall "$other/bin/hecate" "${args_b[@]}")
    a+=("$ta"); b+=("$tb"); r+=("$(echo "$ta / $tb" | bc -l)")
  done
  printf '%-22s %-26s %-26s %s\n' "$name" "$(printf '%s\n' "${a[@]}" | stats)" "$(printf '%s\n' "${b[@]}" | stats)" \
    "$(printf '%s\n' "${r[@]}" | stats | awk '{print $2}')"
}
figure "status" status --config CONFIG
figure "runs" runs --config CONFIG
figure "runs show" runs show RUN --config CONFIG
figure "shutdown (dry run)" shutdown --config CONFIG

start_daemon() { # checkout name -> "lab_pid daemon_pid config" of a daemon serving its own lab
  local lab_pid daemon_pid
  "$1/bin/hecate" lab --dir "$work/lab-$2" >"$work/lab-$2.out" 2>&1 & lab_pid=$!
  until grep -q '^config:' "$work/lab-$2.out" 2>/dev/null; do sleep 0.5; done
  "$1/bin/hecate" shutdown --config "$work/lab-$2/hecate.yaml" >/dev/null 2>&1   # a run for `runs show`
  "$1/bin/hecate" daemon --config "$work/lab-$2/hecate.yaml" >"$work/daemon-$2.out" 2>&1 & daemon_pid=$!
  until grep -q 'metrics on port' "$work/daemon-$2.out" 2>/dev/null; do sleep 0.5; done
  # its warm-up (a dry emergency rehearsal) takes both cores for a second or two: measure the daemon as a host has it
  until grep -q 'daemon: warm' "$work/daemon-$2.out" 2>/dev/null; do sleep 0.5; done
  echo "$lab_pid $daemon_pid $work/lab-$2/hecate.yaml"
}
stop_daemon() { # lab_pid daemon_pid (started in a subshell: not this shell's children, so no `wait`)
  kill "$2" "$1"
  while kill -0 "$2" 2>/dev/null || kill -0 "$1" 2>/dev/null; do sleep 0.2; done
}
cpu_seconds() { # pid -> CPU seconds (user + system) the process has used
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"
}
if [[ -n "${DAEMON_RUNS:-}" ]]; then
  idle="${DAEMON_IDLE_SECONDS:-30}"
  ra=(); rb=(); rr=(); ca=(); cb=(); cr=()
  for ((d = 0; d < DAEMON_RUNS; d++)); do
    read -r la da a_config < <(start_daemon "$here" a)
    read -r lb db b_config < <(start_daemon "$other" b)
    if [[ $d -eq 0 ]]; then
      a_run="$(newest_run "$here" "$a_config")"; b_run="$(newest_run "$other" "$b_config")"
      figure "status (daemon up)" status --config CONFIG
      figure "runs (daemon up)" runs --config CONFIG
      figure "runs --json (daemon up)" runs --json --config CONFIG
      figure "runs show (daemon up)" runs show RUN --config CONFIG
    fi
    ua=$(cpu_seconds "$da"); ub=$(cpu_seconds "$db")   # bin/hecate execs java: the pid is the JVM's
    sleep "$idle"
    ma=$(echo "$(ps -o rss= -p "$da") / 1024" | bc -l); mb=$(echo "$(ps -o rss= -p "$db") / 1024" | bc -l)
    ra+=("$ma"); rb+=("$mb"); rr+=("$(echo "$ma / $mb" | bc -l)")
    pa=$(echo "($(cpu_seconds "$da") - $ua) * 100 / $idle" | bc -l); pb=$(echo "($(cpu_seconds "$db") - $ub) * 100 / $idle" | bc -l)
    ca+=("$pa"); cb+=("$pb"); cr+=("$(echo "$pa / ($pb + 0.001)" | bc -l)")
    stop_daemon "$la" "$da"; stop_daemon "$lb" "$db"
    rm -rf "$work"/lab-* "$work"/daemon-*
  done
  printf '%-22s %-26s %-26s %s\n' "daemon RSS idle (MB)" "$(printf '%s\n' "${ra[@]}" | stats)" "$(printf '%s\n' "${rb[@]}" | stats)" \
    "$(printf '%s\n' "${rr[@]}" | stats | awk '{print $2}')"
  printf '%-22s %-26s %-26s %s\n' "daemon CPU idle (%)" "$(printf '%s\n' "${ca[@]}" | stats)" "$(printf '%s\n' "${cb[@]}" | stats)" \
    "$(printf '%s\n' "${cr[@]}" | stats | awk '{print $2}')"
fi

if [[ -n "${BENCH_NODES:-}" ]]; then
  # shellcheck disable=SC2086
  for side in "$here" "$other"; do
    echo; echo "emergency bench, $side:"
    "$side/bench/emergency-shutdown.sh" --repeat 3 $BENCH_NODES | sed -n '/^ *nodes/,$p'
  done
fi
