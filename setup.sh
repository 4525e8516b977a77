#!/usr/bin/env bash
# One-command set-up for a fresh Debian 12 machine: system packages, the native libtorch binding,
# the .NET solution. Safe to run again: it installs only what is missing and rebuilds incrementally.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

# libtorch (the tensor engine) and OpenBLAS (without it libtorch's matmul is ~25x slower), the C++
# toolchain, ffmpeg for video IO, and Debian's PyTorch, torchvision, scipy, OpenCV and mrcfile for fixtures and reference
# benchmarks; python3-skimage also for its public-domain test photo (skimage/data/astronaut.png) that the face tests read;
# libgloo-dev: the headers of Gloo, c10d's CPU process group (its library already comes with libtorch), for data-parallel training.
packages=(libtorch-dev libgloo-dev libopenblas0-pthread cmake g++ make ffmpeg python3-torch python3-scipy python3-omegaconf python3-torchvision python3-skimage python3-mrcfile python3-opencv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

# Pretrained face models (src/Pv3d/Faces): the weight manifests and .bin files of @vladmandic/face-api, MIT.
# Pinned version, checked against the registry's sha512; only model/ is kept, under models/face-api (git-ignored).
face_api_version="1.7.15"
face_api_integrity="sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw=="
face_dir="models/face-api"
if [ "$(cat "$face_dir/VERSION" 2>/dev/null)" != "$face_api_version" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "setup: npm is required to fetch the face models (@vladmandic/face-api)" >&2
    exit 1
  fi
  echo "setup: fetching @vladmandic/face-api@$face_api_version (face models)"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "@vladmandic/face-api@$face_api_version" >/dev/null)
  tgz="$tmp/vladmandic-face-api-$face_api_version.tgz"
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tgz")"
  if [ "$actual" != "$face_api_integrity" ]; then
    echo "setup: @vladmandic/face-api@$face_api_version failed its integrity check ($actual)" >&2
    rm -rf "$tmp"
    exit 1
  fi
  tar -xzf "$tgz" -C "$tmp" package/model package/LICENSE
  rm -rf "$face_dir"
  mkdir -p "$face_dir"
  cp "$tmp"/package/model/* "$tmp/package/LICENSE" "$face_dir"/
  echo "$face_api_version" > "$face_dir/VERSION"
  rm -rf "$tmp"
fi

echo "setup: building native/ (libpv3dtorch.so)"
cmake -S native -B native/build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build native/build -j"$(nproc)"

echo "setup: building the .NET solution"
dotnet build Pv3d.slnx -c Release -nologo -v quiet

echo "setup: done. Try ./pv3d info"
