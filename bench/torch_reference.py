#!/usr/bin/env python3
"""Times the benchmark ops in Debian's PyTorch, for comparison with bench/Pv3d.Bench.

Same shapes, dtype and thread count as the C# benchmarks. Usage: /usr/bin/python3 bench/torch_reference.py
"""
import os
import time

import torch

THREADS = int(os.environ.get("PV3D_THREADS", os.cpu_count()))
torch.set_num_threads(THREADS)


def best_seconds(fn, repeats=5, min_time=0.5):
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        n, start = 0, time.perf_counter()
        while True:
            fn()
            n += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        best = min(best, elapsed / n)
    return best


def matmul_case(n):
    a, b = torch.randn(n, n), torch.randn(n, n)
    return f"matmul {n}x{n}x{n}", 2 * n**3, lambda: torch.matmul(a, b)


def conv_case(batch, cin, cout, size, k):
    x, w = torch.randn(batch, cin, size, size), torch.randn(cout, cin, k, k)
    flops = 2 * batch * cout * size * size * cin * k * k
    return f"conv2d N{batch} C{cin}->{cout} {size}x{size} k{k}", flops, lambda: torch.nn.functional.conv2d(x, w, padding=k // 2)


CASES = [matmul_case(512), matmul_case(1024), conv_case(4, 128, 128, 64, 3), conv_case(1, 256, 256, 32, 3)]

if __name__ == "__main__":
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    with torch.no_grad():
        for name, flops, fn in CASES:
            s = best_seconds(fn)
            print(f"{name:40s} {s * 1e3:9.3f} ms  {flops / s / 1e9:8.2f} GFLOP/s")
