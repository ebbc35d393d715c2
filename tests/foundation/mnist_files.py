"""Writes small MNIST-format IDX files (gzipped, real headers) for tests. The digits are
scikit-learn's 8x8 digits scaled to 28x28, so a network can really learn them."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np


def idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(
        f">{array.ndim}I", *array.shape
    )
    return header + array.astype(np.uint8).tobytes()


def digits_28(count: int, offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
    import cv2
    from sklearn.datasets import load_digits

    bunch = load_digits()
    idx = np.arange(offset, offset + count) % len(bunch.images)
    small = (bunch.images[idx] * (255.0 / 16.0)).astype(np.uint8)
    big = np.stack(
        [np.pad(cv2.resize(im, (20, 20), interpolation=cv2.INTER_LINEAR), 4) for im in small]
    )
    return big, bunch.target[idx].astype(np.uint8)


def write_mnist(folder: Path, train: int = 600, test: int = 200) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    x_train, y_train = digits_28(train)
    x_test, y_test = digits_28(test, offset=train)
    for name, array in (
        ("train-images-idx3-ubyte", x_train),
        ("train-labels-idx1-ubyte", y_train),
        ("t10k-images-idx3-ubyte", x_test),
        ("t10k-labels-idx1-ubyte", y_test),
    ):
        (folder / f"{name}.gz").write_bytes(gzip.compress(idx_bytes(array)))
    return folder
