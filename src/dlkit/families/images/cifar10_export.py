"""CIFAR-10 between its uint8 cache and a folder of PNGs: ``prepare cifar10 --to-png DIR`` and
``--from-png DIR``.

``to_png`` writes ``DIR/{train,test}/<class>/<NNNNN>.png`` with OpenCV (as the seed's day-7 script),
where NNNNN is the image's index in its split, so ``from_png`` can restore the original order; PNG is
lossless, so the round trip is exact. ``from_png`` reads any folder in that layout (32×32 colour
images; classes are the sorted ``train`` sub-folders, which for CIFAR-10's names is its label order)
into the same ``dlkit-cache/cifar10.npz`` the data module reads (decoded by ``families/images/image_io.py``, so
grey, alpha and non-ASCII paths work too). Both use a thread pool: OpenCV releases the GIL while
encoding and decoding. ``cli/prepare_cifar10.py`` calls them.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from dlkit import files
from dlkit.errors import DataError

SPLITS = ("train", "test")
SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")


def _workers() -> int:
    return min(16, (os.cpu_count() or 1) + 2)


def _write_png(dest: Path, image: np.ndarray) -> None:
    import cv2

    ok, encoded = cv2.imencode(".png", np.ascontiguousarray(image[..., ::-1]))
    if not ok:
        raise DataError(f"OpenCV could not encode {dest}")
    files.write_bytes(dest, encoded.tobytes())


def to_png(arrays: dict[str, np.ndarray], out_dir: str | os.PathLike) -> dict[str, Any]:
    """Write every image of the cache arrays as a PNG; returns counts per split."""
    out = Path(out_dir).expanduser()
    classes = [str(c) for c in arrays["classes"]]
    jobs = []
    for split in SPLITS:
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        for name in classes:
            (out / split / name).mkdir(parents=True, exist_ok=True)
        jobs += [
            (out / split / classes[int(label)] / f"{i:05d}.png", x[i]) for i, label in enumerate(y)
        ]
    with ThreadPoolExecutor(_workers()) as pool:
        list(pool.map(lambda job: _write_png(*job), jobs))
    return {
        "out": str(out),
        "train": len(arrays["y_train"]),
        "test": len(arrays["y_test"]),
        "classes": classes,
    }


def _read_image(path: Path) -> np.ndarray:
    from dlkit.families.images.image_io import read_image

    image = read_image(path, 3, None)
    if image is None:
        raise DataError(f"{path}: not a readable image")
    if image.shape != (32, 32, 3):
        raise DataError(
            f"{path}: {image.shape[1]}x{image.shape[0]} pixels; CIFAR-10 images are 32x32"
        )
    return image


def _list_split(folder: Path, classes: list[str]) -> list[tuple[Path, int]]:
    """(file, class id) for every image, in file-name order (the split's original order)."""
    items = []
    for index, name in enumerate(classes):
        sub = folder / name
        if sub.is_dir():
            items += [(p, index) for p in sub.iterdir() if p.suffix.lower() in SUFFIXES]
    unknown = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name not in classes)
    if unknown:
        raise DataError(
            f"{folder}: class folder(s) {', '.join(unknown)} are not in {folder.parent / 'train'}"
        )
    items.sort(key=lambda item: (item[0].stem, item[1]))
    return items


def read_png_folder(src_dir: str | os.PathLike) -> dict[str, np.ndarray]:
    """The cache arrays from ``DIR/{train,test}/<class>/*.png``."""
    src = Path(src_dir).expanduser()
    missing = [s for s in SPLITS if not (src / s).is_dir()]
    if missing:
        raise DataError(
            f"{src}: expected sub-folders train/ and test/ with one folder per class "
            f"(missing {', '.join(missing)})"
        )
    classes = sorted(p.name for p in (src / "train").iterdir() if p.is_dir())
    if not classes:
        raise DataError(f"{src / 'train'}: no class folders")
    arrays: dict[str, np.ndarray] = {"classes": np.array(classes)}
    for split in SPLITS:
        items = _list_split(src / split, classes)
        if not items:
            raise DataError(f"{src / split}: no images (.png, .jpg, .bmp) in its class folders")
        with ThreadPoolExecutor(_workers()) as pool:
            images = list(pool.map(lambda item: _read_image(item[0]), items))
        arrays[f"x_{split}"] = np.stack(images).astype(np.uint8)
        arrays[f"y_{split}"] = np.array([label for _, label in items], dtype=np.int64)
    return arrays


def from_png(src_dir: str | os.PathLike, data_dir: str | os.PathLike) -> dict[str, Any]:
    """Read a PNG folder and write ``data_dir/dlkit-cache/cifar10.npz``; returns a summary."""
    from dlkit.families.images import cache
    from dlkit.families.images.cifar10 import cache_file

    arrays = read_png_folder(src_dir)
    dest = cache.save(cache_file(Path(data_dir).expanduser()), [], arrays)
    return {
        "cache": str(dest),
        "train": len(arrays["y_train"]),
        "test": len(arrays["y_test"]),
        "classes": [str(c) for c in arrays["classes"]],
    }
