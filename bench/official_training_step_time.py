#!/usr/bin/env python3
"""Times one training update of the OFFICIAL PV3D code on this machine (Debian's PyTorch, CPU), for comparison
with `./pv3d train --preset tiny` (time per update; bench/RESULTS.md).

What runs is official (bytedance/pv3d, a local copy at PV3D_OFFICIAL, default /tmp/pv3d_ref; set up by
tests/fixtures/official_code.py):
  * the update itself: `TrainerTrainingLoopMixin.run_pv3d_training_batch` from lib/trainers/core/training_loop.py
    (Gmain -> Greg every 4 -> Dmain -> Dreg every 16 -> G_ema update, with its `_forward_eg3d`, `_step`
    incl. nan_to_num, `_update_ema`), bound to a small harness object that holds what the official Trainer
    would (config, model, optimisers, a camera source for `get_label`);
  * the model: `PV3D` (lib/models/videg3d/videg3d.py, all four phase forwards) built by the official
    `build_model`, its loss `adv_video` (lib/common/losses.py) through the official `Losses` wrapper;
  * the config: the official `Configuration` as `run.py config=configs/projects/pv3d.yaml model=pv3d
    dataset=voxceleb run_type=train` builds it, then our preset's values merged on top; Adam from the
    official `build_optimizer` with the yaml's settings (G lr 0.002, betas (0, 0.99^(4/5)); each D lr
    0.002*16/17, betas (0, 0.99^(16/17)): the lazy-regularisation factor c = interval/(interval+1) is
    already applied in configs/projects/pv3d.yaml; the script checks this).

Stand-ins (no effect on the arithmetic; none of them is called during an update):
  * Python packages that Debian does not ship and that the official modules import for I/O, logging and
    visualisation only (iopath, demjson, termcolor, imageio, torchvision, pytorch3d, trimesh, ...): iopath
    gets a read-only PathManager over os.path (the config loader uses it), the rest empty placeholder modules;
    einops comes from official_code.py. Only modules that are absent or fail to import are replaced.
  * the VoxCeleb dataset: real frames are random tensors in [-1, 1] (frames [B, 2, 3, H, W], H = the image
    resolution), real times are drawn like the official loader (sorted int(Beta * 16) / 15), and
    `get_label` returns camera pairs of radius 2.7 looking at the origin (small random yaw/pitch) with
    intrinsics [[4.2647, 0, 0.5], [0, 4.2647, 0.5], [0, 0, 1]], from memory instead of JSON files.
  * `Tensor.pin_memory` is the identity while the update runs: the official update pins the generator
    cameras, which a CUDA-less PyTorch refuses. (The official Trainer class itself refuses the CPU in
    `load_fp16_scaler`, which is why the update is bound to a harness instead.)

Substitutions for parts of our tiny preset that the official code does not have (printed at run time too):
  * 64^2 tri-planes: the official TriPlaneGenerator hard-codes a 256^2 backbone; the script passes our
    `plane_resolution` key through the generator config and lets the official StyleGAN2 backbone class be
    constructed with img_resolution = plane_resolution (a thin wrapper around the official class, installed
    in triplane.py's namespace).
  * super-resolution: our SuperresolutionCompact2X (src/Pv3d/Networks/SuperresolutionCompact2X.cs) is
    re-expressed here from the official block classes: block0 = official SynthesisBlockNoUp(32 -> min(128,
    sr channel_max)) at half the image resolution, block1 = official SynthesisBlock(-> min(64, sr
    channel_max), is_last, skip) at the image resolution, the rendering resized to half resolution first
    (bilinear, antialiased), w = the last ws repeated 3 times, conv_clamp 256 when sr_num_fp16_res > 0:
    Hybrid2X's layout. It is registered as `pv3d.superresolution.SuperresolutionCompact2X` (our module
    path) and built by the official generator through rendering_kwargs.superresolution_module.
  * density regularisation points: our presets evaluate 64 points (+ 64 perturbed) per frame, the official
    Greg 1000 (hard-coded). With --density-points other than 1000 the official `_forward_Greg` runs with its
    `torch.rand((rows, 1000, 3))` draw answered by a (rows, N, 3) draw; everything else in Greg is untouched.
    `--density-points 1000` runs it unmodified.

Configurations:
  tiny (default)  our `tiny` preset: batch 8 videos (16 frames), z/w 512, mapping 2 layers, backbone
                  channel_base 1024 / channel_max 16, planes 64^2, rendering 32^2 with 12 + 12 samples,
                  SuperresolutionCompact2X to 64^2 (sr channel_max 16), discriminators at 64^2
                  (channel_base 256, channel_max 16), R1 gamma 1, density_reg 1 (64 points), no blur.
  old-tiny        our previous tiny preset, official networks only: planes 256^2, rendering 16^2, 12 + 12
                  samples, official SuperresolutionHybrid2X to 128^2, batch 2, discriminators at 128^2
                  (channel_base 256, channel_max 16), no blur, 64 density points (--density-points 1000
                  for the official count). Our C# measured 2.26 s/update for it.

Timing: --warmup updates (default 1: update 0, which runs all four phases) are excluded; then N updates
(default 10: updates 1..10, two of them with Greg; N >= 16 also covers a Dreg at update 16) are timed
one by one with time.perf_counter around `run_pv3d_training_batch` (the random real batch is made outside the
timer). Printed: every update's time and phases, median / min / mean, medians per phase set and, when all
three kinds were timed, the schedule-weighted mean (11 plain : 3 Greg : 1 Greg+Dreg per 16 updates); peak
RSS of the process (ru_maxrss).

Usage: PV3D_THREADS=2 /usr/bin/python3 bench/official_training_step_time.py [N] [--config tiny|old-tiny]
       [--warmup W] [--density-points P] [--seed S]
"""
import argparse
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import logging
import math
import os
import resource
import statistics
import sys
import time
import types
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures"))
from official_code import OFFICIAL, PKG, official, setup_official  # noqa: E402

