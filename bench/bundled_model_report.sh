#!/usr/bin/env bash
# The pictures and numbers of the model card (models/README.md) for one generator file:
#   1. the README's main command, timed: ./pv3d generate --seeds 0-3 (16 frames, grids, depth);
#   2. motion maps and mouth-window ratios of seeds 0-7 with the frontal camera (bench/motion_maps.py);
#   3. an identity sheet: the first frame of seeds 0-15, frontal camera;
#   4. a yaw sheet: seeds 0-3 at yaw -30, 0, +30 degrees (rows of the grid PNGs the main command writes).
#
#   bench/bundled_model_report.sh [MODEL] [OUT]     (defaults: models/synthetic-heads.safetensors, /tmp/bundled-report)
#
# Needs ffmpeg and /usr/bin/python3 with numpy (setup.sh installs both).
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-models/synthetic-heads.safetensors}"
out="${2:-/tmp/bundled-report}"
rm -rf "$out"
mkdir -p "$out"

start=$(date +%s.%N)
./pv3d generate --checkpoint "$model" --seeds 0-3 --out "$out/generated" > "$out/generate.log"
end=$(date +%s.%N)
echo "main command (seeds 0-3 x 16 frames, grids and depth): $(echo "$end - $start" | bc) s wall"

./pv3d generate --checkpoint "$model" --seeds 0-7 --frames 8 --out "$out/frontal" > /dev/null
/usr/bin/python3 bench/motion_maps.py "$out/motion-0-3.png" "$out"/frontal/seed000{0,1,2,3}.mp4 --scale 2 | tee "$out/motion.txt"
/usr/bin/python3 bench/motion_maps.py "$out/motion-4-7.png" "$out"/frontal/seed000{4,5,6,7}.mp4 --scale 2 | tee -a "$out/motion.txt"
awk '{print $NF}' "$out/motion.txt" | awk '{s += $1; n++} END {printf "mouth-window ratio, seeds 0-7: mean %.2f\n", s / n}'

./pv3d generate --checkpoint "$model" --seeds 0-15 --frames 2 --out "$out/identities" > /dev/null
/usr/bin/python3 - "$out" <<'PY'
import subprocess, sys
import numpy as np
out = sys.argv[1]

def frames(path):
    w, h = map(int, subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                                    "-of", "csv=p=0", path], capture_output=True, text=True, check=True).stdout.strip().split(","))
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, h, w, 3)

def save(path, image, scale=2):
    image = image.repeat(scale, 0).repeat(scale, 1)
    h, w, _ = image.shape
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-i", "-", path],
                   input=image.tobytes(), check=True)

firsts = [frames(f"{out}/identities/seed{s:04d}.mp4")[0] for s in range(16)]
save(f"{out}/identities.png", np.concatenate([np.concatenate(firsts[r * 8:(r + 1) * 8], 1) for r in range(2)], 0))
# Identity spread: mean pixel distance between seeds' first frames, over the mean distance of a frame to itself shifted
# by one pixel (a scale for "visibly different").
pairs = [np.abs(firsts[i].astype(float) - firsts[j]).mean() for i in range(16) for j in range(i + 1, 16)]
print(f"identity sheet: mean |seed i - seed j| over first frames {np.mean(pairs):.1f} / 255")
PY
echo "pictures in $out: generated/seed000N_grid.png, motion-0-3.png, motion-4-7.png, identities.png"
