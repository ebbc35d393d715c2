"""Fully connected networks: ``mlp`` (flatten → hidden layers → logits); ``hidden: []`` gives the
one-layer softmax regression of the MNIST-softmax seed. ``build_mlp`` is also the head of ``cnn``."""

from __future__ import annotations

import functools
import math

from dlkit.components import MODELS
from dlkit.errors import UsageError

ACTIVATIONS = ("relu", "tanh", "sigmoid", "gelu")


def build_mlp(in_features: int, num_outputs: int, hidden: list[int], dropout: float,
              activation: str = "relu", batch_norm: bool = False) -> list:
    """Linear layers (with activation, optional BatchNorm1d after it, and optional dropout) from
    ``in_features`` to logits."""
    from torch import nn

    if activation not in ACTIVATIONS:
        raise UsageError(f"model.activation must be one of {', '.join(ACTIVATIONS)}, "
                         f"not {activation!r}")
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}[activation]
    layers: list = []
    width = in_features
    for size in hidden:
        layers += [nn.Linear(width, size), act()]
        if batch_norm:
            layers.append(_batch_norm_1d()(size))
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width = size
    layers.append(nn.Linear(width, num_outputs))
    return layers


@functools.cache
def _batch_norm_1d() -> type:
    """BatchNorm1d that normalises a training batch of ONE sample with its running statistics
    (nn.BatchNorm1d raises on it: one sample has no variance). The trainer keeps a short last
    batch, so a training split of 101 images at batch 100 would otherwise stop the run. Defined on
    first use so importing this module does not import torch."""
    import torch.nn.functional as F
    from torch import nn

    class BatchNorm1d(nn.BatchNorm1d):
        def forward(self, x):
            if self.training and x.shape[0] == 1:
                return F.batch_norm(x, self.running_mean, self.running_var, self.weight,
                                    self.bias, False, 0.0, self.eps)
            return super().forward(x)

    return BatchNorm1d


@MODELS.register("mlp")
def mlp(in_shape: list[int], num_outputs: int, hidden: list[int] = [256, 128],
        dropout: float = 0.0, activation: str = "relu"):
    from torch import nn

    return nn.Sequential(nn.Flatten(), *build_mlp(math.prod(in_shape), num_outputs, hidden,
                                                   dropout, activation))