OFFICIAL_DENSITY_POINTS = 1000
SR_CLASS_PATH = "pv3d.superresolution.SuperresolutionCompact2X"
HYBRID2X_PATH = "lib.models.videg3d.networks.superresolution.SuperresolutionHybrid2X"
FRAMES_PER_CLIP = 16  # the loader's num_frames (real times are frame indices / 15)

# Our presets, as values merged onto the official config (only keys that differ from the yaml).
PRESETS = {
    "tiny": dict(
        batch=8, img_resolution=64, rendering=32, plane_resolution=64, sr=SR_CLASS_PATH, sr_channel_max=16,
        disc=dict(img_resolution=64, channel_base=256, channel_max=16)),
    "old-tiny": dict(
        batch=2, img_resolution=128, rendering=16, plane_resolution=None, sr=HYBRID2X_PATH, sr_channel_max=None,
        disc=dict(img_resolution=128, channel_base=256, channel_max=16)),
}


def parse_args():
    p = argparse.ArgumentParser(description="Time one official PV3D training update (CPU).")
    p.add_argument("n", nargs="?", type=int, default=10, help="timed updates (default 10)")
    p.add_argument("--config", choices=sorted(PRESETS), default="tiny")
    p.add_argument("--warmup", type=int, default=1, help="untimed updates first (default 1)")
    p.add_argument("--density-points", type=int, default=64,
                   help="Greg points per frame (our presets: 64; official: 1000)")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if a.n < 1 or a.warmup < 0 or a.density_points < 1:
        p.error("n >= 1, --warmup >= 0 and --density-points >= 1 are required")
    return a


# ----------------------------------------------------------------------------------------------------------
# Stand-ins for packages the official modules import but this update never uses.

class _ReadOnlyPathManager:
    """The part of iopath's PathManager the official config loader needs; never writes."""

    def __init__(self, *args, **kwargs):
        pass

    def register_handler(self, *args, **kwargs):
        pass

    def exists(self, path):
        return os.path.exists(path)

    def isfile(self, path):
        return os.path.isfile(path)

    def isdir(self, path):
        return os.path.isdir(path)

    def ls(self, path):
        return os.listdir(path)

    def get_local_path(self, path, **kwargs):
        return path

    def open(self, path, mode="r", **kwargs):
        if any(flag in mode for flag in "wax+"):
            raise RuntimeError(f"benchmark stand-in for iopath does not write ({path})")
        return open(path, mode, **kwargs)

    def mkdirs(self, path):
        pass  # the benchmark creates no directories (the config resolver asks for a cache dir)


