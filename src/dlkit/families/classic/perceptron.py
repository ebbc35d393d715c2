"""The single-layer perceptron of the tutorial's day 25, in NumPy: ``step(x·w + b)``.

Training is the perceptron rule, sample by sample (``learn``): a missed positive adds ``lr·x`` to
the weights, a false positive subtracts it, a correct answer changes nothing. The weights start
uniform in [-0.5, 0.5) as in the tutorial, drawn from NumPy's global generator (seeded from the
recipe's seed by ``dlkit train``).

dlkit's fix: the tutorial's "bias" was the angle between ``w`` and ``x`` (``acos`` of their cosine),
which divides by zero at the input [0, 0]; here the bias is a learned weight ``b`` updated by the
same rule (a constant input of 1), the textbook perceptron the tutorial's theory (f(X) = WX + b)
describes.

The output for the ``binary`` task is a logit: ``+STEP_LOGIT`` where ``x·w + b >= 0``, else
``-STEP_LOGIT``. Its sigmoid is exactly 1 or 0 in float32, so predictions and probabilities are
the step function's and the mean squared error of the sigmoid (``loss.name: mse``) is the error
rate. Registered as model ``perceptron``; trained by the ``manual`` step.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import torch

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.models.numpy_module import NumpyModule

STEP_LOGIT = 50.0


class Perceptron(NumpyModule):
    def __init__(self, in_features: int) -> None:
        super().__init__()
        self.params = {
            "w": np.random.uniform(-0.5, 0.5, (in_features, 1)),
            "b": np.random.uniform(-0.5, 0.5, (1,)),
        }

    def fires(self, x: np.ndarray) -> np.ndarray:
        """The step function: 1.0 where ``x·w + b >= 0`` (the tutorial's ``>=``), else 0.0."""
        return ((x @ self.params["w"])[:, 0] + self.params["b"][0] >= 0).astype(np.float64)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return (2 * self.fires(x)[:, None] - 1) * STEP_LOGIT

    def learn(self, x: Any, y: Any, lr: float) -> torch.Tensor:
        """One pass of the perceptron rule over the rows in order; the outputs each row got
        before its own update (their accuracy is the tutorial's per-epoch ``acc``)."""
        xs, ys = (
            self._array(x),
            np.asarray(y.cpu() if isinstance(y, torch.Tensor) else y, dtype=np.float64).reshape(-1),
        )
        outs = np.empty((len(xs), 1))
        for i, (row, target) in enumerate(zip(xs, ys)):
            fired = self.fires(row[None])[0]
            outs[i, 0] = (2 * fired - 1) * STEP_LOGIT
            change = lr * (target - fired)  # +lr (missed 1), -lr (false 1), 0 (right)
            self.params["w"][:, 0] += change * row
            self.params["b"][0] += change
        return self._tensor(outs)


@MODELS.register("perceptron")
def perceptron(in_shape: list[int], num_outputs: int) -> Perceptron:
    if num_outputs != 1:
        raise UsageError(
            f"model perceptron answers yes/no (task: binary); this data has {num_outputs} outputs"
        )
    return Perceptron(math.prod(in_shape))


MODELS.register("perceptron", step="manual")(perceptron)  # the trainer.step that trains it
