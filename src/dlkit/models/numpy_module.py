"""``NumpyModule``: the call contract of a torch module for a net whose weights are NumPy arrays.

The hand-written nets (``families/classic/perceptron.py``, ``families/classic/hand_mlp.py``) keep their maths in plain
NumPy, as the tutorial wrote it; this base gives them what the trainer, checkpoints, ``evaluate``
and ``predict`` expect of any model: ``model(x)`` takes a float tensor and returns a float32
tensor, ``state_dict()``/``load_state_dict()`` hold tensors (so ``best.pt`` loads with
``torch.load(weights_only=True)``), ``parameters()`` yields tensor views for the parameter count,
and ``to``/``eval``/``train`` (from ``models/call_contract.py``, the shim every non-torch model
shares). A subclass sets ``self.params`` (name → float64 array) and defines
``forward(x: np.ndarray) -> np.ndarray`` and ``learn(x, y, lr)`` (its update rule, used by the
``manual`` step, ``families/classic/manual_step.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import torch

from dlkit.errors import UsageError
from dlkit.models.call_contract import TorchCallContract


class NumpyModule(TorchCallContract):
    params: dict[str, np.ndarray]

    def forward(self, x: np.ndarray) -> np.ndarray:  # pragma: no cover - each net defines it
        raise NotImplementedError

    def __call__(self, x: Any) -> torch.Tensor:
        if self.training and torch.is_grad_enabled():
            raise UsageError(
                f"{type(self).__name__} updates its own NumPy weights; train it "
                "with trainer.step: manual"
            )
        return self._tensor(self.forward(self._array(x)))

    def _array(self, x: Any) -> np.ndarray:
        if isinstance(x, torch.Tensor):
            x = x.detach().cpu().numpy()
        return np.asarray(x, dtype=np.float64).reshape(len(x), -1)

    def _tensor(self, out: np.ndarray) -> torch.Tensor:
        return self.as_tensor(out)

    def parameters(self) -> Iterator[torch.Tensor]:
        return (torch.from_numpy(value) for value in self.params.values())

    def state_dict(self) -> dict[str, torch.Tensor]:
        return {name: torch.from_numpy(value.copy()) for name, value in self.params.items()}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        if set(state) != set(self.params):
            raise RuntimeError(f"expected {sorted(self.params)}, got {sorted(state)}")
        for name, value in state.items():
            array = value.detach().cpu().numpy().astype(np.float64)
            if array.shape != self.params[name].shape:
                raise RuntimeError(
                    f"{name}: shape {list(array.shape)}, expected {list(self.params[name].shape)}"
                )
            self.params[name] = array
