"""The contract between data modules and the trainer.

A data module is a registered factory ``fn(path=..., seed=..., **options) -> Dataset``. It returns
arrays already split into train / val / test (uint8 images in NHWC, or float series), the class
names, and a typed ``input_spec`` (``data/inputs.py``) that says how raw inputs become model
inputs. The spec is stored in every checkpoint, so ``predict`` prepares a user's file exactly as
training did, and the trainer builds its batch transform from it.

When the arrays are a frozen backbone's outputs rather than raw inputs (the VGG16 feature recipe),
``backbone`` names that backbone (``{"name", "options", "out_shape"}``, a ``components.BACKBONES``
key): the model trains on the arrays, and the checkpoint's model description puts the backbone in
front of it, so ``predict`` takes raw inputs of ``input_spec``'s kind like any other run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
    input_spec: Any  # a typed spec from data/inputs.py
    classes: list[str] | None = None
    info: dict[str, Any] = field(default_factory=dict)
    augment: Callable[..., Any] | None = None  # training-only (x_float_nchw, generator) -> x
    backbone: dict[str, Any] | None = None  # the arrays are this backbone's outputs

    @property
    def array_input(self) -> Any:
        """The spec of the arrays themselves: the input spec, or the backbone's output."""
        if self.backbone is None:
            return self.input_spec
        from dlkit.data.inputs import FeatureInput

        return FeatureInput(list(self.backbone["out_shape"]))

    def fingerprint(self) -> str:
        """sha256 of every split's inputs and targets: runs on different data differ here."""
        import hashlib

        digest = hashlib.sha256()
        for name in ("train", "val", "test"):
            part = getattr(self, name)
            digest.update(name.encode())
            if part is not None:
                for array in (part.x, part.y):
                    digest.update(str((array.dtype, array.shape)).encode())
                    if array.dtype == object:  # texts: each one's UTF-8 bytes, NUL-separated
                        digest.update("\0".join(map(str, array.ravel())).encode())
                    else:
                        digest.update(np.ascontiguousarray(array).data.cast("B"))
        return digest.hexdigest()

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


def holdout(
    x: np.ndarray, y: np.ndarray, fraction: float, seed: int, stratify: bool = True
) -> tuple[Split, Split | None]:
    """Split off ``fraction`` of (x, y) for validation, reproducibly: ``ceil(fraction · n)`` rows,
    drawn per class in proportion to its size when ``stratify`` (largest remainders get the
    rounding). NumPy only — importing scikit-learn for this cost a second of every run."""
    if fraction <= 0:
        return Split(x, y), None
    rng = np.random.default_rng(seed)
    n_val = min(len(x) - 1, math.ceil(fraction * len(x)))
    if stratify and _can_stratify(y, fraction):
        classes, inverse = np.unique(y, return_inverse=True)
        members = [np.flatnonzero(inverse == c) for c in range(len(classes))]
        share = np.array([len(m) for m in members]) * n_val / len(x)
        take = np.floor(share).astype(int)
        extra = np.argsort(-(share - take), kind="stable")[: n_val - take.sum()]
        take[extra] += 1
        idx_val = np.concatenate([rng.permutation(m)[:k] for m, k in zip(members, take)])
    else:
        idx_val = rng.permutation(len(x))[:n_val]
    mask = np.zeros(len(x), dtype=bool)
    mask[idx_val] = True
    return Split(x[~mask], y[~mask]), Split(x[mask], y[mask])


def _can_stratify(y: np.ndarray, fraction: float) -> bool:
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        return False
    counts = np.bincount(y)
    counts = counts[counts > 0]
    return counts.min() >= 2 and fraction * len(y) >= len(counts)
