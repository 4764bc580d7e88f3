#!/usr/bin/env bash
# A proof on a cluster of MEMBERS members on this machine (the asking one and MEMBERS-1 workers,
# each a JVM on loopback), against the same proof searched locally: wall time, CPU time of every
# process, distinct states. What the partitioning costs; on one machine it cannot be faster.
#   deploy/loopback-cluster.sh [CPUS] [OPS] [MEMBERS] [THREADS] [BUDGET]   (default: 3 2 3 1 600)
# With a budget the bound outgrows, both answers are INCONCLUSIVE and the states reached compare rates.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cpus=${1:-3} ops=${2:-2} members=${3:-3} threads=${4:-1} budget=${5:-600}
work="$(mktemp -d)"
export SHOOTDOWN_CLUSTER_KEY="loopback-cluster.sh $(date +%s%N) $RANDOM$RANDOM"
"$home/shootdown" list >/dev/null # build once, before several JVMs start
cpu_seconds() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
run() { # label, then the command; prints wall and CPU seconds and the explored line
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/env time -f "%U %S" -o "$work/time" "$@" >"$work/$label.out" 2>"$work/$label.err" || true
  end=$(date +%s.%N)
  read -r user sys < <(tail -1 "$work/time")
  echo "$label: wall $(echo "$end - $start" | bc) s, CPU $(echo "$user + $sys" | bc) s (this process)"
  grep -E "PROVED|REFUTED|INCONCLUSIVE|explored:|note:" "$work/$label.out" | sed 's/^/  /'
}
run local "$home/shootdown" prove cpa --variant CPA-4 --cpus "$cpus" --ops "$ops" --threads "$threads" --budget "$budget"
ports="127.0.0.1:5960"
for ((k = 1; k < members; k++)); do ports="$ports,127.0.0.1:$((5960 + k))"; done
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap stop EXIT
for ((k = 1; k < members; k++)); do
  port=$((5960 + k))
  "$home/shootdown" worker --port "$port" --threads "$threads" --join "$ports" --join-wait 120 \
    --cluster-log "$work/worker-$port.log" >"$work/worker-$port.out" 2>&1 &
  pids+=($!)
done
run cluster "$home/shootdown" prove cpa --variant CPA-4 --cpus "$cpus" --ops "$ops" --threads "$threads" --budget "$budget" --cluster \
  --port 5960 --join "$ports" --join-wait 120 --members "$members" --cluster-log "$work/asking.log"
total=0
for p in "${pids[@]}"; do
  c=$(cpu_seconds "$p" 2>/dev/null || echo 0); total=$(echo "$total + $c" | bc)
done
echo "workers: CPU $total s in all (${#pids[@]} processes, startup included); logs in $work"
