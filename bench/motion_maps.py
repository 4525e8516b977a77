#!/usr/bin/python3
"""Where videos change over time: for each MP4, five frames (t = 0, 1/4, 1/2, 3/4, 1) and, next to them, the
absolute difference of the last four from the first (x5, grey). Also prints, per video, the mean absolute change
from frame 0 in a mouth window and in the rest of the frame.

Used for docs/training-tiny.md: with a fixed camera (pv3d generate --camera frontal), any change is motion.

  /usr/bin/python3 bench/motion_maps.py OUT.png VIDEO.mp4 [VIDEO.mp4 ...] [--mouth ROW0:ROW1,COL0:COL1] [--scale 3]

The mouth window is given in fractions of the frame (default 0.62:0.82,0.34:0.66, where a frontal synthetic
head's mouth lies). Needs ffmpeg/ffprobe and numpy (python3-numpy).
"""
import argparse
import struct
import subprocess
import zlib

import numpy as np


def read_video(path):
    size = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path],
        capture_output=True, text=True, check=True).stdout.strip().split(",")
    width, height = int(size[0]), int(size[1])
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3).astype(np.float32) / 255


def write_png(path, image):
    pixels = (np.clip(image, 0, 1) * 255).astype(np.uint8)
    height, width, _ = pixels.shape
    rows = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def window(spec, height, width):
    rows, cols = spec.split(",")
    r0, r1 = (float(v) for v in rows.split(":"))
    c0, c1 = (float(v) for v in cols.split(":"))
    return slice(round(r0 * height), round(r1 * height)), slice(round(c0 * width), round(c1 * width))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("videos", nargs="+")
    parser.add_argument("--mouth", default="0.62:0.82,0.34:0.66")
    parser.add_argument("--scale", type=int, default=3)
    args = parser.parse_args()

    strips = []
    for path in args.videos:
        frames = read_video(path)
        n = len(frames)
        picks = frames[[0, n // 4, n // 2, (3 * n) // 4, n - 1]]
        change = np.abs(picks - picks[:1]).mean(axis=-1)
        rows, cols = window(args.mouth, *change.shape[1:])
        inside = np.zeros(change.shape[1:], bool)
        inside[rows, cols] = True
        mouth = change[1:, inside].mean()
        rest = change[1:, ~inside].mean()
        print(f"{path}: mean |frame - frame 0| mouth window {mouth:.4f}, elsewhere {rest:.4f}, ratio {mouth / max(rest, 1e-8):.2f}")
        grey = np.repeat(np.clip(change[1:] * 5, 0, 1)[..., None], 3, axis=-1)
        strips.append(np.concatenate([*picks, *grey], axis=1))
    image = np.concatenate(strips, axis=0)
    write_png(args.out, image.repeat(args.scale, 0).repeat(args.scale, 1))


if __name__ == "__main__":
    main()
