"""LeNet-5 as in the PyTorch CIFAR-10 tutorial (the ``cifar10-lenet`` seed): two 5×5 valid convs
with ReLU and 2×2 max-pooling (3→6→16 channels), then dense 400→120→84→classes. 62,006 parameters
for 32×32 RGB inputs and 10 classes."""

from __future__ import annotations

from typing import Literal

from torch import nn

from dlkit.components import MODELS
from dlkit.errors import UsageError
from dlkit.models.mlp import ACTIVATIONS, build_mlp
from dlkit.registry import Fraction, NonEmptySizes, PositiveInt, Sizes


@MODELS.register("lenet")
def lenet(
    in_shape: list[int],
    num_outputs: int,
    channels: NonEmptySizes = [6, 16],
    kernel: PositiveInt = 5,
    hidden: Sizes = [120, 84],
    activation: Literal["relu", "tanh"] = "relu",
    dropout: Fraction = 0.0,
) -> nn.Module:
    in_ch, height, width = in_shape
    act = ACTIVATIONS[activation]
    layers: list[nn.Module] = []
    for out_ch in channels:
        layers += [nn.Conv2d(in_ch, out_ch, kernel), act(), nn.MaxPool2d(2)]
        height, width = (height - kernel + 1) // 2, (width - kernel + 1) // 2
        if height < 1 or width < 1:
            raise UsageError(
                f"model.channels: {len(channels)} conv blocks of {kernel}x{kernel} "
                f"shrink a {in_shape[1]}x{in_shape[2]} input to nothing"
            )
        in_ch = out_ch
    head = build_mlp(in_ch * height * width, num_outputs, hidden, dropout, activation)
    return nn.Sequential(*layers, nn.Flatten(), *head)
