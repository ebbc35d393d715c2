"""The ``image_folder`` data module: any user's photos, one subfolder per class.

Two layouts: a root with ``train/`` (and optionally ``validation/``, ``test/``) each holding class
subfolders — what ``dlkit prepare split`` writes, like the cats-vs-dogs seed — or one folder of
class subfolders, split here reproducibly (``test_fraction``, then ``val_fraction`` of the rest).
Classes are the subfolder names sorted. JPEG/PNG/BMP (any size, colour or grey) are decoded once,
resized to ``image_size`` and cached as uint8 in ``<path>/dlkit-cache/``; unreadable files are
skipped with one log line that counts them. ``augment`` (training batches only) takes the Keras
``ImageDataGenerator`` equivalents described in ``families/images/augment.py``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

import numpy as np

from dlkit import console
from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split, holdout
from dlkit.data.inputs import ImageInput
from dlkit.errors import DataError
from dlkit.families.images import cache
from dlkit.families.images.augment import AugmentOptions, build_augment
from dlkit.families.images.image_files import as_size, class_folders, image_files, load_images
from dlkit.registry import Fraction, ImageSize

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
PARTS = ("train", "val", "test")


def normalisation(kind: str, channels: int) -> tuple[list[float], list[float]]:
    """(mean, std) applied after scaling to [0, 1]: unit = Keras' rescale=1/255 only,
    half = [-1, 1], imagenet = torchvision's pretrained-model statistics."""
    if kind == "imagenet":
        if channels != 3:
            from dlkit.errors import UsageError

            raise UsageError("data.normalize: imagenet needs channels: 3")
        return list(IMAGENET_MEAN), list(IMAGENET_STD)
    if kind == "half":
        return [0.5] * channels, [0.5] * channels
    return [0.0] * channels, [1.0] * channels


def list_layout(
    root: Path, train_dir: str, val_dir: str, test_dir: str
) -> tuple[list[str], dict[str, list[tuple[Path, int]]]]:
    """(classes, part → [(file, class id)]); parts missing from the folder are absent."""
    if not root.is_dir():
        raise DataError(
            f"image folder not found: {root}; point data.path (--data-dir) at a "
            "folder with one subfolder per class, or at the output of "
            "'dlkit prepare split'"
        )
    split_layout = (root / train_dir).is_dir()
    folders = (
        {"train": root / train_dir, "val": root / val_dir, "test": root / test_dir}
        if split_layout
        else {"train": root}
    )
    classes = [p.name for p in class_folders(folders["train"])]
    where = folders["train"]
    if len(classes) < 2:
        raise DataError(
            f"{where} needs at least 2 class subfolders with images, found "
            f"{len(classes)}{': ' + classes[0] if classes else ''}"
        )
    listing: dict[str, list[tuple[Path, int]]] = {}
    for part, folder in folders.items():
        if not folder.is_dir():
            continue
        extra = [p.name for p in class_folders(folder) if p.name not in classes]
        if extra:
            raise DataError(f"{folder} has classes not in {where}: {', '.join(extra)}")
        listing[part] = [
            (f, i) for i, name in enumerate(classes) for f in image_files(folder / name)
        ]
    return classes, listing


def _digest(listing: dict[str, list[tuple[Path, int]]], root: Path) -> str:
    text = "\n".join(
        f"{part}\t{f.relative_to(root)}\t{c}" for part, items in listing.items() for f, c in items
    )
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_folder(
    root: Path, size: tuple[int, int], channels: int, listing: dict, write_cache: bool = True
) -> dict[str, np.ndarray]:
    """Decoded arrays ``x_<part>``/``y_<part>`` plus ``skipped`` (file names), cached."""
    sources = [f for items in listing.values() for f, _ in items]
    digest = _digest(listing, root)

    def build() -> dict[str, np.ndarray]:
        arrays: dict[str, np.ndarray] = {"digest": np.array(digest)}
        skipped: list[str] = []
        for part, items in listing.items():
            x, ok = load_images([f for f, _ in items], size, channels)
            arrays[f"x_{part}"] = x
            arrays[f"y_{part}"] = np.array([c for _, c in items], dtype=np.int64)[ok]
            skipped += [str(f.relative_to(root)) for (f, _), good in zip(items, ok) if not good]
        arrays["skipped"] = np.array(skipped, dtype=str)
        return arrays

    cache_file = root / "dlkit-cache" / f"images-{size[0]}x{size[1]}x{channels}.npz"
    arrays = cache.cached(cache_file, sources, build, write=write_cache)
    if str(arrays.get("digest")) != digest:  # same files, moved between classes or parts
        arrays = build()
        if write_cache:
            try:
                cache.save(cache_file, sources, arrays)
            except OSError:
                pass
    return arrays


def report_skipped(skipped: np.ndarray, root: Path) -> None:
    if len(skipped):
        console.info(
            f"image_folder: skipped {len(skipped)} unreadable image file(s) in {root} "
            f"(first: {skipped[0]})"
        )


def read_folder(
    path: str,
    image_size: int | list[int],
    channels: int,
    train_dir: str,
    val_dir: str,
    test_dir: str,
) -> tuple[list[str], dict[str, Split]]:
    """(classes, part → Split) for the parts present in the folder, skipped files logged."""
    root = Path(path).expanduser()
    if channels not in (1, 3):
        from dlkit.errors import UsageError

        raise UsageError(f"data.channels must be 1 (grey) or 3 (RGB), not {channels}")
    classes, listing = list_layout(root, train_dir, val_dir, test_dir)
    arrays = load_folder(root, as_size(image_size), channels, listing)
    report_skipped(arrays["skipped"], root)
    parts = {p: Split(arrays[f"x_{p}"], arrays[f"y_{p}"]) for p in PARTS if f"x_{p}" in arrays}
    if len(parts["train"]) == 0:
        raise DataError(f"no readable images in {root}")
    return classes, parts


def split_parts(
    parts: dict[str, Split], seed: int, val_fraction: float, test_fraction: float
) -> tuple[Split, Split | None, Split | None]:
    """Fill in missing validation/test parts from the training images, stratified."""
    train, test = parts["train"], parts.get("test")
    if test is None and test_fraction > 0:
        train, test = holdout(train.x, train.y, test_fraction, seed)
    val = parts.get("val")
    if val is None and val_fraction > 0:
        train, val = holdout(train.x, train.y, val_fraction, seed)
    return train, val, test


@DATASETS.register("image_folder")
def image_folder(
    path: str = "data/photos",
    seed: int = 0,
    image_size: ImageSize = 150,
    channels: Literal[1, 3] = 3,
    train_dir: str = "train",
    val_dir: str = "validation",
    test_dir: str = "test",
    val_fraction: Fraction = 0.2,
    test_fraction: Fraction = 0.0,
    normalize: Literal["unit", "half", "imagenet"] = "unit",
    augment: AugmentOptions | None = None,
) -> Dataset:
    classes, parts = read_folder(path, image_size, channels, train_dir, val_dir, test_dir)
    train, val, test = split_parts(parts, seed, val_fraction, test_fraction)
    height, width = as_size(image_size)
    mean, std = normalisation(normalize, channels)
    spec = ImageInput([channels, height, width], mean, std)
    return Dataset(
        train=train,
        val=val,
        test=test,
        input_spec=spec,
        classes=classes,
        info={"source": str(path)},
        augment=build_augment(augment),
    )
