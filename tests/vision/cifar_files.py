"""Tiny CIFAR-10 folders in the real format (python pickle batches, protocol 2) for the tests."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def _images(rng: np.random.Generator, labels: np.ndarray) -> np.ndarray:
    """(N, 3072) uint8 rows (R, G, B planes), with a class-dependent tint so a net can learn."""
    base = rng.integers(0, 120, size=(len(labels), 3, 32, 32))
    tint = ((labels * 13) % 120)[:, None, None]
    base[:, 0] += tint
    base[:, 2] += 120 - tint
    return base.astype(np.uint8).reshape(len(labels), 3072)


def write_batch(path: Path, images: np.ndarray, labels: np.ndarray, name: str) -> None:
    batch = {
        b"batch_label": name.encode(),
        b"labels": [int(v) for v in labels],
        b"data": images,
        b"filenames": [f"img_{i:05d}.png".encode() for i in range(len(labels))],
    }
    with open(path, "wb") as handle:
        pickle.dump(batch, handle, protocol=2)


def make_cifar(
    root: Path, per_batch: int = 40, n_test: int = 50, seed: int = 0, subdir: bool = True
) -> Path:
    """Write data_batch_1..5, test_batch and batches.meta; returns the data folder."""
    folder = root / "cifar-10-batches-py" if subdir else root
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    for i in range(1, 6):
        labels = rng.integers(0, 10, size=per_batch)
        write_batch(
            folder / f"data_batch_{i}", _images(rng, labels), labels, f"training batch {i} of 5"
        )
    labels = rng.integers(0, 10, size=n_test)
    write_batch(folder / "test_batch", _images(rng, labels), labels, "testing batch 1 of 1")
    meta = {
        b"num_cases_per_batch": per_batch,
        b"label_names": [c.encode() for c in CLASSES],
        b"num_vis": 3072,
    }
    with open(folder / "batches.meta", "wb") as handle:
        pickle.dump(meta, handle, protocol=2)
    return root
