# Sourced by the bench scripts that time whole commands.

wall() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

stats() { # numbers on stdin -> "min median max"
  sort -g | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "%.3f %.3f %.3f", v[1], m, v[NR]}'
}
