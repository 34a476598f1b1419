#!/usr/bin/env bash
# Measures `hmstrace sweep` on 4 generated traces × 4 policies × 3 capacities (48 replays):
# --parallel 1 vs 2, and shared decoding (--share-decoding 8) vs decoding per replay (1).
# Prints wall, user and system CPU time and peak RSS per configuration, with the load average
# before each (the machine may be shared: compare CPU times when the load is high).
# Usage: bench/sweep/run.sh [work folder] (default /tmp/hmstrace-sweep-bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="${1:-/tmp/hmstrace-sweep-bench}"
h="$root/hmstrace"
mkdir -p "$work" && cd "$work"
[ -f zipf.hmst ] || "$h" trace gen zipf --out zipf.hmst --accesses 500000 --footprint-pages 20000 >/dev/null
[ -f stream.hmst ] || "$h" trace gen stream --out stream.hmst --array-size 1MiB --iterations 1 --kernels copy,triad >/dev/null
[ -f phase.hmst ] || "$h" trace gen phase-shift --out phase.hmst --accesses 600000 --footprint-pages 20000 --hot-pages 2000 --shift-every 100000 --shift-pages 2000 >/dev/null
[ -f tenants.hmst ] || "$h" trace gen multi-tenant --out tenants.hmst --accesses 600000 --working-sets 16MiB,8MiB --tenants 4 --gpu-fraction 0 >/dev/null
cat > sweep.yaml <<'YAML'
traces: ["*.hmst"]
topologies: [two-tier]
policies:
  - first-touch
  - lru
  - migrate-on-fault
  - { name: migrate-on-fault, params: { chunk_pages: 64 } }
capacity: { fast: [10%, 25%, 50%] }
epoch: 1ms
YAML
IFS=',' read -ra configs <<< "${CONFIGS:-1 8,2 8,1 1,2 1}"
for config in "${configs[@]}"; do
  read -r parallel share <<< "$config"
  rm -rf "out-$parallel-$share"
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %U %S %M" -o time.txt "$h" sweep sweep.yaml --out "out-$parallel-$share" --parallel "$parallel" --share-decoding "$share" >/dev/null
  read -r wall user sys rss < time.txt
  printf 'parallel=%s share-decoding=%s: wall %6.2f s  user %6.2f s  sys %5.2f s  peak RSS %5d MiB  (load before: %s)\n' "$parallel" "$share" "$wall" "$user" "$sys" $((rss / 1024)) "$load"
done
