"""The ``picture`` input spec: no input at all; the model is one trained picture (style
transfer) of ``shape``, normalised with ``mean``/``std``; its predictor writes it out as a PNG."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.data.inputs import as_dict


@INPUT_KINDS.register("picture")
@dataclass
class PictureInput:
    """A run whose model *is* a picture (``shape`` [C, H, W], ``mean``/``std`` normalised)."""

    kind: ClassVar[str] = "picture"
    shape: list[int]
    mean: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    std: list[float] = field(default_factory=lambda: [1.0, 1.0, 1.0])

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)

    def batch_transform(self, augment: Any = None) -> Any:
        from dlkit.data.transforms import FloatBatchTransform

        return FloatBatchTransform(augment)

    def to_pixels(self, outputs: Any) -> np.ndarray:
        from dlkit.pictures import denormalised

        return denormalised(outputs, self.mean, self.std)