class _Placeholder:
    """Any name taken from a placeholder module; using it for real fails loudly."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__module__}.{type(self).__name__} is a benchmark placeholder")


class _PlaceholderModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return type(name, (_Placeholder,), {"__module__": self.__name__})


class _PlaceholderFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, roots):
        self.roots = set(roots)

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.roots:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _PlaceholderModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


# Imported by the official trainer/config/report/render modules for I/O and visualisation only.
OPTIONAL_PACKAGES = ["demjson", "termcolor", "imageio", "torchvision", "pytorch3d", "trimesh", "pyrender",
                     "mcubes", "matplotlib", "scipy", "tqdm", "av", "decord", "cv2", "skimage", "lpips"]


def install_stand_ins():
    """Returns the names that were replaced (only packages that are really missing)."""
    setup_official()
    replaced = []
    if importlib.util.find_spec("iopath") is None:
        file_io = types.ModuleType("iopath.common.file_io")
        file_io.PathManager = _ReadOnlyPathManager
        file_io.HTTPURLHandler = object
        common = types.ModuleType("iopath.common")
        common.file_io = file_io
        root = types.ModuleType("iopath")
        root.common = common
        sys.modules.update({"iopath": root, "iopath.common": common, "iopath.common.file_io": file_io})
        replaced.append("iopath")
    missing = [name for name in OPTIONAL_PACKAGES if _unusable(name)]
    if missing:
        sys.meta_path.insert(0, _PlaceholderFinder(missing))
        replaced += missing
    return replaced


def _unusable(name):
    """Absent, or installed but failing to import (e.g. Debian's torchvision with a newer python3-av); a failed
    import's half-made modules are removed so that the placeholder takes their place."""
    if importlib.util.find_spec(name) is None:
        return True
    try:
        importlib.import_module(name)
        return False
    except Exception:  # noqa: BLE001 - any import failure makes the package unusable here
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]
        return True


# ----------------------------------------------------------------------------------------------------------
# Substitutions for our preset's non-official parts.

def make_compact_sr_class():
    """Our SuperresolutionCompact2X from the official block classes (see the module docstring)."""
    no_up_block = official("superresolution", "SynthesisBlockNoUp")
    up_block = official("superresolution", "SynthesisBlock")
    setup_filter = importlib.import_module("lib.models.videg3d.torch_utils.ops.upfirdn2d").setup_filter
    w_dim = 512

    class SuperresolutionCompact2X(torch.nn.Module):
        def __init__(self, channels, img_resolution, sr_num_fp16_res, sr_antialias, num_fp16_res=4,
                     conv_clamp=None, channel_base=None, channel_max=512, **block_kwargs):
            super().__init__()
            if img_resolution < 8 or img_resolution % 2:
                raise ValueError(f"SuperresolutionCompact2X needs an even img_resolution >= 8, got {img_resolution}")
            fp16 = sr_num_fp16_res > 0
            clamp = 256 if fp16 else None
            wide = min(128, channel_max)
            narrow = min(64, channel_max)
            self.input_resolution = img_resolution // 2
            self.sr_antialias = sr_antialias
            self.block0 = no_up_block(channels, wide, w_dim=w_dim, resolution=self.input_resolution, img_channels=3,
                                      is_last=False, use_fp16=fp16, conv_clamp=clamp, **block_kwargs)
            self.block1 = up_block(wide, narrow, w_dim=w_dim, resolution=img_resolution, img_channels=3,
                                   is_last=True, use_fp16=fp16, conv_clamp=clamp, **block_kwargs)
            self.register_buffer("resample_filter", setup_filter([1, 3, 3, 1]))

        def _to_input_size(self, t):
            side = self.input_resolution
            return torch.nn.functional.interpolate(t, size=(side, side), mode="bilinear", align_corners=False,
                                                   antialias=self.sr_antialias)

        def forward(self, rgb, x, ws, **block_kwargs):
            last_w = ws[:, -1:, :].repeat(1, 3, 1)
            if x.shape[-1] != self.input_resolution:
                x, rgb = self._to_input_size(x), self._to_input_size(rgb)
            x, rgb = self.block0(x, rgb, last_w, **block_kwargs)
            _, rgb = self.block1(x, rgb, last_w, **block_kwargs)
            return rgb

    return SuperresolutionCompact2X


def register_compact_sr():
    module_name, class_name = SR_CLASS_PATH.rsplit(".", 1)
    package = sys.modules.setdefault("pv3d", types.ModuleType("pv3d"))
    package.__path__ = []
    module = types.ModuleType(module_name)
    cls = make_compact_sr_class()
    cls.__module__, cls.__qualname__ = module_name, class_name  # picklable by name (the official persistence checks)
    setattr(module, class_name, cls)
    sys.modules[module_name] = module
    package.superresolution = module


