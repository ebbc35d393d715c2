"""``TorchCallContract``: what the trainer, checkpoints, ``evaluate``, ``predict`` and ``serve``
expect of a model that is not a torch module — a fitted scikit-learn or XGBoost estimator
(``families/text/text_estimators.py``, ``families/tables/table_estimators.py``) or a NumPy net
(``models/numpy_module.py``). The one shim for all of them: ``to``/``eval``/``train`` keep the
device and mode, ``parameters()`` yields tensor views (none for an estimator), and
``as_tensor``/``to_bytes``/``from_bytes`` turn outputs and serialised estimators into tensors, so
``best.pt`` holds only tensors and loads with ``torch.load(weights_only=True)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Self

import numpy as np
import torch


class TorchCallContract:
    """Device, mode and parameters like a torch module; subclasses define ``__call__``,
    ``state_dict`` and ``load_state_dict``."""

    def __init__(self) -> None:
        self.device = torch.device("cpu")
        self.training = False

    def to(self, device: Any) -> Self:
        self.device = torch.device(device)
        return self

    def eval(self) -> Self:
        self.training = False
        return self

    def train(self, mode: bool = True) -> Self:
        self.training = mode
        return self

    def parameters(self) -> Iterator[torch.Tensor]:
        return iter(())

    def as_tensor(self, out: np.ndarray) -> torch.Tensor:
        """Outputs as a contiguous float32 tensor on the model's device."""
        return torch.from_numpy(np.ascontiguousarray(out, dtype=np.float32)).to(self.device)


def to_bytes(raw: bytes) -> torch.Tensor:
    """Serialised bytes as a uint8 tensor (a checkpoint entry)."""
    return torch.frombuffer(bytearray(raw), dtype=torch.uint8)


def from_bytes(tensor: torch.Tensor) -> bytes:
    return bytes(tensor.numpy().tobytes())
