"""A small VGG (the ``cifar10-vgg`` seed): pairs of same-padded 3×3 convs with ReLU, each pair
followed by 2×2 max-pooling and dropout, then a wide dense head. With the defaults on 32×32 RGB
(32,32 | 64,64 | 128,128 → 128×4×4 = 2048 → 2500 → 1500 → 10) it has 9,176,018 parameters.

The seed's Keras model puts each stage's dropout between its two convs, not after the pool, and
drops the flattened features too: ``conv_dropout_position: between_convs`` (after every conv of a
stage but its last) and ``flatten_dropout`` reproduce it; by default dropout follows the pool."""

from __future__ import annotations

from typing import Literal

from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.models.mlp import build_mlp
from dlkit.registry import Fraction, NonEmptySizes, PositiveInt, Sizes


def _per_stage(value: float | list[float], stages: int, key: str) -> list[float]:
    values = list(value) if isinstance(value, list) else [value] * stages
    if len(values) != stages:
        raise UsageError(
            f"model.{key}: give one value or one per stage ({stages}), not {len(values)}"
        )
    return values


@MODELS.register("vgg_small")
def vgg_small(
    in_shape: list[int],
    num_outputs: int,
    channels: NonEmptySizes = [32, 32, 64, 64, 128, 128],
    convs_per_stage: PositiveInt = 2,
    conv_dropout: Fraction | list[Fraction] = [0.25, 0.25, 0.3],
    batch_norm: bool = False,
    hidden: Sizes = [2500, 1500],
    dropout: Fraction = 0.3,
    conv_dropout_position: Literal["after_pool", "between_convs"] = "after_pool",
    flatten_dropout: Fraction = 0.0,
) -> nn.Module:
    if len(channels) % convs_per_stage:
        raise UsageError(
            f"model.channels: {len(channels)} convs do not split into stages of {convs_per_stage}"
        )
    stages = len(channels) // convs_per_stage
    drops = _per_stage(conv_dropout, stages, "conv_dropout")
    in_ch, height, width = in_shape
    layers: list[nn.Module] = []
    for i, out_ch in enumerate(channels):
        layers.append(nn.Conv2d(in_ch, out_ch, 3, padding=1))
        if batch_norm:
            layers.append(nn.BatchNorm2d(out_ch))
        layers.append(nn.ReLU())
        in_ch = out_ch
        drop = drops[i // convs_per_stage]
        last_of_stage = (i + 1) % convs_per_stage == 0
        if drop > 0 and conv_dropout_position == "between_convs" and not last_of_stage:
            layers.append(nn.Dropout(drop))
        if last_of_stage:
            layers.append(nn.MaxPool2d(2))
            height, width = height // 2, width // 2
            if drop > 0 and conv_dropout_position == "after_pool":
                layers.append(nn.Dropout(drop))
    if height < 1 or width < 1:
        raise UsageError(
            f"model.channels: {stages} pooling stages shrink a "
            f"{in_shape[1]}x{in_shape[2]} input to nothing"
        )
    head = build_mlp(in_ch * height * width, num_outputs, hidden, dropout)
    if flatten_dropout > 0:
        head.insert(0, nn.Dropout(flatten_dropout))
    return nn.Sequential(*layers, nn.Flatten(), *head)
