"""The ``noise`` input spec: a generator's latent input (``shape`` [nz, 1, 1]), drawn by the
noise predictor from ``--samples N --seed S``; ``image``/``mean``/``std`` turn the generated
images back into pixels."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from dlkit.components import INPUT_KINDS
from dlkit.data.inputs import as_dict


@INPUT_KINDS.register("noise")
@dataclass
class NoiseInput:
    """Standard-normal noise of ``shape``; the outputs are images of ``image`` [C, H, W]
    normalised with ``mean``/``std`` (the training data's)."""

    kind: ClassVar[str] = "noise"
    shape: list[int]
    image: list[int] = field(default_factory=lambda: [3, 96, 96])
    mean: list[float] = field(default_factory=lambda: [0.5, 0.5, 0.5])
    std: list[float] = field(default_factory=lambda: [0.5, 0.5, 0.5])

    def to_dict(self) -> dict[str, Any]:
        return as_dict(self)

    def batch_transform(self, augment: Any = None) -> Any:
        from dlkit.data.transforms import FloatBatchTransform

        return FloatBatchTransform(augment)

    def sample(self, n: int, seed: int = 0) -> np.ndarray:
        """``n`` noise vectors (what ``dlkit export`` runs a generator on)."""
        return self.draw(n, seed)

    def draw(self, count: int, seed: int) -> np.ndarray:
        """``count`` noise vectors from ``seed`` (the same on every machine: a CPU generator)."""
        import torch

        generator = torch.Generator().manual_seed(int(seed))
        return torch.randn(count, *self.shape, generator=generator).numpy()

    def to_pixels(self, outputs: Any) -> np.ndarray:
        """Generated (N, C, H, W) outputs → (N, H, W, C) uint8, clamped."""
        from dlkit.pictures import denormalised

        return denormalised(outputs, self.mean, self.std)
