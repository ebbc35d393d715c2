"""Batch transforms: uint8 NHWC image batches → normalised float NCHW, or float arrays cast.

Input specs (``data/inputs.py``) choose and configure them. They run on whole batches on the training device (GPU when there is one), which keeps the data
path cheap: the arrays stay uint8 in memory and each batch is converted once. ``augment`` (training
only) is an optional callable ``(x_float_nchw, generator) -> x`` supplied by the recipe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class ImageBatchTransform:
    """uint8 (N, H, W[, C]) → float32 (N, C, H, W), scaled to [0, 1] and normalised."""

    def __init__(
        self, mean: list[float], std: list[float], augment: Callable[..., Any] | None = None
    ) -> None:
        self.mean, self.std = list(mean), list(std)
        self.augment = augment
        self._stats: dict[Any, tuple[Any, Any]] = {}

    def _mean_std(self, device: Any) -> tuple[Any, Any]:
        import torch

        if device not in self._stats:
            mean = torch.tensor(self.mean, dtype=torch.float32, device=device).view(1, -1, 1, 1)
            std = torch.tensor(self.std, dtype=torch.float32, device=device).view(1, -1, 1, 1)
            self._stats[device] = (mean, 1.0 / std)
        return self._stats[device]

    def __call__(self, x: Any, train: bool = False, generator: Any = None) -> Any:
        if x.ndim == 3:
            x = x.unsqueeze(-1)
        # cast, then make NCHW contiguous: ~4x faster on CPU than normalising a permuted view
        x = x.float().permute(0, 3, 1, 2).contiguous()
        mean, inv_std = self._mean_std(x.device)
        if train and self.augment is not None:
            x = self.augment(x.mul_(1.0 / 255.0), generator)
            return (x - mean).mul_(inv_std)
        return x.mul_(inv_std / 255.0).sub_(mean * inv_std)  # (x/255 - mean)/std in two passes


class FloatBatchTransform:
    """Arrays that are already model-ready floats (series, features): cast only."""

    def __init__(self, augment: Any = None) -> None:
        self.augment = augment

    def __call__(self, x: Any, train: bool = False, generator: Any = None) -> Any:
        x = x.float()
        if train and self.augment is not None:
            x = self.augment(x, generator)
        return x
