"""Finding a user's photos in class-per-subfolder trees and decoding many of them at once.

Used by the ``image_folder`` and ``vgg16_features`` data modules and ``prepare split``. Each file
is decoded by ``data/image_io.read_image`` (the same function ``predict`` uses, so a photo is read
and resized identically in training and prediction): resized to the recipe's size ignoring aspect
ratio, like Keras' ``target_size``. Decoding runs in threads (OpenCV releases the GIL). Hidden files
(``.DS_Store``, macOS ``._x.jpg``), hidden folders and dlkit's own ``dlkit-cache`` are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from dlkit.families.images.image_io import IMAGE_SUFFIXES, is_hidden

CACHE_DIR = "dlkit-cache"


def is_image_name(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES and not is_hidden(path)


def image_files(folder: Path, recursive: bool = True) -> list[Path]:
    """Image files in ``folder`` and (unless not ``recursive``) its subfolders, sorted; hidden
    files and folders and ``dlkit-cache`` skipped. The one rule every image listing follows:
    training folders, ``prepare split`` and ``predict``'s folder inputs."""
    found = []
    for path in sorted(folder.rglob("*") if recursive else folder.iterdir()):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") or part == CACHE_DIR for part in rel):
            continue
        if path.is_file() and is_image_name(path):
            found.append(path)
    return found


def class_folders(folder: Path) -> list[Path]:
    """The visible subfolders of ``folder`` that hold at least one image, sorted by name."""
    if not folder.is_dir():
        return []
    subs = [
        p
        for p in sorted(folder.iterdir(), key=lambda p: p.name)
        if p.is_dir() and not is_hidden(p) and p.name != CACHE_DIR
    ]
    return [p for p in subs if image_files(p)]


def as_size(image_size: int | list[int] | tuple[int, ...]) -> tuple[int, int]:
    """(height, width) from an int or [height, width]."""
    from dlkit.errors import UsageError

    size = [image_size] * 2 if isinstance(image_size, int) else list(image_size)
    if len(size) != 2 or min(size) < 1:
        raise UsageError(f"data.image_size must be N or [height, width], got {image_size!r}")
    return int(size[0]), int(size[1])


def load_images(
    paths: Iterable[Path], size: tuple[int, int], channels: int = 3, workers: int = 8
) -> tuple[np.ndarray, np.ndarray]:
    """(uint8 N×H×W×C array, bool mask of which paths decoded), decoding in threads."""
    from concurrent.futures import ThreadPoolExecutor

    from dlkit.families.images.image_io import read_image

    paths = list(paths)
    out = np.zeros((len(paths), size[0], size[1], channels), dtype=np.uint8)
    ok = np.zeros(len(paths), dtype=bool)

    def one(i: int) -> None:
        image = read_image(paths[i], channels, size)
        if image is not None:
            out[i], ok[i] = image, True

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(one, range(len(paths))))
    return out[ok], ok


def list_images(inputs: list[str]) -> tuple[list[Path], list[str]]:
    """Image files named directly or found (recursively, sorted) in folders; plus problems."""
    found, problems = [], []
    for item in inputs:
        path = Path(item).expanduser()
        if path.is_dir():
            found += image_files(path)
        elif path.is_file():
            found.append(path)
        elif path.exists():  # /dev/zero, a pipe, a socket
            problems.append(f"{item}: not a regular file (a device, pipe or socket)")
        else:
            problems.append(f"{item}: no such file or folder")
    return found, problems
