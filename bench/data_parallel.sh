#!/usr/bin/env bash
# Data-parallel training throughput (issue 18): the tiny preset at batch 8 for UPDATES updates with 1 process
# (PV3D_THREADS threads) and with `--nproc 2` (threads split between the workers), interleaved round by round.
# Prints each run's median seconds per update over updates 1..UPDATES-1 (update 0 decodes clips and runs every
# regulariser) and what the 2-process run all-reduced.
#
# Usage: bench/data_parallel.sh [ROUNDS=2] [UPDATES=6]. Scratch files go to PV3D_BENCH_DIR (default /tmp/pv3d_bench).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-2} updates=${2:-6}
dir=${PV3D_BENCH_DIR:-/tmp/pv3d_bench}
mkdir -p "$dir"
data=$dir/synth64
[ -d "$data" ] || ./pv3d dataset synth --out "$data" --count 16 --frames 32 --resolution 64 > /dev/null

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
seconds() { /usr/bin/python3 -c 'import json,sys; [print(json.loads(l)["seconds"]) for l in list(open(sys.argv[1]))[1:]]' "$1/log.jsonl" | median; }

for round in $(seq 1 "$rounds"); do
  for nproc in 1 2; do
    run=$dir/ddp-$nproc
    rm -rf "$run"
    out=$(./pv3d train --data "$data" --out "$run" --preset tiny --steps "$updates" --sample-every 0 --checkpoint-every 100000 --nproc "$nproc" 2>&1)
    reduced=$(printf '%s\n' "$out" | grep -o 'all-reduced .*' || true)
    echo "round $round, $nproc process(es): median $(seconds "$run") s/update ${reduced:+; $reduced}"
  done
done
