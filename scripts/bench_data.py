"""Images per second feeding one CIFAR-10 training epoch: dlkit's prepared cache vs the seed's loader.

The seed's loader is a torch ``Dataset`` that ``cv2.imread``s one PNG per item (BGR → RGB, scale,
normalise) behind a ``DataLoader``; dlkit's path is the uint8 ``.npz`` cache read once into memory,
then batched by ``engine/loader.py`` with the batch transform (and, with ``--augment``, flip +
translate) as tensor ops on the device. The script makes its own synthetic data in the real layouts
(random 32×32 images written as a PNG folder by ``prepare``'s exporter, and the cache read back from
that folder), times both in the same run and prints the ratio.

    PYTHONPATH=src python scripts/bench_data.py --images 10000 --workers 0 2 --threads 1
    PYTHONPATH=src python scripts/bench_data.py --device cuda --augment --json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def make_data(root: Path, images: int, seed: int = 0) -> tuple[Path, Path]:
    """A PNG folder (train/test/<class>/NNNNN.png) and the cache built from it."""
    from dlkit.families.images.cifar10 import cache_file
    from dlkit.families.images.cifar10_export import from_png, to_png

    rng = np.random.default_rng(seed)
    n_test = max(10, images // 10)
    arrays = {
        "x_train": rng.integers(0, 256, (images, 32, 32, 3), dtype=np.uint8),
        "y_train": rng.integers(0, 10, images).astype(np.int64),
        "x_test": rng.integers(0, 256, (n_test, 32, 32, 3), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.int64),
        "classes": np.array([f"class{i}" for i in range(10)]),
    }
    to_png(arrays, root / "png")
    from_png(root / "png", root / "data")
    return root / "png", cache_file(root / "data")


def seed_loader(png_dir: Path, batch_size: int, workers: int, pin: bool):
    """The seed's per-item loader: one cv2.imread per image, then ToTensor + Normalize."""
    import torch

    class PngDataset(torch.utils.data.Dataset):
        def __init__(self, folder: Path) -> None:
            classes = sorted(p.name for p in folder.iterdir() if p.is_dir())
            self.items = [
                (p, i) for i, c in enumerate(classes) for p in sorted((folder / c).glob("*.png"))
            ]
            self.mean = np.array([0.4914, 0.4822, 0.4465], np.float32)
            self.std = np.array([0.2470, 0.2435, 0.2616], np.float32)

        def __len__(self) -> int:
            return len(self.items)

        def __getitem__(self, i: int):
            import cv2

            path, label = self.items[i]
            image = cv2.imread(str(path))[:, :, ::-1].astype(np.float32) / 255.0
            image = (image - self.mean) / self.std
            return torch.from_numpy(image.transpose(2, 0, 1).copy()), label

    return torch.utils.data.DataLoader(
        PngDataset(png_dir / "train"),
        batch_size=batch_size,
        shuffle=True,
        num_workers=workers,
        pin_memory=pin,
    )


def time_epoch(batches, device) -> tuple[float, int]:
    """Seconds to draw every batch onto ``device`` (synchronised), and the image count."""
    import torch

    start, seen = time.perf_counter(), 0
    for x, y in batches:
        x = x.to(device, non_blocking=True)
        y = y.to(device, non_blocking=True)
        seen += len(y)
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - start, seen


def dlkit_epoch(cache: Path, batch_size: int, device, augment: bool) -> dict[str, float]:
    """Load the cache (timed apart) and run one epoch of dlkit's ArrayLoader."""
    import torch

    from dlkit.data.inputs import ImageInput
    from dlkit.engine.loader import ArrayLoader
    from dlkit.families.images import cache as cache_io
    from dlkit.families.images.augment import build_augment
    from dlkit.families.images.cifar10 import MEAN, STD

    start = time.perf_counter()
    arrays = cache_io.load(cache, [])
    load_s = time.perf_counter() - start
    spec = ImageInput([3, 32, 32], MEAN, STD)
    options = {"horizontal_flip": True, "translate": 2, "fill_mode": "reflect"}
    transform = spec.batch_transform(build_augment(options) if augment else None)
    loader = ArrayLoader(
        arrays["x_train"],
        arrays["y_train"],
        batch_size,
        device,
        transform,
        shuffle=True,
        generator=torch.Generator().manual_seed(0),
        train=True,
    )
    seconds, seen = time_epoch(loader, device)
    return {"load_s": load_s, "epoch_s": seconds, "images": seen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=10_000, help="synthetic training images")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[0, 2],
        help="DataLoader worker counts to time for the seed's loader",
    )
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--augment", action="store_true", help="flip + translate in dlkit's path")
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="torch intra-op threads (default: torch's choice); 1 avoids OpenMP "
        "thrashing on a busy, oversubscribed CPU",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    import torch

    device = torch.device(args.device)
    if args.threads:
        torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory(prefix="dlkit-bench-") as tmp:
        start = time.perf_counter()
        png_dir, cache = make_data(Path(tmp), args.images)
        prepared_s = time.perf_counter() - start
        dlkit_epoch(cache, args.batch_size, device, args.augment)  # warm-up (kernels, allocator)
        ours = dlkit_epoch(cache, args.batch_size, device, args.augment)
        seeds = {}
        for workers in args.workers:
            loader = seed_loader(png_dir, args.batch_size, workers, device.type == "cuda")
            seconds, seen = time_epoch(loader, device)
            seeds[workers] = seen / seconds
    ours_ips = ours["images"] / ours["epoch_s"]
    ours_with_load = ours["images"] / (ours["epoch_s"] + ours["load_s"])
    result = {
        "images": args.images,
        "batch_size": args.batch_size,
        "device": str(device),
        "torch_threads": torch.get_num_threads(),
        "augment": args.augment,
        "prepare_s": round(prepared_s, 2),
        "dlkit_images_per_s": round(ours_ips),
        "dlkit_cache_load_s": round(ours["load_s"], 3),
        "dlkit_images_per_s_incl_load": round(ours_with_load),
        "seed_images_per_s": {str(w): round(v) for w, v in seeds.items()},
        "ratio": {str(w): round(ours_ips / v, 1) for w, v in seeds.items()},
        "ratio_incl_load": {str(w): round(ours_with_load / v, 1) for w, v in seeds.items()},
    }
    if args.json:
        print(json.dumps(result))
        return 0
    print(
        f"{args.images} synthetic 32x32 images, batch {args.batch_size}, device {device}, "
        f"{torch.get_num_threads()} torch threads"
        f"{', dlkit with flip+translate' if args.augment else ''}"
    )
    print(
        f"dlkit cache : {ours_ips:12,.0f} images/s  (cache load {ours['load_s']:.3f}s once; "
        f"{ours_with_load:,.0f} images/s counting it)"
    )
    for workers, ips in seeds.items():
        print(
            f"seed loader : {ips:12,.0f} images/s  (cv2.imread per item, {workers} workers)  "
            f"ratio {ours_ips / ips:,.1f}x  ({ours_with_load / ips:,.1f}x counting the load)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