def support_plane_resolution_key():
    """The official generator builds its backbone at 256^2; with our `plane_resolution` generator key it is
    built at that resolution instead (the key travels in **synthesis_kwargs to the backbone constructor)."""
    triplane = importlib.import_module(f"{PKG}.triplane")
    backbone_cls = triplane.StyleGAN2Backbone

    def backbone(z_dim, c_dim, w_dim, img_resolution, img_channels, plane_resolution=None, **kwargs):
        side = img_resolution if plane_resolution is None else plane_resolution
        return backbone_cls(z_dim, c_dim, w_dim, img_resolution=side, img_channels=img_channels, **kwargs)

    triplane.StyleGAN2Backbone = backbone


def limit_density_points(model, count):
    """Official Greg draws torch.rand((rows, 1000, 3)); answer that one draw with (rows, count, 3)."""
    if count == OFFICIAL_DENSITY_POINTS:
        return
    official_greg = model._forward_Greg

    def greg_with_fewer_points(sample):
        rand = torch.rand

        def rand_for_greg(*size, **kwargs):
            shape = tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list, torch.Size)) else size
            if len(shape) == 3 and shape[1] == OFFICIAL_DENSITY_POINTS and shape[2] == 3:
                return rand((shape[0], count, 3), **kwargs)
            return rand(*size, **kwargs)

        torch.rand = rand_for_greg
        try:
            return official_greg(sample)
        finally:
            torch.rand = rand

    model._forward_Greg = greg_with_fewer_points


# ----------------------------------------------------------------------------------------------------------
# Config, model, harness.

def build_config(preset, seed):
    from omegaconf import OmegaConf

    Configuration = importlib.import_module("lib.utils.configuration").Configuration
    registry = importlib.import_module("lib.common.registry").registry
    importlib.import_module("lib.models.videg3d.videg3d")  # registers model "pv3d"
    importlib.import_module("lib.common.losses")  # registers loss "adv_video"
    opts = [f"config={os.path.join(OFFICIAL, 'configs', 'projects', 'pv3d.yaml')}", "model=pv3d",
            "dataset=voxceleb", "run_type=train", f"training.seed={seed}"]
    config = Configuration(argparse.Namespace(opts=opts, config_override=None)).get_config()

    generator = {"img_resolution": preset["img_resolution"], "channel_base": 1024, "channel_max": 16,
                 "rendering_kwargs": {"superresolution_module": preset["sr"], "depth_resolution": 12,
                                      "depth_resolution_importance": 12,
                                      "image_resolution": preset["img_resolution"]}}
    if preset["plane_resolution"] is not None:
        generator["plane_resolution"] = preset["plane_resolution"]
    if preset["sr_channel_max"] is not None:
        generator["sr_kwargs"] = {"channel_max": preset["sr_channel_max"]}
    ours = {
        "training": {"batch_size": preset["batch"], "rendering_resolution": preset["rendering"],
                     "device": "cpu"},
        "model_config": {"pv3d": {
            "generator": generator,
            "img_discriminator": dict(preset["disc"]),
            "vid_discriminator": dict(preset["disc"]),
            "neural_rendering_resolution_initial": preset["rendering"],
            "neural_rendering_resolution_final": preset["rendering"],
            "blur_init_sigma": 0,
            "density_reg": 1.0,
        }},
    }
    config = OmegaConf.merge(config, OmegaConf.create(ours))
    registry.register("config", config)
    return config


def check_adam_settings(config):
    """The yaml's Adam values must be the lazy-regularisation adjusted ones (lr*c, beta2**c)."""
    base = {"generator": (0.0025, config.training.gen_reg_interval),
            "img_discriminator": (0.002, config.training.disc_reg_interval),
            "vid_discriminator": (0.002, config.training.disc_reg_interval)}
    lines = []
    for group, (lr, interval) in base.items():
        c = interval / (interval + 1)
        got = config.optimizer.params[group]
        want_lr, want_beta2 = lr * c, 0.99 ** c
        ok = math.isclose(got.lr, want_lr, rel_tol=1e-9) and list(got.betas) == [0, got.betas[1]] \
            and math.isclose(got.betas[1], want_beta2, rel_tol=1e-9)
        if not ok:
            sys.exit(f"unexpected official Adam settings for {group}: {dict(got)}")
        lines.append(f"{group} lr {got.lr:.6g} betas (0, {got.betas[1]:.6g}) = base lr {lr}, beta2 0.99, c = {c:.4g}")
    return lines


