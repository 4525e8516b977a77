#!/usr/bin/env bash
# One-command set-up for a fresh Debian 12 machine: system packages, the native libtorch binding,
# the .NET solution. Safe to run again: it installs only what is missing and rebuilds incrementally.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

# libtorch (the tensor engine) and OpenBLAS (without it libtorch's matmul is ~25x slower), the C++
# toolchain, ffmpeg for video IO, and Debian's PyTorch for fixtures and reference benchmarks.
packages=(libtorch-dev libopenblas0-pthread cmake g++ make ffmpeg python3-torch python3-scipy python3-omegaconf python3-torchvision python3-skimage python3-mrcfile python3-opencv)
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

echo "setup: building native/ (libpv3dtorch.so)"
cmake -S native -B native/build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build native/build -j"$(nproc)"

echo "setup: building the .NET solution"
dotnet build Pv3d.slnx -c Release -nologo -v quiet

echo "setup: done. Try ./pv3d info"
