#!/usr/bin/env bash
# The honest benchmark of issue 13: in one run, interleaved round by round on the same machine and threads,
#   1. `./pv3d generate` at 512² (official configs/models/pv3d.yaml architecture, random weights, deterministic
#      renderer, const noise, 1 seed, FRAMES frames + the 2 side views of the multi-view grid, files written) in
#      the default environment, against the official generator (bench/official_generator_time.py: synthesis of
#      FRAMES frames, one view each, nothing written) with the glibc allocator variables that make it fastest;
#   2. one tiny-preset training update: `./pv3d train --preset tiny` (median over updates 1..UPDATES) against the
#      official update at the same configuration (bench/official_training_step_time.py UPDATES, same variables).
# Prints each run and the medians over rounds, and the ratios ours/official.
#
# Usage: bench/compare_official.sh [ROUNDS=3] [FRAMES=4] [UPDATES=8]
# Needs the official code at PV3D_OFFICIAL (default /tmp/pv3d_ref; see tests/fixtures/official_code.py) and
# Debian's python3-torch. Scratch files go to PV3D_BENCH_DIR (default /tmp/pv3d_bench). Threads: PV3D_THREADS (2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-3} frames=${2:-4} updates=${3:-8}
threads=${PV3D_THREADS:-2}
dir=${PV3D_BENCH_DIR:-/tmp/pv3d_bench}
mkdir -p "$dir"
# The official code at its best: large blocks kept in the process instead of mmap/munmap per tensor.
official_env=(env PV3D_THREADS="$threads" MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=536870912)
# Ours in the environment a user has: none of those variables.
ours_env=(env -u MALLOC_MMAP_MAX_ -u MALLOC_TRIM_THRESHOLD_ -u MALLOC_TOP_PAD_ -u MALLOC_MMAP_THRESHOLD_ -u PV3D_MALLOC)

checkpoint=$dir/full_random.safetensors
[ -f "$checkpoint" ] || ./pv3d init --output "$checkpoint" --seed 1 > /dev/null
data=$dir/synth64
[ -d "$data" ] || ./pv3d dataset synth --out "$data" --count 16 --frames 32 --resolution 64 > /dev/null

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: > "$dir/gen_ours" ; : > "$dir/gen_official" ; : > "$dir/train_ours" ; : > "$dir/train_official"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$rounds"); do
  rm -rf "$dir/gen"
  line=$("${ours_env[@]}" ./pv3d generate --checkpoint "$checkpoint" --seeds 0 --frames "$frames" --out "$dir/gen" --threads "$threads" 2>&1 |
    grep 'frames rendered and written')
  rendered=$(echo "$line" | grep -oE '^[^0-9]*[0-9]+' | grep -oE '[0-9]+$')
  total=$(echo "$line" | grep -oE 'written in [0-9.]+' | grep -oE '[0-9.]+$')
  per_frame=$(echo "$line" | grep -oE '[0-9.]+ s/frame' | cut -d' ' -f1)
  echo "$per_frame" >> "$dir/gen_ours"
  echo "round $round: ours generate: $line"

  line=$("${official_env[@]}" /usr/bin/python3 bench/official_generator_time.py "$frames" 2>&1 | grep 's/frame')
  echo "$line" | grep -oE '[0-9.]+ s/frame' | cut -d' ' -f1 >> "$dir/gen_official"
  echo "round $round: official generate: $line"

  rm -rf "$dir/run"
  "${ours_env[@]}" ./pv3d train --data "$data" --out "$dir/run" --preset tiny --steps $((updates + 1)) --threads "$threads" \
    --checkpoint-every 100000 --sample-every 100000 > "$dir/train.log" 2>&1
  ours_update=$(tail -n +2 "$dir/run/log.jsonl" | grep -oE '"seconds":[0-9.eE+-]+' | cut -d: -f2 | median)
  echo "$ours_update" >> "$dir/train_ours"
  echo "round $round: ours train: median $ours_update s/update over updates 1..$updates"

  line=$("${official_env[@]}" /usr/bin/python3 bench/official_training_step_time.py "$updates" 2>&1 | grep 's/update median')
  echo "$line" | grep -oE '[0-9.]+ s/update median' | cut -d' ' -f1 >> "$dir/train_official"
  echo "round $round: official train: $line"
done

g_ours=$(median < "$dir/gen_ours") g_off=$(median < "$dir/gen_official")
t_ours=$(median < "$dir/train_ours") t_off=$(median < "$dir/train_official")
echo
echo "medians over $rounds rounds (load average now $(cut -d' ' -f1-3 /proc/loadavg)):"
awk -v a="$g_ours" -v b="$g_off" 'BEGIN { printf "generate 512^2: ours %.2f s per rendered frame, official %.2f s/frame: ratio %.2f\n", a, b, a / b }'
awk -v a="$t_ours" -v b="$t_off" 'BEGIN { printf "training update, tiny: ours %.3f s, official %.3f s: ratio %.2f\n", a, b, a / b }'
