"""A configurable plain CNN: conv blocks (conv → [BatchNorm] → ReLU → [pool] → [dropout]) then a
fully connected head. The MNIST seeds (``mnist-cnn``, ``mnist-cnn-small``) and ``digits-cnn`` are
this network with different arguments; the flatten width is computed from the input shape."""

from __future__ import annotations

from typing import Literal

from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.models.mlp import build_mlp
from dlkit.registry import Fraction, NonEmptySizes, PositiveInt, Sizes


def _out_size(size: int, kernel: int, padding: str, pool: int) -> int:
    if padding == "valid":
        size = size - kernel + 1
    return size // pool if pool > 1 else size


@MODELS.register("cnn")
def cnn(in_shape: list[int], num_outputs: int, channels: NonEmptySizes = [32, 64],
        kernel: PositiveInt = 3, padding: Literal["valid", "same"] = "valid",
        pool: PositiveInt = 2, batch_norm: bool = False, conv_dropout: Fraction = 0.0,
        hidden: Sizes = [512], dropout: Fraction = 0.0) -> nn.Module:
    in_ch, height, width = in_shape
    layers: list[nn.Module] = []
    for out_ch in channels:
        layers.append(nn.Conv2d(in_ch, out_ch, kernel, padding=0 if padding == "valid" else "same"))
        if batch_norm:
            layers.append(nn.BatchNorm2d(out_ch))
        layers.append(nn.ReLU())
        if pool > 1:
            layers.append(nn.MaxPool2d(pool))
        if conv_dropout > 0:
            layers.append(nn.Dropout(conv_dropout))
        height = _out_size(height, kernel, padding, pool)
        width = _out_size(width, kernel, padding, pool)
        if height < 1 or width < 1:
            raise UsageError(f"model.channels: {len(channels)} conv blocks shrink a "
                             f"{in_shape[1]}x{in_shape[2]} input to nothing; use padding: same "
                             "or fewer blocks")
        in_ch = out_ch
    head = build_mlp(in_ch * height * width, num_outputs, hidden, dropout)
    return nn.Sequential(*layers, nn.Flatten(), *head)
