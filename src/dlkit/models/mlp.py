"""Fully connected networks: ``mlp`` (flatten → hidden layers → logits); ``hidden: []`` gives the
one-layer softmax regression of the MNIST-softmax seed. ``build_mlp`` is also the head of ``cnn``,
``lenet`` and ``vgg_small``."""

from __future__ import annotations

import math
from typing import Literal

import torch
import torch.nn.functional as F
from torch import nn

from dlkit.components import MODELS
from dlkit.registry import Fraction, Sizes

Activation = Literal["relu", "tanh", "sigmoid", "gelu", "linear"]  # linear: none (Keras default)
ACTIVATIONS: dict[str, type[nn.Module]] = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "gelu": nn.GELU,
    "linear": nn.Identity,
}


def build_mlp(
    in_features: int,
    num_outputs: int,
    hidden: list[int],
    dropout: float,
    activation: str = "relu",
    batch_norm: bool = False,
) -> list[nn.Module]:
    """Linear layers (with activation, optional BatchNorm1d after it, and optional dropout) from
    ``in_features`` to logits."""
    act = ACTIVATIONS[activation]
    layers: list[nn.Module] = []
    width = in_features
    for size in hidden:
        layers += [nn.Linear(width, size), act()]
        if batch_norm:
            layers.append(BatchNorm1d(size))
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
        width = size
    layers.append(nn.Linear(width, num_outputs))
    return layers


class BatchNorm1d(nn.BatchNorm1d):
    """BatchNorm1d that normalises a training batch of ONE sample with its running statistics
    (nn.BatchNorm1d raises on it: one sample has no variance). The trainer keeps a short last
    batch, so a training split of 101 images at batch 100 would otherwise stop the run."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training and x.shape[0] == 1:
            return F.batch_norm(
                x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps
            )
        return super().forward(x)


@MODELS.register("mlp")
def mlp(
    in_shape: list[int],
    num_outputs: int,
    hidden: Sizes = [256, 128],
    dropout: Fraction = 0.0,
    activation: Activation = "relu",
) -> nn.Module:
    return nn.Sequential(
        nn.Flatten(), *build_mlp(math.prod(in_shape), num_outputs, hidden, dropout, activation)
    )