class CameraSource:
    """In-memory stand-in for the dataset's camera side: `len()` videos, `get_label(i)` -> [2, 25]."""

    def __init__(self, videos, generator):
        self.videos = videos
        self.rng = generator
        self.yaw = (torch.rand(videos, generator=generator) * 2 - 1) * 0.35
        self.pitch = (torch.rand(videos, generator=generator) * 2 - 1) * 0.2

    def __len__(self):
        return self.videos

    @staticmethod
    def camera(yaw, pitch, radius=2.7, focal=4.2647):
        eye = torch.tensor([radius * math.cos(pitch) * math.sin(yaw), radius * math.sin(pitch),
                            radius * math.cos(pitch) * math.cos(yaw)])
        forward = -eye / eye.norm()
        right = torch.linalg.cross(forward, torch.tensor([0.0, 1.0, 0.0]))
        right = right / right.norm()
        down = torch.linalg.cross(forward, right)
        cam2world = torch.eye(4)
        cam2world[:3, 0], cam2world[:3, 1], cam2world[:3, 2], cam2world[:3, 3] = right, down, forward, eye
        intrinsics = torch.tensor([[focal, 0, 0.5], [0, focal, 0.5], [0, 0, 1]])
        return torch.cat([cam2world.reshape(-1), intrinsics.reshape(-1)])

    def get_label(self, index, sample=None):
        drift = torch.rand(2, generator=self.rng) * 0.05
        yaw, pitch = float(self.yaw[index]), float(self.pitch[index])
        return torch.stack([self.camera(yaw + float(d), pitch) for d in drift])


def random_real_batch(batch, resolution, cameras, rng):
    """frames [B, 2, 3, H, W] in [-1, 1], real_cam [B, 2, 25], real_t [B, 2] like the official loader's."""
    frames = torch.rand(batch, 2, 3, resolution, resolution, generator=rng) * 2 - 1
    videos = torch.randint(0, len(cameras), (batch,), generator=rng)
    real_cam = torch.stack([cameras.get_label(int(v)) for v in videos])
    late = torch.distributions.Beta(2.0, 1.0).sample((batch,))
    early = torch.distributions.Beta(1.0, 2.0).sample((batch,))
    idx = torch.stack([(late * FRAMES_PER_CLIP).long(), (early * FRAMES_PER_CLIP).long()], 1)
    idx = idx.clamp(max=FRAMES_PER_CLIP - 1)
    real_t = idx.sort(dim=1).values.float() / (FRAMES_PER_CLIP - 1)
    return {"frames": frames, "real_cam": real_cam, "real_t": real_t, "dataset_type": "train",
            "dataset_name": "voxceleb"}


def make_harness(config, model, cameras):
    loop = importlib.import_module("lib.trainers.core.training_loop").TrainerTrainingLoopMixin
    profiling = importlib.import_module("lib.trainers.core.profiling").TrainerProfilingMixin
    build_optimizer = importlib.import_module("lib.common.build").build_optimizer

    class BenchHarness(loop, profiling):
        """What the official Trainer would hold, minus data loading, callbacks and logging."""

    h = BenchHarness()
    h.config = config
    h.training_config = config.training
    h.device = torch.device("cpu")
    h.model = model
    h.optimizer = build_optimizer(model, config)
    h.train_loader = types.SimpleNamespace(dataset=cameras)
    h.scaler = torch.cuda.amp.GradScaler(enabled=False)
    h.logistics_callback = types.SimpleNamespace(tb_writer=None)
    h.num_updates = 0
    h.num_samples = 0
    return h


def phases_of(update, config):
    names = ["Gmain"]
    if update % config.training.gen_reg_interval == 0:
        names.append("Greg")
    names.append("Dmain")
    if update % config.training.disc_reg_interval == 0:
        names.append("Dreg")
    return "+".join(names)


