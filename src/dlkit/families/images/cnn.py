"""A configurable plain CNN: conv blocks (conv → [BatchNorm] → ReLU → [pool] → [dropout]) then a
fully connected head. The MNIST seeds (``mnist-cnn``, ``mnist-cnn-small``) and ``digits-cnn`` are
this network with different arguments; the flatten width is computed from the input shape.

The PyTorch workshop's CIFAR-10 activity 4.03 (``cifar10-cnn``) needs three more switches, all off
by default: ``batch_norm_order: after_relu`` (conv → ReLU → BatchNorm → pool, as its ``forward``),
``flatten_dropout`` (dropout on the flattened features, before the first dense layer) and
``hidden_batch_norm`` (BatchNorm1d after each hidden dense layer's ReLU)."""

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
def cnn(
    in_shape: list[int],
    num_outputs: int,
    channels: NonEmptySizes = [32, 64],
    kernel: PositiveInt = 3,
    padding: Literal["valid", "same"] = "valid",
    pool: PositiveInt = 2,
    batch_norm: bool = False,
    conv_dropout: Fraction = 0.0,
    hidden: Sizes = [512],
    dropout: Fraction = 0.0,
    batch_norm_order: Literal["before_relu", "after_relu"] = "before_relu",
    flatten_dropout: Fraction = 0.0,
    hidden_batch_norm: bool = False,
) -> nn.Module:
    in_ch, height, width = in_shape
    layers: list[nn.Module] = []
    for out_ch in channels:
        layers.append(nn.Conv2d(in_ch, out_ch, kernel, padding=0 if padding == "valid" else "same"))
        block: list[nn.Module] = [nn.ReLU()]
        if batch_norm:
            norm = nn.BatchNorm2d(out_ch)
            block = [norm, *block] if batch_norm_order == "before_relu" else [*block, norm]
        layers += block
        if pool > 1:
            layers.append(nn.MaxPool2d(pool))
        if conv_dropout > 0:
            layers.append(nn.Dropout(conv_dropout))
        height = _out_size(height, kernel, padding, pool)
        width = _out_size(width, kernel, padding, pool)
        if height < 1 or width < 1:
            raise UsageError(
                f"model.channels: {len(channels)} conv blocks shrink a "
                f"{in_shape[1]}x{in_shape[2]} input to nothing; use padding: same "
                "or fewer blocks"
            )
        in_ch = out_ch
    head = build_mlp(
        in_ch * height * width, num_outputs, hidden, dropout, batch_norm=hidden_batch_norm
    )
    if flatten_dropout > 0:
        head.insert(0, nn.Dropout(flatten_dropout))
    return nn.Sequential(*layers, nn.Flatten(), *head)
