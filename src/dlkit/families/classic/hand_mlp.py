"""The tutorial's hand-written 2-2-1 sigmoid MLP (day 27), in NumPy or in PyTorch.

``hand_mlp`` is ``sigmoid(sigmoid(x·W1 + b1)·W2 + b2)`` with ``hidden`` units (2 for XOR), trained
by plain gradient descent on the whole batch, written out the way the tutorial does:

- ``impl: numpy`` (``NumpyMLP``): weights uniform in [0, 1) (NumPy's global generator, seeded by
  ``dlkit train``), loss ``0.5·Σ(y − out)²`` and the back-propagation by hand — the chain rule
  through both sigmoids (``σ' = σ(1 − σ)``). dlkit's fix: every gradient is taken before any weight
  moves (the tutorial's ``b1`` update used the already-updated ``W2``).
- ``impl: torch`` (``TorchMLP``): weights from ``torch.randn`` as in the tutorial, the sigmoid
  written as ``1 / (1 + exp(−x))``, ``MSELoss`` (the mean), ``loss.backward()`` and the update
  ``p −= lr·p.grad`` under ``no_grad`` — autograd instead of the hand-derived gradients.

Both return the output layer's logit (before the last sigmoid) for the ``binary`` task, whose
``loss.name: mse`` is the tutorial's sigmoid + MSE. Trained by the ``manual`` step (``learn``).
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.models.numpy_module import NumpyModule
from dlkit.registry import PositiveInt


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


class NumpyMLP(NumpyModule):
    def __init__(self, in_features: int, hidden: int) -> None:
        super().__init__()
        uniform = np.random.uniform
        self.params = {
            "w1": uniform(size=(in_features, hidden)),
            "b1": uniform(size=(1, hidden)),
            "w2": uniform(size=(hidden, 1)),
            "b2": uniform(size=(1, 1)),
        }

    def hidden(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(x @ self.params["w1"] + self.params["b1"])

    def forward(self, x: np.ndarray) -> np.ndarray:
        return self.hidden(x) @ self.params["w2"] + self.params["b2"]

    def learn(self, x: Any, y: Any, lr: float) -> torch.Tensor:
        """One step of gradient descent on ``0.5·Σ(y − out)²``, back-propagated by hand."""
        p = self.params
        xs = self._array(x)
        ys = np.asarray(y.cpu() if isinstance(y, torch.Tensor) else y, np.float64).reshape(-1, 1)
        h = self.hidden(xs)  # hidden activations σ(x·W1 + b1)
        logit = h @ p["w2"] + p["b2"]
        out = sigmoid(logit)
        delta_out = (out - ys) * out * (1 - out)  # dLoss/d(logit): error · σ'(logit)
        delta_h = (delta_out @ p["w2"].T) * h * (1 - h)  # back through W2 and the first σ
        grads = {
            "w2": h.T @ delta_out,
            "b2": delta_out.sum(0, keepdims=True),
            "w1": xs.T @ delta_h,
            "b1": delta_h.sum(0, keepdims=True),
        }
        for name, grad in grads.items():
            p[name] -= lr * grad
        return self._tensor(logit)


class TorchMLP(nn.Module):
    def __init__(self, in_features: int, hidden: int) -> None:
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(in_features, hidden))
        self.w2 = nn.Parameter(torch.randn(hidden, 1))
        self.b1 = nn.Parameter(torch.randn(1, hidden))
        self.b2 = nn.Parameter(torch.randn(1, 1))

    @staticmethod
    def sigmoid(z: torch.Tensor) -> torch.Tensor:
        return 1 / (1 + torch.exp(-z))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.sigmoid(x.flatten(1) @ self.w1 + self.b1) @ self.w2 + self.b2

    def learn(self, x: torch.Tensor, y: torch.Tensor, lr: float) -> torch.Tensor:
        """One step: MSE of the sigmoid output, autograd, then ``p −= lr·p.grad`` by hand."""
        logit = self(x)
        loss = nn.functional.mse_loss(self.sigmoid(logit), y.float().view(-1, 1))
        loss.backward()
        with torch.no_grad():
            for param in (self.w1, self.w2, self.b2, self.b1):
                grad = param.grad
                assert grad is not None  # filled by loss.backward()
                param.sub_(lr * grad)
                grad.zero_()
        return logit.detach()


@MODELS.register("hand_mlp")
def hand_mlp(
    in_shape: list[int],
    num_outputs: int,
    hidden: PositiveInt = 2,
    impl: Literal["numpy", "torch"] = "numpy",
) -> Any:
    if num_outputs != 1:
        raise UsageError(
            f"model hand_mlp answers yes/no (task: binary); this data has {num_outputs} outputs"
        )
    cls = NumpyMLP if impl == "numpy" else TorchMLP
    return cls(math.prod(in_shape), hidden)


MODELS.register("hand_mlp", step="manual")(hand_mlp)  # the trainer.step that trains it
