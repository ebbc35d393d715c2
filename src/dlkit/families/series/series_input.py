"""The ``series`` input spec: float windows of a price history (``shape`` [window, features])
with the scalers fit on the training split; the series predictor reads CSVs and turns outputs
back into prices. Stored in every stock run's checkpoint."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.data.inputs import as_dict


@INPUT_KINDS.register("series")
@dataclass
class SeriesInput:
    """Windows of scaled price features; the scalers were fit on the training split only."""

    kind: ClassVar[str] = "series"
    shape: list[int]
    features: list[str] = field(default_factory=list)
    target: str = "close"
    window: int = 10
    horizon: int = 1
    inputs: str = "returns"
    target_mode: str = "return"
    scaler: dict[str, Any] = field(default_factory=dict)
    target_scaler: dict[str, Any] = field(default_factory=dict)
    stock: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)

    def batch_transform(self, augment: Any = None) -> Any:
        from dlkit.data.transforms import FloatBatchTransform

        return FloatBatchTransform(augment)

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` random scaled windows (N, window, features), float32."""
        rng = np.random.default_rng(seed)
        return rng.standard_normal((n, *self.shape)).astype(np.float32)

    def __getitem__(self, key: str) -> Any:
        """Dict-style reads for the price helpers in ``families/series/stock.py`` (``spec["scaler"]``)."""
        return self.to_dict()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.to_dict().get(key, default)
