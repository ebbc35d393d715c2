"""CIFAR-10 from its python pickle batches, downloaded by torchvision when online.

The files (``data_batch_1`` … ``data_batch_5``, ``test_batch``, ``batches.meta``) are looked for in
``path/cifar-10-batches-py`` (torchvision's layout) and in ``path`` itself. Missing files are
downloaded unless ``download: false`` or ``DLKIT_OFFLINE=1``; then one line names the folder and the
files. Pickles are read with an unpickler that only rebuilds numpy arrays and plain values. The
decoded uint8 NHWC arrays are cached in ``path/dlkit-cache/cifar10.npz``; without pickle files, a
cache written by ``prepare cifar10 --from-png`` (see ``families/images/cifar10_export.py``) is used instead.

``augment`` (the mapping described in ``families/images/augment.py``: ``horizontal_flip``, ``translate``,
``grayscale``, ``cutout``, …) becomes the dataset's batched, on-device training augmentation.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np

from dlkit.components import DATASETS
from dlkit.data.base import Dataset, Split, holdout
from dlkit.data.inputs import ImageInput
from dlkit.errors import DataError
from dlkit.families.images import cache
from dlkit.families.images.augment import AugmentOptions, build_augment
from dlkit.registry import Fraction, PositiveInt

TRAIN_FILES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_FILE = "test_batch"
META_FILE = "batches.meta"
FILES = (*TRAIN_FILES, TEST_FILE, META_FILE)
SUBDIR = "cifar-10-batches-py"
CACHE_NAME = "cifar10.npz"
MEAN = [0.4914, 0.4822, 0.4465]
STD = [0.2470, 0.2435, 0.2616]
_NUMPY_GLOBALS = {
    ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy", "ndarray"),
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("copy_reg", "_reconstructor"),
    ("copyreg", "_reconstructor"),
    ("__builtin__", "object"),
    ("builtins", "object"),
    ("_codecs", "encode"),
}


class _SafeUnpickler(pickle.Unpickler):
    """Rebuilds dicts, lists, bytes and numpy arrays; refuses every other global."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _NUMPY_GLOBALS:
            return super().find_class(
                {"__builtin__": "builtins", "copy_reg": "copyreg"}.get(module, module), name
            )
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def cache_file(root: Path) -> Path:
    return root / "dlkit-cache" / CACHE_NAME


def find_files(root: Path) -> list[Path] | None:
    """The seven batch files, in ``root/cifar-10-batches-py`` or ``root``; None if any is missing."""
    for folder in (root / SUBDIR, root):
        found = [folder / name for name in FILES]
        if all(p.is_file() for p in found):
            return found
    return None


def _how(root: Path) -> str:
    return (
        f"put data_batch_1..5, {TEST_FILE} and {META_FILE} (from cifar-10-python.tar.gz) "
        f"in {root / SUBDIR} (or point --data-dir at them)"
    )


def _download(root: Path, download: bool) -> list[Path]:
    from dlkit.data.download import fetch

    def run() -> None:
        from torchvision.datasets import CIFAR10

        CIFAR10(str(root), train=True, download=True)

    fetch(f"CIFAR-10 ({root / SUBDIR})", _how(root), download, run)
    files = find_files(root)
    if files is None:
        raise DataError(f"CIFAR-10 download finished but files are missing; {_how(root)}")
    return files


def read_pickle(path: Path) -> dict[str, Any]:
    """One batch file as a dict with str keys; DataError naming the file if it is unreadable."""
    try:
        with open(path, "rb") as handle:
            raw = _SafeUnpickler(handle, encoding="bytes").load()
    except (
        pickle.UnpicklingError,
        EOFError,
        OSError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        KeyError,
        MemoryError,
    ) as exc:
        reason = " ".join(str(exc).split())[:100] or type(exc).__name__
        raise DataError(f"{path}: not a readable CIFAR-10 batch ({reason})") from None
    if not isinstance(raw, dict):
        raise DataError(f"{path}: not a CIFAR-10 batch (expected a dict, got {type(raw).__name__})")
    return {k.decode("latin1") if isinstance(k, bytes) else str(k): v for k, v in raw.items()}


def read_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(images uint8 (N, 32, 32, 3), labels int64 (N,)) from one data batch."""
    batch = read_pickle(path)
    data, labels = batch.get("data"), batch.get("labels")
    if data is None or labels is None:
        raise DataError(f"{path}: not a CIFAR-10 batch (no 'data' or 'labels' entry)")
    data = np.asarray(data)
    labels = np.asarray(labels, dtype=np.int64)
    if data.ndim != 2 or data.shape[1] != 3072 or len(data) != len(labels):
        raise DataError(
            f"{path}: corrupt CIFAR-10 batch (data {data.shape}, "
            f"labels {labels.shape}; expected (N, 3072) and (N,))"
        )
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise DataError(f"{path}: corrupt CIFAR-10 batch (labels outside 0..9)")
    images = data.astype(np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), labels


def read_classes(path: Path) -> list[str]:
    names = read_pickle(path).get("label_names")
    if not isinstance(names, list) or len(names) != 10:
        raise DataError(f"{path}: corrupt CIFAR-10 meta file (expected 10 label_names)")
    return [n.decode("utf-8") if isinstance(n, bytes) else str(n) for n in names]


def build_arrays(sources: list[Path]) -> dict[str, np.ndarray]:
    """Decode the seven files into x_train, y_train, x_test, y_test, classes."""
    by_name = {p.name: p for p in sources}
    parts = [read_batch(by_name[name]) for name in TRAIN_FILES]
    x_test, y_test = read_batch(by_name[TEST_FILE])
    classes = read_classes(by_name[META_FILE])
    return {
        "x_train": np.concatenate([p[0] for p in parts]),
        "y_train": np.concatenate([p[1] for p in parts]),
        "x_test": x_test,
        "y_test": y_test,
        "classes": np.array(classes),
    }


def load_arrays(root: Path, download: bool, write_cache: bool = True) -> dict[str, np.ndarray]:
    """The cached or decoded arrays; falls back to a ``--from-png`` cache, then to downloading."""
    sources = find_files(root)
    if sources is None:
        from_png = cache.load(cache_file(root), [])
        if from_png is not None:
            return from_png
        sources = _download(root, download)
    return cache.cached(cache_file(root), sources, lambda: build_arrays(sources), write=write_cache)


@DATASETS.register("cifar10")
def cifar10(
    path: str = "data/cifar10",
    seed: int = 0,
    download: bool = True,
    val_fraction: Fraction = 0.1,
    limit_train: PositiveInt | None = None,
    limit_test: PositiveInt | None = None,
    augment: AugmentOptions | None = None,
) -> Dataset:
    batch_augment = build_augment(augment)
    arrays = load_arrays(Path(path).expanduser(), download)
    x, y = arrays["x_train"][:limit_train], arrays["y_train"][:limit_train]
    train, val = holdout(x, y, val_fraction, seed)
    test = Split(arrays["x_test"][:limit_test], arrays["y_test"][:limit_test])
    spec = ImageInput([3, 32, 32], MEAN, STD)
    return Dataset(
        train=train,
        val=val,
        test=test,
        input_spec=spec,
        classes=[str(c) for c in arrays["classes"]],
        info={"source": str(path)},
        augment=batch_augment,
    )
