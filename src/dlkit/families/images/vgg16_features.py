"""The ``vgg16_features`` data module: the seed's fast feature-extraction recipe (seed 004 §8).

It reads an image folder exactly like ``image_folder`` (same layouts, splits and decode cache), runs
the frozen VGG16 convolutional base over every image once (batched, no gradients, on the GPU when
there is one) and caches the (N, 512, h, w) outputs — 4×4×512 at 150×150 — as float16 in
``<path>/dlkit-cache/``, keyed by the images and the weights, so retraining the head is instant.
Its ``input_spec`` is an ordinary image spec (size, ImageNet normalisation) and ``backbone`` names
the base and its weights, so the checkpoint rebuilds base + head and the run predicts, evaluates and
draws feature maps on a user's photos like any image run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split
from dlkit.data.inputs import ImageInput
from dlkit.families.images import cache
from dlkit.families.images.image_files import as_size
from dlkit.families.images.image_folder import IMAGENET_MEAN, IMAGENET_STD, read_folder, split_parts
from dlkit.registry import Fraction, ImageSize, PositiveInt


def extract(base: Any, images: np.ndarray, batch: int = 32, device: Any = None) -> np.ndarray:
    """Base outputs (float32 N×512×h×w) for uint8 NHWC RGB images, ImageNet-normalised."""
    import torch

    from dlkit.data.transforms import ImageBatchTransform

    device = device or torch.device("cuda" if torch.cuda.is_available() else "cpu")
    transform = ImageBatchTransform(IMAGENET_MEAN, IMAGENET_STD)
    base = base.to(device).eval()
    chunks = []
    with torch.no_grad():
        for start in range(0, len(images), batch):
            xb = torch.from_numpy(np.ascontiguousarray(images[start : start + batch])).to(device)
            chunks.append(base(transform(xb)).float().cpu().numpy())
    return np.concatenate(chunks) if chunks else np.zeros((0, 512, 1, 1), np.float32)


def _key(parts: dict[str, Split], weights: str, seed: int) -> str:
    digest = hashlib.sha1(f"{weights}|{seed if weights == 'none' else ''}".encode())
    for name in sorted(parts):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(parts[name].x).tobytes())
    return digest.hexdigest()


def cached_features(
    root: Path, parts: dict[str, Split], weights: str, seed: int, batch: int
) -> dict[str, np.ndarray]:
    """``f_<part>`` float16 arrays for each part, from the cache when the images are unchanged."""
    from dlkit.families.images.vgg16_transfer import vgg16_base

    key = _key(parts, weights, seed)
    height, width = parts["train"].x.shape[1:3]
    cache_file = root / "dlkit-cache" / f"vgg16-features-{height}x{width}.npz"
    arrays = cache.load(cache_file, [])
    if arrays is not None and str(arrays.get("key")) == key:
        return arrays
    base = vgg16_base(weights, seed, key="data.weights")
    arrays = {"key": np.array(key)}
    for name, part in parts.items():
        arrays[f"f_{name}"] = extract(base, part.x, batch).astype(np.float16)
    try:
        cache.save(cache_file, [], arrays)
    except OSError:
        pass  # a read-only folder still trains, just without the cache
    return arrays


@DATASETS.register("vgg16_features")
def vgg16_features(
    path: str = "data/cats_and_dogs_small",
    seed: int = 0,
    image_size: ImageSize = 150,
    train_dir: str = "train",
    val_dir: str = "validation",
    test_dir: str = "test",
    val_fraction: Fraction = 0.2,
    test_fraction: Fraction = 0.0,
    weights: str = "imagenet",
    extract_batch: PositiveInt = 32,
) -> Dataset:
    from dlkit.families.images.vgg16_transfer import base_output_shape

    height, width = as_size(image_size)
    shape = base_output_shape(height, width)
    classes, parts = read_folder(path, image_size, 3, train_dir, val_dir, test_dir)
    feats = cached_features(Path(path).expanduser(), parts, weights, seed, extract_batch)
    featured = {
        name: Split(feats[f"f_{name}"].astype(np.float32), part.y) for name, part in parts.items()
    }
    train, val, test = split_parts(featured, seed, val_fraction, test_fraction)
    spec = ImageInput([3, height, width], list(IMAGENET_MEAN), list(IMAGENET_STD))
    backbone = {"name": "vgg16", "options": {"weights": weights, "seed": seed}, "out_shape": shape}
    return Dataset(
        train=train,
        val=val,
        test=test,
        input_spec=spec,
        classes=classes,
        info={"source": str(path), "base": "vgg16"},
        backbone=backbone,
    )
