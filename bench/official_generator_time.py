#!/usr/bin/env python3
"""Times the official PV3D generator (full-size 512x512 architecture, random weights) per frame on
this machine with Debian's PyTorch, for comparison with `./pv3d generate` (bench/RESULTS.md).

The official code is not part of this repository: point PV3D_OFFICIAL at a local copy of
bytedance/pv3d (default /tmp/pv3d_ref); tests/fixtures/official_code.py sets it up. The renderer
runs in our deterministic mode (no coarse jitter, det=True importance sampling), noise mode 'const',
rendering resolution 64, 48+48 samples.

Usage: PV3D_THREADS=2 /usr/bin/python3 bench/official_generator_time.py [frames]
"""
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures"))
from official_code import make_renderer_deterministic, official, setup_official  # noqa: E402

FRAMES = int(sys.argv[1]) if len(sys.argv) > 1 else 4
torch.set_num_threads(int(os.environ.get("PV3D_THREADS", os.cpu_count())))


def main():
    setup_official()
    make_renderer_deterministic()
    TriPlaneGenerator = official("triplane", "TriPlaneGenerator")

    rendering = dict(
        image_resolution=512, disparity_space_sampling=False, clamp_mode="softplus",
        superresolution_module="lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC",
        superresolution_noise_mode="none", c_gen_conditioning_zero=False, c_scale=1.0, density_reg_p_dist=0.004,
        decoder_lr_mul=1.0, sr_antialias=True, depth_resolution=48, depth_resolution_importance=48,
        ray_start=2.25, ray_end=3.3, box_warp=1, avg_camera_radius=2.7, avg_camera_pivot=[0, 0, 0.2])
    torch.manual_seed(0)
    g = TriPlaneGenerator(
        z_dim=512, c_dim=25, w_dim=512, img_resolution=512, img_channels=3, mapping_kwargs=dict(num_layers=2),
        channel_base=32768, channel_max=512, fused_modconv_default="inference_only", num_fp16_res=0, conv_clamp=None,
        rendering_kwargs=rendering, sr_num_fp16_res=4,
        sr_kwargs=dict(channel_base=32768, channel_max=512, fused_modconv_default="inference_only")).eval()
    cam = torch.tensor([1.0, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 2.7, 0, 0, 0, 1, 4.2647, 0, 0.5, 0, 4.2647, 0.5, 0, 0, 1])[None]
    z, zm = torch.randn(1, 512), torch.randn(1, 512)
    times = []
    with torch.no_grad():
        ws = g.mapping(z, cam)
        for i in range(FRAMES + 1):  # the first frame is a warm-up
            start = time.perf_counter()
            out = g.synthesis(ws, zm, torch.tensor([[i / max(1, FRAMES)]]), cam, neural_rendering_resolution=64, noise_mode="const")
            times.append(time.perf_counter() - start)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_frame = sum(times[1:]) / FRAMES
    print(f"official PV3D generator, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"image {tuple(out['image'].shape)}: {per_frame:.2f} s/frame over {FRAMES} frames "
          f"(warm-up {times[0]:.2f} s), peak RSS {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
