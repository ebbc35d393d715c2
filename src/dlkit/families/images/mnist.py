"""MNIST from its four IDX files (``.gz`` or not), downloaded by torchvision when online.

Files are looked for in ``path`` and in ``path/MNIST/raw`` (torchvision's layout). Missing files are
downloaded unless ``download: false`` or ``DLKIT_OFFLINE=1``; then the error names the four files.
The decoded arrays are cached as uint8 in ``path/dlkit-cache/mnist.npz``. ``limit_train`` and
``limit_test`` take the first N digits, for quick runs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split, holdout
from dlkit.data.download import fetch
from dlkit.data.inputs import ImageInput
from dlkit.families.images import cache
from dlkit.families.images.idx import read_idx
from dlkit.registry import Fraction, PositiveInt

FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)


def find_files(root: Path) -> list[Path] | None:
    """The four IDX files under root (plain or .gz), or None if any is missing."""
    found = []
    for name in FILES:
        candidates = [d / n for d in (root, root / "MNIST" / "raw") for n in (name, name + ".gz")]
        hit = next((c for c in candidates if c.is_file()), None)
        if hit is None:
            return None
        found.append(hit)
    return found


def _download(root: Path, download: bool) -> list[Path]:
    how = f"put {', '.join(f + '.gz' for f in FILES)} in {root} (or point --data-dir at them)"

    def run() -> None:
        from torchvision.datasets import MNIST

        for train in (True, False):
            MNIST(str(root), train=train, download=True)

    fetch("MNIST", how, download, run)
    files = find_files(root)
    if files is None:
        from dlkit.errors import DataError

        raise DataError(f"MNIST download finished but the files are missing; {how}")
    return files


def load_arrays(root: Path, download: bool, write_cache: bool = True) -> dict[str, np.ndarray]:
    """x_train, y_train, x_test, y_test as uint8 / int64, validated."""
    sources = find_files(root) or _download(root, download)

    def build() -> dict[str, np.ndarray]:
        x_train, y_train, x_test, y_test = (read_idx(p) for p in sources)
        for images, labels, name in ((x_train, y_train, "train"), (x_test, y_test, "t10k")):
            if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
                from dlkit.errors import DataError

                raise DataError(
                    f"MNIST {name} files disagree: images {images.shape}, labels {labels.shape}"
                )
        return {
            "x_train": x_train.astype(np.uint8),
            "y_train": y_train.astype(np.int64),
            "x_test": x_test.astype(np.uint8),
            "y_test": y_test.astype(np.int64),
        }

    return cache.cached(root / "dlkit-cache" / "mnist.npz", sources, build, write=write_cache)


@DATASETS.register("mnist")
def mnist(
    path: str = "data/mnist",
    seed: int = 0,
    download: bool = True,
    val_fraction: Fraction = 0.2,
    limit_train: PositiveInt | None = None,
    limit_test: PositiveInt | None = None,
) -> Dataset:
    arrays = load_arrays(Path(path).expanduser(), download)
    x, y = arrays["x_train"][:limit_train], arrays["y_train"][:limit_train]
    train, val = holdout(x, y, val_fraction, seed)
    test = Split(arrays["x_test"][:limit_test], arrays["y_test"][:limit_test])
    height, width = x.shape[1:3]
    spec = ImageInput([1, int(height), int(width)], [0.1307], [0.3081], background="dark")
    return Dataset(
        train=train,
        val=val,
        test=test,
        input_spec=spec,
        classes=[str(d) for d in range(10)],
        info={"source": str(path)},
    )
