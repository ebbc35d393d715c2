"""The contract between data modules and the trainer.

A data module is a registered factory ``fn(path=..., seed=..., **options) -> Dataset``. It returns
arrays already split into train / val / test (uint8 images in NHWC, or float series), the class
names, and an ``input_spec`` dict that says how raw inputs become model inputs. The spec is stored
in every checkpoint, so ``predict`` prepares a user's file exactly as training did, and the trainer
builds its batch transform from it (see ``data/transforms.py``).

Every ``input_spec`` has ``kind`` and ``shape`` (the model's input shape, without the batch).
Images: ``kind: image``, ``shape: [C, H, W]``, ``mean``/``std`` per channel
(applied after scaling to [0, 1]), ``background: dark|light`` (the usual background, so ``predict``
can invert photos of dark ink on white paper for MNIST-like data). Other kinds (``series``) carry
what their predict path needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np


@dataclass
class Split:
    """One split: inputs ``x`` and targets ``y`` (int64 class ids, or float32 values)."""

    x: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.x)


@dataclass
class Dataset:
    """What a data module returns; ``val``/``test`` may be None when a recipe has none."""

    train: Split
    val: Split | None
    test: Split | None
    input_spec: dict[str, Any]
    classes: list[str] | None = None
    info: dict[str, Any] = field(default_factory=dict)
    augment: Callable[..., Any] | None = None  # training-only (x_float_nchw, generator) -> x

    @property
    def num_outputs(self) -> int:
        """Logits the model needs: classes (1 for two-class binary tasks), else target width."""
        if self.classes is not None:
            return len(self.classes)
        return 1 if self.train.y.ndim == 1 else int(self.train.y.shape[1])

    def split(self, name: str) -> Split:
        part = {"train": self.train, "val": self.val, "test": self.test}[name]
        if part is None or len(part) == 0:
            from dlkit.errors import UsageError

            raise UsageError(f"this dataset has no '{name}' split")
        return part


def holdout(x: np.ndarray, y: np.ndarray, fraction: float, seed: int,
            stratify: bool = True) -> tuple[Split, Split | None]:
    """Split off ``fraction`` of (x, y) for validation, reproducibly (stratified by class)."""
    if fraction <= 0:
        return Split(x, y), None
    from sklearn.model_selection import train_test_split

    strat = y if stratify and _can_stratify(y, fraction) else None
    idx_train, idx_val = train_test_split(np.arange(len(x)), test_size=fraction,
                                          random_state=seed, stratify=strat)
    idx_train.sort()
    idx_val.sort()
    return Split(x[idx_train], y[idx_train]), Split(x[idx_val], y[idx_val])


def _can_stratify(y: np.ndarray, fraction: float) -> bool:
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        return False
    counts = np.bincount(y)
    counts = counts[counts > 0]
    return counts.min() >= 2 and fraction * len(y) >= len(counts)