def main():
    args = parse_args()
    torch.set_num_threads(int(os.environ.get("PV3D_THREADS", os.cpu_count())))
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    preset = PRESETS[args.config]

    replaced = install_stand_ins()
    support_plane_resolution_key()
    register_compact_sr()
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    config = build_config(preset, args.seed)
    adam_lines = check_adam_settings(config)

    build_model = importlib.import_module("lib.common.build").build_model
    from omegaconf import open_dict
    attributes = config.model_config.pv3d
    with open_dict(attributes):
        attributes.model = "pv3d"
    model = build_model(attributes).to(torch.device("cpu"))
    model.train()
    limit_density_points(model, args.density_points)

    rng = torch.Generator().manual_seed(args.seed + 1)
    cameras = CameraSource(64, rng)
    harness = make_harness(config, model, cameras)
    registry = importlib.import_module("lib.common.registry").registry

    g = model.generator
    planes = g.backbone.img_resolution
    n_params = {name: sum(p.numel() for p in getattr(model, name).parameters())
                for name in ("generator", "img_discriminator", "vid_discriminator")}
    print(f"official PV3D training update, config '{args.config}', torch {torch.__version__}, "
          f"threads {torch.get_num_threads()}, official code at {OFFICIAL}")
    print(f"  batch {config.training.batch_size} videos x 2 frames, image {g.img_resolution}^2, planes {planes}^2, "
          f"rendering {config.model_config.pv3d.neural_rendering_resolution_final}^2, "
          f"{g.rendering_kwargs['depth_resolution']}+{g.rendering_kwargs['depth_resolution_importance']} samples, "
          f"SR {type(g.superresolution).__name__}, D {preset['disc']}, blur off, "
          f"Greg every {config.training.gen_reg_interval} ({args.density_points} points/frame), "
          f"Dreg every {config.training.disc_reg_interval} "
          f"(gamma {config.model_config.pv3d.losses[0].params.r1_gamma})")
    print(f"  parameters: " + ", ".join(f"{k} {v:,}" for k, v in n_params.items()))
    for line in adam_lines:
        print(f"  Adam (official yaml): {line}")
    substituted = []
    if preset["plane_resolution"] is not None:
        substituted.append(f"tri-planes {planes}^2 (official hard-codes 256^2; "
                           "official backbone class at our plane_resolution)")
    if preset["sr"] == SR_CLASS_PATH:
        substituted.append("SuperresolutionCompact2X (ours, re-expressed from official "
                           "SynthesisBlockNoUp/SynthesisBlock)")
    if args.density_points != OFFICIAL_DENSITY_POINTS:
        substituted.append(f"Greg with {args.density_points} points per frame (official 1000)")
    print("  substituted: " + ("; ".join(substituted) if substituted else "nothing (official networks and update)"))
    print("  stand-ins: random real frames, in-memory cameras, pin_memory no-op; placeholder modules for "
          + ", ".join(replaced))

    pin_memory = torch.Tensor.pin_memory
    times, kinds = [], []
    try:
        torch.Tensor.pin_memory = lambda self, *a, **k: self
        for i in range(args.warmup + args.n):
            batch = random_real_batch(config.training.batch_size, g.img_resolution, cameras, rng)
            kind = phases_of(harness.num_updates, config)
            update = harness.num_updates
            start = time.perf_counter()
            harness.run_pv3d_training_batch(batch, 1)
            elapsed = time.perf_counter() - start
            label = "warm-up" if i < args.warmup else "timed"
            print(f"  update {update:3d} ({label}) {kind:<22s} {elapsed:7.3f} s", flush=True)
            if i >= args.warmup:
                times.append(elapsed)
                kinds.append(kind)
    finally:
        torch.Tensor.pin_memory = pin_memory

    losses = registry.get("losses", {}, no_warning=True) or {}
    if losses:
        print("  last losses: " + ", ".join(f"{k.split('/', 3)[-1]} {float(v):.4g}" for k, v in sorted(losses.items())))
        if not all(math.isfinite(float(v)) for v in losses.values()):
            print("  WARNING: a loss is not finite")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"official PV3D '{args.config}': {statistics.median(times):.3f} s/update median, {min(times):.3f} s min, "
          f"{statistics.fmean(times):.3f} s mean over {len(times)} updates (warm-up {args.warmup} excluded); "
          f"peak RSS {peak_mib:.0f} MiB")
    by_kind = {}
    for kind, t in zip(kinds, times):
        by_kind.setdefault(kind, []).append(t)
    for kind, ts in by_kind.items():
        print(f"  {kind:<22s} median {statistics.median(ts):.3f} s over {len(ts)}")
    plain, greg, both = "Gmain+Dmain", "Gmain+Greg+Dmain", "Gmain+Greg+Dmain+Dreg"
    if all(k in by_kind for k in (plain, greg, both)):
        weighted = (11 * statistics.median(by_kind[plain]) + 3 * statistics.median(by_kind[greg])
                    + statistics.median(by_kind[both])) / 16
        print(f"  schedule-weighted mean (11 plain : 3 Greg : 1 Greg+Dreg): {weighted:.3f} s/update")


if __name__ == "__main__":
    main()
